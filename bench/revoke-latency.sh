#!/usr/bin/env bash
# Measures the revoke call (POST /api/v1/user/tokens/{id}/revoke through node A, every node having
# the token cached) with 1, 2 and 3 nodes on one PostgreSQL database, and with 3 nodes of which one
# is partitioned (its listener's PostgreSQL backend stopped with kill -STOP just before the call),
# and prints p50 and p99 in milliseconds. Needs a PostgreSQL it may create schemas in, and kill
# rights over its backends (run as root or as the postgres user on the database's machine).
#
#   LATCHKEY_TEST_PG_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' bench/revoke-latency.sh
#   REVOCATIONS=500 PARTITIONS=10 bench/revoke-latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LATCHKEY_TEST_PG_URL:?set LATCHKEY_TEST_PG_URL to a PostgreSQL JDBC URL}"
export LATCHKEY_TEST_PG_URL
mvn -B -q -o test -Dtest=RevokeLatencyBench -Dsurefire.failIfNoSpecifiedTests=false -Dlatchkey.bench=true \
    -Dlatchkey.bench.revocations="${REVOCATIONS:-200}" -Dlatchkey.bench.partitions="${PARTITIONS:-8}" 2>&1 \
    | grep -o 'REVOKE-LATENCY.*' | sed 's/^REVOKE-LATENCY //'

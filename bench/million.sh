#!/usr/bin/env bash
# The million-token figures (bench/src/main/java/org/latchkey/bench/MillionTokens.java): N live
# tokens of U accounts on PostgreSQL, COPYed into a database of their own that each run drops and
# makes again (latchkey_bench on 127.0.0.1:5432, user postgres, unless BENCH_PG_URL says otherwise),
# then the cache-miss and cache-hit latency (p50, p99), the heap per cached token, the usage
# recorder's writes per second under load, token creation per second, and the miss latency on H2
# with min(N, 100000) tokens (BENCH_H2_TOKENS).
#
#   bench/million.sh                 1,000,000 tokens of 1,000 accounts
#   bench/million.sh 200000 100      N tokens of U accounts
#   SKIP_BUILD=1 bench/million.sh    without rebuilding the jars
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-1000000}"
U="${2:-1000}"
HEAP="${BENCH_HEAP:-3g}"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "Building the main jar and installing it in the local Maven repository..." >&2
  mvn -B -q -ntp -DskipTests install
  mvn -B -q -ntp -f bench/pom.xml clean package
fi

# ParallelGC: System.gc() is a full, compacting collection, so used heap after it is what is live.
java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseParallelGC -cp bench/target/benchmarks.jar org.latchkey.bench.MillionTokens "$N" "$U"

#!/usr/bin/env bash
# Builds the main jar and the JMH benchmarks, runs them with bounded settings (about two minutes)
# and prints the ratio authenticateCacheHit / sha256Of40Bytes.
#
#   bench/jmh.sh                         all five benchmarks, with -prof gc (B/op)
#   bench/jmh.sh authenticateCacheHit    only those matching a regular expression
#   bench/jmh.sh -prof stack             any further JMH options are passed on
#   JMH_OPTS="-f 1 -wi 5 -i 10" bench/jmh.sh   other run settings than the defaults below
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS="${JMH_OPTS:--f 1 -t 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}"

echo "Building the main jar and installing it in the local Maven repository..." >&2
mvn -B -q -ntp -DskipTests install
mvn -B -q -ntp -f bench/pom.xml package

results=bench/target/jmh-result.csv
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
java -jar bench/target/benchmarks.jar $JMH_OPTS -rf csv -rff "$results" "$@"

# Score of each primary result and its B/op (gc.alloc.rate.norm) when -prof gc ran.
awk -F, '
  NR == 1 { next }
  {
    full = $1; gsub(/"/, "", full)
    name = full; sub(/:.*/, "", name); sub(/.*\./, "", name)
    if (full ~ /:gc\.alloc\.rate\.norm$/) { bytes[name] = $5; next }
    if (full ~ /:/) { next }
    score[name] = $5; order[++n] = name
  }
  END {
    printf "\n%-24s %12s %10s\n", "benchmark", "ns/op", "B/op"
    for (i = 1; i <= n; i++) {
      b = (order[i] in bytes) ? sprintf("%.0f", bytes[order[i]]) : "-"
      printf "%-24s %12.1f %10s\n", order[i], score[order[i]], b
    }
    if (("authenticateCacheHit" in score) && ("sha256Of40Bytes" in score)) {
      printf "\nauthenticateCacheHit / sha256Of40Bytes = %.2f (target: at most 3)\n",
        score["authenticateCacheHit"] / score["sha256Of40Bytes"]
    }
  }' "$results"

#!/usr/bin/env bash
# Builds the main jar and the JMH benchmarks, runs them with bounded settings (about three minutes
# with the build)
# and prints the ratio authenticateCacheHit / sha256Of40Bytes.
#
#   bench/jmh.sh                         all five benchmarks, with -prof gc (B/op)
#   bench/jmh.sh authenticateCacheHit    only those matching a regular expression
#   bench/jmh.sh -prof stack             any further JMH options are passed on
#   JMH_OPTS="-f 1 -wi 5 -i 10" bench/jmh.sh   other run settings than the defaults below
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS="${JMH_OPTS:--f 1 -t 1 -wi 3 -w 2s -i 10 -r 1s -prof gc}"

echo "Building the main jar and installing it in the local Maven repository..." >&2
mvn -B -q -ntp -DskipTests install
mvn -B -q -ntp -f bench/pom.xml clean package   # clean: recompile against the jar just installed

results=bench/target/jmh-result.csv
log=bench/target/jmh-output.txt
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
java -jar bench/target/benchmarks.jar $JMH_OPTS -rf csv -rff "$results" "$@" | tee "$log"

# The best measured iteration of each benchmark: on a machine shared with other work, a
# benchmark thread that loses its core for a while inflates the mean, much less the best.
best="$(awk '
  /^# Benchmark:/ { name = $3; sub(/.*\./, "", name) }
  /^Iteration / && name != "" { v = $3 + 0; if (!(name in best) || v < best[name]) best[name] = v }
  END { for (n in best) print n, best[n] }' "$log")"

# Score (mean) and best iteration of each benchmark, and B/op (gc.alloc.rate.norm) when -prof gc ran.
awk -F, -v best="$best" '
  BEGIN { n = split(best, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, " "); min[f[1]] = f[2] } }
  NR == 1 { next }
  {
    full = $1; gsub(/"/, "", full)
    name = full; sub(/:.*/, "", name); sub(/.*\./, "", name)
    if (full ~ /:gc\.alloc\.rate\.norm$/) { bytes[name] = $5; next }
    if (full ~ /:/) { next }
    score[name] = $5; order[++count] = name
  }
  END {
    printf "\n%-24s %12s %12s %8s\n", "benchmark", "mean ns/op", "best ns/op", "B/op"
    for (i = 1; i <= count; i++) {
      b = order[i]
      printf "%-24s %12.1f %12.1f %8s\n", b, score[b], min[b], (b in bytes) ? sprintf("%.0f", bytes[b]) : "-"
    }
    if (("authenticateCacheHit" in score) && ("sha256Of40Bytes" in score)) {
      printf "\nauthenticateCacheHit / sha256Of40Bytes = %.2f by the means, %.2f by the best iterations (target: at most 2.5)\n",
        score["authenticateCacheHit"] / score["sha256Of40Bytes"], min["authenticateCacheHit"] / min["sha256Of40Bytes"]
    }
  }' "$results"

#!/usr/bin/env bash
# Measures what push protection costs: the first push of a repository of two commits (10,000
# files, then a large file of LARGE_MIB, 100 MiB of text) and tags (two annotated, one lightweight),
# timed against two servers that differ only in --push-protection, alternating runs to reduce drift.
# Prints the median of each and their ratio (with / without), by wall-clock time and by the
# server's CPU time (steadier on a busy machine). Loopback only, bounded runs.
#
#   bench/push-protection.sh
#   FILES=2000 LARGE_MIB=10 RUNS=3 bench/push-protection.sh     (quick)
#   JAR=/other/latchkey.jar bench/push-protection.sh           (another build)
set -euo pipefail
cd "$(dirname "$0")/.."

FILES=${FILES:-10000}
LARGE_MIB=${LARGE_MIB:-100}
RUNS=${RUNS:-5}
JAR=${JAR:-target/latchkey.jar}
command -v git >/dev/null || { echo "git is needed" >&2; exit 1; }
[ "$JAR" != target/latchkey.jar ] || [ -f "$JAR" ] || mvn -q -DskipTests package

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_server() { # name protection -> sets BASE and PID (not in a subshell, so cleanup knows the pid)
  local name=$1 protection=$2 port
  port=$(free_port)
  java -jar "$JAR" serve --data "$work/$name" --port "$port" --push-protection "$protection" \
    --rate-limit-per-hour 0 >"$work/$name.log" 2>&1 &
  pids+=($!)
  PID=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  BASE="http://127.0.0.1:$port"
}

json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

token_for() { # base name -> token with repo scope
  local base=$1 name=$2 session
  session=$(curl -sf -X POST "$base/api/v1/session" \
    -d "{\"username\":\"admin\",\"password\":\"$(cat "$work/$name/initial-admin-password")\"}" | json token)
  curl -sf -X POST "$base/api/v1/user/tokens" -H "Authorization: token $session" \
    -d '{"name":"bench","scopes":["repo"],"expires_in_days":7}' | json token
}

repo_url() { # base token name -> authenticated clone URL of a fresh private repository
  local base=$1 token=$2 name=$3
  curl -sf -X POST "$base/api/v1/user/repos" -H "Authorization: token $token" -d "{\"name\":\"$name\"}" >/dev/null
  echo "${base/http:\/\//http://x:$token@}/admin/$name.git"
}

echo "Preparing a repository with $FILES files, a $LARGE_MIB MiB file and three tags..."
tree="$work/tree"
mkdir -p "$tree"
git -C "$tree" init -q -b main
python3 - "$tree" "$FILES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "src", str(i % 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i}.txt"), "w") as f:
        f.write(f"line one of file {i}\nsome configuration value = {i * 7919}\n" * 20)
PY
as_bench() { git -C "$tree" -c user.name=bench -c user.email=bench@example.com "$@"; }
as_bench add -A
as_bench commit -qm "$FILES files"
as_bench tag -a -m "first release" v1.0
python3 - "$tree/data/large.txt" "$LARGE_MIB" <<'PY'
import base64, os, random, sys
os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)
rng = random.Random(7)
with open(sys.argv[1], "w") as f:  # text like a log or a data dump: base64 lines, 100 KiB at a time
    for _ in range(int(sys.argv[2]) * 10):
        raw = rng.randbytes(76800)
        f.write("\n".join(base64.b64encode(raw[i:i + 57]).decode() for i in range(0, len(raw), 57)) + "\n")
PY
as_bench add -A
as_bench commit -qm "a large file"
as_bench tag -a -m "second release" v2.0
as_bench tag latest

start_server with true
with=$BASE with_pid=$PID
start_server without false
without=$BASE without_pid=$PID
with_token=$(token_for "$with" with)
without_token=$(token_for "$without" without)

cpu_seconds() { awk -v tps="$(getconf CLK_TCK)" '{ print ($14 + $15) / tps }' "/proc/$1/stat"; }

push_seconds() { # url server-pid -> "seconds server-CPU-seconds"
  local start end cpu
  cpu=$(cpu_seconds "$2")
  start=$(date +%s.%N)
  git -C "$tree" push -q "$1" main --tags 2>/dev/null
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f} {$(cpu_seconds "$2") - $cpu:.2f}')"
}

with_times=(); without_times=()
for run in $(seq 1 "$RUNS"); do
  without_times+=("$(push_seconds "$(repo_url "$without" "$without_token" "r$run")" "$without_pid")")
  with_times+=("$(push_seconds "$(repo_url "$with" "$with_token" "r$run")" "$with_pid")")
  echo "run $run (seconds, server CPU seconds): without ${without_times[-1]}, with ${with_times[-1]}"
done

python3 - "${with_times[*]}" "${without_times[*]}" <<'PY'
import statistics, sys
(wall_with, cpu_with), (wall_without, cpu_without) = [
    [list(map(float, a.split()))[i::2] for i in (0, 1)] for a in sys.argv[1:3]]
mw, mo = statistics.median(wall_with), statistics.median(wall_without)
cw, co = statistics.median(cpu_with), statistics.median(cpu_without)
print(f"first push of the repository with tags and a large file, median of {len(wall_with)}:"
      f" with push protection {mw:.3f} s, without {mo:.3f} s, ratio {mw / mo:.2f};"
      f" server CPU with {cw:.2f} s, without {co:.2f} s, ratio {cw / co:.2f}")
PY

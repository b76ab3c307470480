#!/usr/bin/env bash
# Times Latchkey's git over HTTP against C git's own server (`git http-backend` under Debian's
# fcgiwrap, behind nginx with Basic auth from an htpasswd file), side by side in one run:
#   first push   the whole history of main into an empty repository (a fresh one each time)
#   clone        `git clone --mirror` of that repository (no checkout: the transfer only)
#   fetch        a no-op `git fetch` in that clone
#   push 100     100 commits on top of main touching 200 existing files (main is put back after)
# Latchkey runs twice, with push protection on and off; the peer is the same for both. Each case
# runs REPS times, the three servers in turn; the medians and their ratios to the peer are printed,
# by wall-clock time and by the servers' CPU time (steadier on a busy machine; the client's own
# work, such as packing objects for a push, is in the first and not in the second).
# Everything listens on 127.0.0.1 on free ports; all files live in a temporary directory.
#
#   bench/git-peer.sh                    a generated history shaped like libgit2's (16,450
#                                        commits, ~112,000 objects, ~37 MiB pack; made once, cached)
#   COMMITS=1500 REPS=3 bench/git-peer.sh   quick mode, about a minute
#   REPO=/path/to/any/repo bench/git-peer.sh   a real repository (its HEAD is pushed as main)
#   JAR=/other/latchkey.jar bench/git-peer.sh  another build (the default is built if missing)
#   PROFILE=/tmp/prof bench/git-peer.sh  Java Flight Recorder files of both servers, on.jfr and
#                                        off.jfr; bench/jfr-top.py FILE.jfr says where time went
# Needs nginx and fcgiwrap (`apt-get install nginx fcgiwrap`; installed when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

COMMITS=${COMMITS:-16450}
REPO=${REPO:-}
REPS=${REPS:-3}
JAR=${JAR:-target/latchkey.jar}
PROFILE=${PROFILE:-}
CACHE=${CACHE:-${TMPDIR:-/tmp}/latchkey-bench-repos}
bench=$(pwd)/bench

need_packages() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v fcgiwrap >/dev/null 2>&1 || [ -x /usr/sbin/fcgiwrap ] || missing+=(fcgiwrap)
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "git-peer.sh needs ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (Debian packages)..." >&2
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
  # Debian starts the packaged nginx on port 80; this script runs its own instance.
  systemctl disable --now nginx >/dev/null 2>&1 || service nginx stop >/dev/null 2>&1 || true
}
need_packages
export PATH="$PATH:/usr/sbin"
for tool in git curl python3 openssl java; do
  command -v "$tool" >/dev/null || { echo "git-peer.sh needs $tool" >&2; exit 1; }
done
backend="$(git --exec-path)/git-http-backend"
if [ "$JAR" = target/latchkey.jar ] && [ ! -f "$JAR" ]; then
  echo "Building $JAR..." >&2
  mvn -B -q -ntp -DskipTests package
fi

work=$(mktemp -d -t latchkey-git-peer.XXXXXX)
[ -z "$PROFILE" ] || { mkdir -p "$PROFILE" && PROFILE=$(cd "$PROFILE" && pwd); }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- the repository to push: main, and bench-next (100 commits on top of main) ------------------
if [ -n "$REPO" ]; then
  src="$work/source.git"
  echo "Copying $REPO..."
  git clone -q --bare "$REPO" "$src"
  git -C "$src" update-ref refs/heads/main HEAD
  python3 "$bench/gen-repo.py" on-top "$src" main 100 200 | git -C "$src" fast-import --quiet
else
  src="$CACHE/generated-$COMMITS.git"
  if [ ! -f "$src/ready" ]; then
    echo "Generating a history of $COMMITS commits in $src (once; kept for later runs)..."
    rm -rf "$src" && mkdir -p "$CACHE" && git init -q --bare "$src"
    python3 "$bench/gen-repo.py" history "$COMMITS" | git -C "$src" fast-import --quiet
    git -C "$src" repack -adfq
    python3 "$bench/gen-repo.py" on-top "$src" main 100 200 | git -C "$src" fast-import --quiet
    touch "$src/ready"
  fi
fi
git -C "$src" symbolic-ref HEAD refs/heads/main
echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "Repository: $(git -C "$src" rev-list --count main) commits on main," \
  "$(git -C "$src" rev-list --objects main | wc -l) objects," \
  "$(du -sm "$src/objects" | cut -f1) MiB of objects;" \
  "bench-next: $(git -C "$src" rev-list --count main..bench-next) commits," \
  "$(git -C "$src" diff --name-only main bench-next | wc -l) files changed"

# --- Latchkey, with and without push protection ------------------------------------------------
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

start_latchkey() { # name protection -> sets LATCHKEY_URL (with the token as Basic password), LATCHKEY_PID
  local name=$1 data="$work/$1" port password session token
  port=$(free_port)
  local profile=()
  [ -z "$PROFILE" ] || profile=("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$PROFILE/$name.jfr")
  java "${profile[@]}" -jar "$JAR" serve --data "$data" --bind 127.0.0.1 --port "$port" \
    --push-protection "$2" --rate-limit-per-hour 0 >"$work/$name.log" 2>&1 &
  pids+=($!)
  LATCHKEY_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  password=$(tr -d '\n' <"$data/initial-admin-password")
  session=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" | json_field token)
  token=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/user/tokens" -H "Authorization: token $session" \
    -H 'Content-Type: application/json' \
    -d '{"name":"bench","scopes":["repo","workflow"],"expires_in_days":7}' | json_field token)
  LATCHKEY_URL="http://admin:$token@127.0.0.1:$port"
}

new_latchkey_repo() { # base-url name -> clone URL of a new private repository
  local base=$1 token=${1#*admin:}
  token=${token%@*}
  curl -fsS -X POST "http://${base#*@}/api/v1/user/repos" -H "Authorization: token $token" \
    -H 'Content-Type: application/json' -d "{\"name\":\"$2\"}" >/dev/null
  echo "$base/admin/$2.git"
}

# --- the peer: nginx, Basic auth, fcgiwrap, git http-backend -----------------------------------
start_peer() { # -> sets PEER_URL, PEER_PIDS
  local port password dir="$work/nginx"
  port=$(free_port)
  password=$(openssl rand -hex 16)
  mkdir -p "$dir" "$work/peer"
  printf 'bench:%s\n' "$(openssl passwd -apr1 "$password")" >"$dir/htpasswd"
  # fcgiwrap does not collect its children's CPU time, so a wrapper adds up what each request used.
  cat >"$dir/backend.sh" <<EOF
#!/bin/bash
$backend
status=\$?
times >$dir/times.\$\$
awk 'NR == 2 { gsub(/[ms]/, " "); print int((\$1 * 60 + \$2 + \$3 * 60 + \$4) * 1000) }' $dir/times.\$\$ >>$dir/cpu-ms
rm -f $dir/times.\$\$
exit \$status
EOF
  chmod +x "$dir/backend.sh"
  echo 0 >"$dir/cpu-ms"
  fcgiwrap -s "unix:$dir/fcgiwrap.sock" &
  pids+=($!)
  PEER_PIDS="$!"
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  fastcgi_temp_path $dir/fastcgi;
  proxy_temp_path $dir/proxy;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:$port;
    location / {
      auth_basic "git";
      auth_basic_user_file $dir/htpasswd;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $dir/backend.sh;
      fastcgi_param GIT_PROJECT_ROOT $work/peer;
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param REMOTE_USER \$remote_user;
      fastcgi_param PATH_INFO \$uri;
      fastcgi_pass unix:$dir/fcgiwrap.sock;
    }
  }
}
EOF
  nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" &
  pids+=($!)
  PEER_PIDS="$PEER_PIDS $!"
  for _ in $(seq 1 40); do
    [ -S "$dir/fcgiwrap.sock" ] && curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.25
  done
  PEER_URL="http://bench:$password@127.0.0.1:$port"
}

new_peer_repo() { # base-url name -> clone URL of a new repository
  git init -q --bare "$work/peer/$2.git"
  echo "$1/$2.git"
}

start_latchkey on true
on_url=$LATCHKEY_URL on_pids=$LATCHKEY_PID
start_latchkey off false
off_url=$LATCHKEY_URL off_pids=$LATCHKEY_PID
start_peer
peer_url=$PEER_URL peer_pids=$PEER_PIDS

# --- the runs -----------------------------------------------------------------------------------
results="$work/results"
: >"$results"
server_cpu_ms() { # side -> CPU milliseconds used so far by its server processes (and for the peer, by git)
  local pids_var="${1}_pids" ms=0
  # shellcheck disable=SC2086
  for pid in ${!pids_var}; do
    ms=$(( ms + $(awk -v tps="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / tps) }' "/proc/$pid/stat") ))
  done
  [ "$1" != peer ] || ms=$(( ms + $(awk '{ t += $1 } END { print t }' "$work/nginx/cpu-ms") ))
  echo "$ms"
}
timed() { # case side command... -> appends "case side milliseconds server-CPU-milliseconds" to the results
  local name=$1 side=$2 start end cpu
  shift 2
  cpu=$(server_cpu_ms "$side")
  start=$(date +%s%N)
  "$@" >"$work/last.out" 2>&1 || { cat "$work/last.out" >&2; echo "$name on $side failed" >&2; exit 1; }
  end=$(date +%s%N)
  cpu=$(( $(server_cpu_ms "$side") - cpu ))
  echo "$name $side $(( (end - start) / 1000000 )) $cpu" >>"$results"
  printf '  %-12s %-5s %8.3f s, server CPU %7.3f s\n' "$name" "$side" "$(( end - start ))e-9" "${cpu}e-3"
}
sides="peer on off"
url_of() { case $1 in peer) echo "$peer_url" ;; on) echo "$on_url" ;; off) echo "$off_url" ;; esac; }
new_repo() { if [ "$1" = peer ]; then new_peer_repo "$peer_url" "$2"; else new_latchkey_repo "$(url_of "$1")" "$2"; fi; }

declare -A first_repo
for run in $(seq 1 "$REPS"); do
  echo "first push, run $run of $REPS"
  for side in $sides; do
    url=$(new_repo "$side" "r$run")
    [ "$run" = 1 ] && first_repo[$side]=$url
    timed "first-push" "$side" git -C "$src" push -q "$url" main
  done
done
for run in $(seq 1 "$REPS"); do
  echo "clone and no-op fetch, run $run of $REPS"
  for side in peer on; do
    rm -rf "$work/clone-$side"
    timed "clone" "$side" git clone -q --mirror "${first_repo[$side]}" "$work/clone-$side"
    timed "no-op-fetch" "$side" git -C "$work/clone-$side" fetch -q
  done
done
for run in $(seq 1 "$REPS"); do
  echo "push of 100 commits, run $run of $REPS"
  for side in $sides; do
    timed "push-100" "$side" git -C "$src" push -q "${first_repo[$side]}" bench-next:main
    git -C "$src" push -q -f "${first_repo[$side]}" main:main >/dev/null 2>&1
  done
done

echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" <<'PY'
import collections, statistics, sys
times, cpu = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    case, side, ms, cpu_ms = line.split()
    times[case, side].append(int(ms) / 1000)
    cpu[case, side].append(int(cpu_ms) / 1000)
rows = [("first push, protection on", "first-push", "on"), ("first push, protection off", "first-push", "off"),
        ("clone --mirror", "clone", "on"), ("no-op fetch", "no-op-fetch", "on"),
        ("push of 100 commits, protection on", "push-100", "on"),
        ("push of 100 commits, protection off", "push-100", "off")]
print(f"\nmedians of {len(times['first-push', 'peer'])} runs (Latchkey / peer: C git http-backend behind nginx)")
print("| case | Latchkey s | peer s | ratio | server CPU s, Latchkey / peer | CPU ratio |")
print("|---|---:|---:|---:|---:|---:|")
for label, case, side in rows:
    ours, peer = statistics.median(times[case, side]), statistics.median(times[case, "peer"])
    ours_cpu, peer_cpu = statistics.median(cpu[case, side]), statistics.median(cpu[case, "peer"])
    cpu_ratio = f"{ours_cpu / peer_cpu:.1f}×" if peer_cpu else "-"
    print(f"| {label} | {ours:.2f} | {peer:.2f} | {ours / peer:.1f}× | {ours_cpu:.3f} / {peer_cpu:.3f} | {cpu_ratio} |")
PY

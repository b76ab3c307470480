#!/usr/bin/env bash
# Starts Latchkey on a free loopback port with a fresh data directory, signs in as the first
# admin, creates a classic token, then drives GET /health and GET /api/v1/user (with the token)
# with wrk in turn (health, user, health, user, ...) and prints the requests per second of both
# and their ratio. Bounded in time: a warm-up of WARMUP per endpoint, then ROUNDS rounds of
# DURATION per endpoint (about 100 s with the defaults). Stops the server on exit.
#
#   bench/load.sh
#   DURATION=30s ROUNDS=3 CONNECTIONS=64 bench/load.sh
#   JAR=/some/other/latchkey.jar bench/load.sh      (compare builds; the default is built only if missing)
#   AUTHED=/api/v1/auth/check bench/load.sh         (another authenticated GET in place of /api/v1/user)
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-10s}"
ROUNDS="${ROUNDS:-2}"
JAR="${JAR:-target/latchkey.jar}"
AUTHED="${AUTHED:-/api/v1/user}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is missing: installing the Debian package" >&2
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
command -v curl >/dev/null 2>&1 || { echo "load.sh needs curl" >&2; exit 1; }
if [ "$JAR" = target/latchkey.jar ] && [ ! -f "$JAR" ]; then
  echo "Building $JAR..." >&2
  mvn -B -q -ntp -DskipTests package
fi

data="$(mktemp -d -t latchkey-load.XXXXXX)"
log="$data.log"
server=""
stop() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$data" "$log"
}
trap stop EXIT

# Port 0: the system picks a free port, which the server names in its log.
java -jar "$JAR" serve --data "$data" --bind 127.0.0.1 --port 0 --rate-limit-per-hour 0 >"$log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 120); do
  port="$(grep -o 'serving on http://127\.0\.0\.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
  [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "the server did not start" >&2; exit 1; }
  sleep 0.5
done
[ -n "$port" ] || { cat "$log" >&2; echo "the server did not answer within 60 s" >&2; exit 1; }
base="http://127.0.0.1:$port"

json_field() { # the string value of one field of a flat JSON object
  grep -o "\"$1\" *: *\"[^\"]*\"" | sed 's/.*"\([^"]*\)"$/\1/'
}
password="$(tr -d '\n' <"$data/initial-admin-password")"
session="$(curl -fsS -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" | json_field token)"
token="$(curl -fsS -X POST "$base/api/v1/user/tokens" -H "Authorization: token $session" \
  -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["repo"],"expires_in_days":7}' | json_field token)"
case "$token" in lkp_*) ;; *) echo "could not create a token" >&2; exit 1 ;; esac
curl -fsS "$base$AUTHED" -H "Authorization: token $token" >/dev/null

ticks_per_second="$(getconf CLK_TCK)"
server_cpu_ticks() { # user + system time of the server process so far
  awk '{ print $14 + $15 }' "/proc/$server/stat"
}

# One wrk run: prints "requests/s requests server-CPU-ticks"; fails if any answer was not 2xx
# (a 401 would measure the wrong thing).
run() { # duration path [header]
  local out before after
  before="$(server_cpu_ticks)"
  if [ $# -ge 3 ]; then
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" -H "$3" "$base$2")"
  else
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" "$base$2")"
  fi
  after="$(server_cpu_ticks)"
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "$out" >&2
    echo "$2 answered with errors" >&2
    exit 1
  fi
  awk -v cpu="$((after - before))" '/ requests in / { n = $1 } /^Requests\/sec:/ { r = $2 } END { print r, n, cpu }' <<<"$out"
}

echo "wrk -t$THREADS -c$CONNECTIONS on $base; warm-up $WARMUP per endpoint, then $ROUNDS x $DURATION each"
run "$WARMUP" /health >/dev/null
run "$WARMUP" "$AUTHED" "Authorization: token $token" >/dev/null
results="$data/results"
for round in $(seq 1 "$ROUNDS"); do
  echo "health $(run "$DURATION" /health)" >>"$results"
  echo "user $(run "$DURATION" "$AUTHED" "Authorization: token $token")" >>"$results"
  tail -n 2 "$results" | awk -v round="$round" -v tps="$ticks_per_second" -v authed="$AUTHED" '
    { printf "round %d: GET %-18s %8.0f req/s  %6.1f us server CPU per request\n", round,
        ($1 == "health" ? "/health" : authed), $2, 1e6 * $4 / tps / $3 }'
done
# Requests/s is what the target names. On a machine busy with other work it swings from run to
# run; the server's CPU time per request is steadier, so it is shown beside it.
awk -v tps="$ticks_per_second" -v authed="$AUTHED" '
  { rps[$1] += $2; n[$1]++; req[$1] += $3; cpu[$1] += $4 }
  END {
    h = rps["health"] / n["health"]; u = rps["user"] / n["user"]
    hc = 1e6 * cpu["health"] / tps / req["health"]; uc = 1e6 * cpu["user"] / tps / req["user"]
    printf "\nGET /health        %8.0f req/s  %6.1f us server CPU per request (mean of %d runs)\n", h, hc, n["health"]
    printf "GET %-18s %8.0f req/s  %6.1f us server CPU per request (mean of %d runs)\n", authed, u, uc, n["user"]
    printf "%s / health  %8.3f of the requests/s (target: at least 0.9)\n", authed, u / h
    printf "                   %8.3f by server CPU per request (health / user)\n", hc / uc
  }' "$results"

#!/usr/bin/env bash
# POST /consent latency at 64 concurrent connections on the demo (each decision fsync'ed to its consent log before
# the answer), against GET /consent on the same server in the same run. wrk (Debian package) on loopback shares the
# machine's cores with the server. Prints wrk's latency distribution for each, alternating, 3 rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f demo-webapp/target/consentgate-demo.jar ] || mvn -q -B -ntp -pl demo-webapp -am package -DskipTests
data=$(mktemp -d)
port=${PORT:-18181}
java -jar demo-webapp/target/consentgate-demo.jar --port "$port" --data-dir "$data" >"$data/demo.log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null; wait $demo 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/consent" >/dev/null 2>&1 && break; sleep 0.2; done
cat >"$data/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"granted":["analytics"]}'
wrk.headers["Content-Type"] = "application/json"
LUA
url="http://127.0.0.1:$port/consent"
# Warm-up: C2 compiling on 2 busy cores takes tens of seconds; 5 s left round 1 at a third of rounds 2-3 (GET too).
warm=${WARM_UP_SECONDS:-20}
wrk -t2 -c64 -d"${warm}s" "$url" >/dev/null
wrk -t2 -c64 -d"${warm}s" -s "$data/post.lua" "$url" >/dev/null
for round in 1 2 3; do
    echo "round $round: GET /consent (baseline)"
    wrk -t2 -c64 -d10s --latency "$url" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
    echo "round $round: POST /consent (durable)"
    wrk -t2 -c64 -d10s --latency -s "$data/post.lua" "$url" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
done
echo "consent log records: $(cat "$data"/consent-log/consents-*.jsonl | wc -l)"

#!/usr/bin/env bash
# What the consent filter costs a site: the demo with the filter against the same demo with --no-consent-filter,
# loaded alternately with wrk (Debian package) on loopback, ROUNDS interleaved rounds (default 5). Prints each
# round, then the median throughput ratio (filter / no filter; goal >= 0.98) and the p99 added (goal <= 5 %).
#
# The load is a repeat visitor's page view: GET / with a realistic 10-cookie header (a session, a valid signed
# consent cookie that accepted all categories, _ga/_gid/_fbp/IDE, a language, a CMP cookie, two app cookies). The
# home page sets five cookies of its own, so on every request the filter resolves consent, classifies and lets
# through the app's Set-Cookies, adds its CSP, caching and Vary headers, and writes a tracking record with every
# field (the visitor allowed them all). Accepting all keeps the load steady: a visitor who refused a category would
# get expiry headers for the refused cookies wrk keeps sending, which a browser would have dropped after one page.
#
#   bash benchmarks/filter-overhead-wrk.sh            # ROUNDS=5 SECONDS_PER_RUN=10 CONNECTIONS=32 by default
#   ROUNDS=7 SECONDS_PER_RUN=15 bash benchmarks/filter-overhead-wrk.sh
#   WARM_UP_LIGHT_SECONDS=30 WARM_UP_SECONDS=60 ...  # warm-up at 1 connection, then at full load (30 s, 30 s)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
rounds=${ROUNDS:-5}
seconds=${SECONDS_PER_RUN:-10}
connections=${CONNECTIONS:-32}
jar=demo-webapp/target/consentgate-demo.jar
[ -f "$jar" ] || mvn -q -B -ntp -pl demo-webapp -am package -DskipTests

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

start() { # name port extra-args...
    local name=$1 port=$2; shift 2
    mkdir -p "$work/$name"
    java -Xms256m -Xmx256m -jar "$jar" --port "$port" --data-dir "$work/$name" "$@" >"$work/$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/" && return 0
        sleep 0.2
    done
    echo "$name did not start:" >&2; cat "$work/$name.log" >&2; exit 1
}
with_port=${PORT_WITH:-18281}
without_port=${PORT_WITHOUT:-18282}
start with "$with_port"
start without "$without_port" --no-consent-filter

# A session on each server, so neither creates one per request, and a real consent cookie from the filtered one.
session() { curl -fs -D - -o /dev/null "http://127.0.0.1:$1/" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(JSESSIONID=[^;]*\).*/\1/p' | head -1; }
consent=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' -H 'Sec-Fetch-Site: same-origin' \
    --data '{"action":"accept-all"}' "http://127.0.0.1:$with_port/consent" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(consentgate=[^;]*\).*/\1/p')
[ -n "$consent" ] || { echo "no consent cookie from the filtered demo" >&2; exit 1; }
others="_ga=GA1.1.987654321.1764000000; _gid=GA1.1.1234567890.1764000000; _fbp=fb.1.1764000000000.123456789; IDE=AHWqTUm3demo; lang=en; OptanonConsent=isGpcEnabled=0&datestamp=Tue+Nov+25+2026&version=202411.1.0&groups=C0001%3A1%2CC0002%3A1; cart=3f9a1c; theme=dark"
cookie_with="$(session "$with_port"); $consent; $others"
cookie_without="$(session "$without_port"); $consent; $others"

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
    local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.timeout
    io.write(string.format("RESULT %.1f %.0f %.0f %d %d\n", summary.requests / (summary.duration / 1e6),
        latency:percentile(50), latency:percentile(99), summary.requests, bad))
end
LUA
load() { # port cookie seconds [connections] -> "RESULT rps p50us p99us requests errors"
    local c=${4:-$connections}
    wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"$3s" -H "Cookie: $2" -H "Accept-Language: en" \
        -H "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36" \
        -s "$work/report.lua" "http://127.0.0.1:$1/" | grep '^RESULT'
}

# Warm-up: first one connection, which leaves a core free for the JIT compiler threads, then full load. Under full
# load from the start, C2 is starved on 2 cores and was still compiling (and costing 10-20 µs of CPU per request)
# after 60 s; a server in production has long reached that steady state, which is what this compares.
light=${WARM_UP_LIGHT_SECONDS:-30}
echo "warming up both: ${light} s at 1 connection, then ${WARM_UP_SECONDS:-30} s at $connections ..."
load "$with_port" "$cookie_with" "$light" 1 >/dev/null
load "$without_port" "$cookie_without" "$light" 1 >/dev/null
load "$with_port" "$cookie_with" "${WARM_UP_SECONDS:-30}" >/dev/null
load "$without_port" "$cookie_without" "${WARM_UP_SECONDS:-30}" >/dev/null

results="$work/results"
: >"$results"
printf "%-6s %-18s %12s %10s %10s %8s\n" round demo "requests/s" "p50 ms" "p99 ms" errors
for round in $(seq "$rounds"); do
    # Alternate which goes first, so neither always runs on a machine the other just warmed or heated.
    if (( round % 2 )); then order="with without"; else order="without with"; fi
    for name in $order; do
        if [ "$name" = with ]; then r=$(load "$with_port" "$cookie_with" "$seconds");
        else r=$(load "$without_port" "$cookie_without" "$seconds"); fi
        read -r _ rps p50 p99 n errors <<<"$r"
        echo "$round $name $rps $p50 $p99 $errors" >>"$results"
        awk -v r="$round" -v n="$name" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v e="$errors" \
            'BEGIN { printf "%-6s %-18s %12.0f %10.2f %10.2f %8d\n", r, n, rps, p50 / 1000, p99 / 1000, e }' 
    done
done

python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
by = {}
for rnd, name, rps, p50, p99, errors in rows:
    by.setdefault(rnd, {})[name] = (float(rps), float(p99), int(errors))
ratios = [r["with"][0] / r["without"][0] for r in by.values()]
p99_with = statistics.median(r["with"][1] for r in by.values())
p99_without = statistics.median(r["without"][1] for r in by.values())
errors = sum(r["with"][2] + r["without"][2] for r in by.values())
print(f"median throughput ratio, filter / no filter: {statistics.median(ratios):.3f} "
      f"(rounds: {', '.join(f'{x:.3f}' for x in ratios)}; goal >= 0.98)")
print(f"median p99: {p99_with / 1000:.2f} ms with the filter, {p99_without / 1000:.2f} ms without: "
      f"{(p99_with / p99_without - 1) * 100:+.1f} % (goal <= +5 %)")
print(f"non-2xx answers and socket errors: {errors}")
PY

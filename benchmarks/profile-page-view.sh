#!/usr/bin/env bash
# Where a page view's CPU goes, with the filter or without: starts the demo, warms it up to steady state, samples it
# with async-profiler while wrk loads it with the page view of filter-overhead-wrk.sh, and prints the CPU per
# request by part (the page's output write, Jetty, the filter's steps, the tracking record, the banner's tags).
#
#   bash benchmarks/profile-page-view.sh                      # with the filter
#   bash benchmarks/profile-page-view.sh --no-consent-filter  # the baseline
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler). These VMs have no hardware counters, so
# it samples with event=itimer, which the kernel ticks at its own rate (4 ms here, whatever interval is asked for):
# the breakdown is scaled to the CPU time /proc counts over the same seconds, so read shares, not sample counts.
# WARM_UP_LIGHT_SECONDS (30) at one connection, then WARM_UP_SECONDS (60) at 4, then PROFILE_SECONDS (20) profiled;
# PROFILE_OUT=file keeps the collapsed stacks.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
jar=demo-webapp/target/consentgate-demo.jar
[ -f "$jar" ] || mvn -q -B -ntp -pl demo-webapp -am package -DskipTests
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

version=3.0
mvn -q -B -ntp dependency:copy -Dartifact="tools.profiler:async-profiler:$version" -DoutputDirectory="$work" >&2
unzip -q -o "$work/async-profiler-$version.jar" 'linux-x64/*' -d "$work/ap"
lib="$work/ap/linux-x64/libasyncProfiler.so"

port=${PORT:-18283}
java -Xms256m -Xmx256m -jar "$jar" --port "$port" --data-dir "$work/data" "$@" >"$work/demo.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
session=$(curl -fs -D - -o /dev/null "http://127.0.0.1:$port/" | tr -d '\r' \
    | sed -n 's/^[Ss]et-[Cc]ookie: \(JSESSIONID=[^;]*\).*/\1/p' | head -1)
consent=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' -H 'Sec-Fetch-Site: same-origin' \
    --data '{"action":"accept-all"}' "http://127.0.0.1:$port/consent" 2>/dev/null | tr -d '\r' \
    | sed -n 's/^[Ss]et-[Cc]ookie: \(consentgate=[^;]*\).*/\1/p' || true)
others="_ga=GA1.1.987654321.1764000000; _gid=GA1.1.1234567890.1764000000; _fbp=fb.1.1764000000000.123456789; IDE=AHWqTUm3demo; lang=en; OptanonConsent=isGpcEnabled=0&datestamp=Tue+Nov+25+2026&version=202411.1.0&groups=C0001%3A1%2CC0002%3A1; cart=3f9a1c; theme=dark"
load() { # connections seconds
    wrk -t1 -c"$1" -d"$2s" -H "Cookie: $session; ${consent:-consentgate=none}; $others" -H "Accept-Language: en" \
        -H "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36" \
        "http://127.0.0.1:$port/"
}
echo "warming up: ${WARM_UP_LIGHT_SECONDS:-30} s at 1 connection, ${WARM_UP_SECONDS:-60} s at 4 ..." >&2
load 1 "${WARM_UP_LIGHT_SECONDS:-30}" >/dev/null
load 4 "${WARM_UP_SECONDS:-60}" >/dev/null
# The quotes inside keep jcmd from splitting the agent's options.
jcmd "$pid" JVMTI.agent_load "$lib" '"start,event=itimer,interval=1000000"' >/dev/null
before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
requests=$(load 4 "${PROFILE_SECONDS:-20}" | awk '/requests in/ {print $1}')
after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,collapsed,file=$work/profile.txt\"" >/dev/null
[ -z "${PROFILE_OUT:-}" ] || cp "$work/profile.txt" "$PROFILE_OUT" # collapsed stacks, for a flame graph

python3 - "$work/profile.txt" "$requests" "$(( (after - before) * 10000 ))" <<'PY'
import collections, sys
path, requests, cpu_us = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def part(frames):
    s = ";".join(frames)
    if "SiteServlet.doGet" in s:
        page = s[s.index("SiteServlet.doGet"):]
        if "OutputStream.write" in page:
            return "page: writing the response (Jetty, the socket)"
        if "setTrackingCookies" in page:
            return "page: setting its cookies and headers"
        if "dev/consentgate/servlet" in page:
            return "page: banner and gated tags (ConsentTags)"
        return "page: rendering"
    if "ConsentFilter.doFilter" in s:
        for step, name in [("RequestTracking.emit", "tracking record"), ("Csp.", "CSP header and nonce"),
                           ("Enforcer.resolve", "consent resolution"), ("CookieHeaders.parseAll", "Cookie header pairs"),
                           ("Enforcer.expiryHeaders", "expiry of refused cookies"),
                           ("Enforcer.countUnclassified", "unclassified cookie count"),
                           ("writeCachingHeaders", "Vary and Cache-Control")]:
            if step in s:
                return "filter: " + name
        return "filter: the rest"
    if "HttpConnection" in s or "ManagedSelector" in s or "SelectableChannelEndPoint" in s or "ServletChannel" in s:
        return "Jetty: connection, parsing, dispatch"
    if "thread_native_entry" in frames[0] or "start_thread" in frames[0]:
        return "JVM threads (JIT, GC)"
    if "QueuedThreadPool" in s or "pthread_cond" in s or "futex" in s or "Unsafe.park" in s:
        return "Jetty: threads handing work to each other (park, unpark)"
    return "other"

parts, total = collections.Counter(), 0
for line in open(path):
    stack, _, n = line.rstrip().rpartition(" ")
    total += int(n)
    parts[part(stack.split(";"))] += int(n)
print(f"{requests} requests, {cpu_us / requests:.0f} µs of CPU per request (/proc), {total} samples")
for name, n in parts.most_common():
    print(f"  {n * cpu_us / total / requests:7.1f} µs  {n * 100 / total:5.1f} %  {name}")
PY

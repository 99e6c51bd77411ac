#!/usr/bin/env bash
# runs.sh — forecast runs in the server, on the demo shop (about 150 products, two years):
#   1. the shop's first run, of the nightly kind (trains the boosted trees and the LSTM and
#      keeps them), as `jaego serve` runs it right after `jaego demo`;
#   2. GET /api/products latency while the server is idle (wrk: p50, p99, req/s);
#   3. the same while daytime runs (loading the kept models) follow one another, and how
#      long those runs took.
# Prints the figures and the ratio of p99 during runs to idle. wrk comes with `make
# deps-bench`; without it a small node client measures instead.
# usage: bench/runs.sh build/jaego   (make bench-runs)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/jaego}")
dur=${BENCH_SECONDS:-20}
conns=${BENCH_CONNS:-8}
work=$(mktemp -d /tmp/jaego-bench-runs.XXXXXX)
server_pid=
cleanup() {
  touch "$work/stop" # the run loop ends after its current run
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
. bench/lib.sh

db="$work/shop.db"
t0=$(date +%s.%N)
"$bin" demo --db "$db" >"$work/demo.txt" 2>&1
t1=$(date +%s.%N)
port=$(free_port)
base="http://127.0.0.1:$port"
"$bin" serve --db "$db" --port "$port" --runner queue 2>"$work/jaego.log" &
server_pid=$!
for _ in $(seq 200); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.05; done

login=$(curl -s -D "$work/headers" -H 'Content-Type: application/json' \
  -d '{"login":"demo","password":"jaego-demo-1234"}' "$base/api/session")
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(jaego_session=[0-9a-f]*\).*/\1/p' "$work/headers")
csrf=$(echo "$login" | json 'd["csrf_token"]')
api() { curl -s -H "Cookie: $cookie" "$@"; }

# wait_run ID -> prints the run's JSON once it is done or failed
wait_run() {
  local r
  for _ in $(seq 6000); do
    r=$(api -f "$base/api/forecast-runs/$1") || return 1 # the server is gone
    case $(echo "$r" | json 'd["status"]') in done | failed) echo "$r"; return 0 ;; esac
    sleep 0.1
  done
  echo "run $1 did not finish" >&2
  return 1
}

# The demo's runs as of earlier days are done; the one it queued is today's nightly run.
queued=$(sed -n 's/^demo: 수요 예측 #\([0-9]*\) .*/\1/p' "$work/demo.txt")
first=$(wait_run "${queued:-1}")
nprod=$(echo "$first" | json 'd["progress"]["total"]')
echo "forecast runs: the demo shop ($nprod products forecast, $(nproc) cores)"
echo "  demo shop made in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
printf '  %-58s %8.2f s  (%s)\n' "first run, nightly kind: trains and keeps the global models" \
  "$(echo "$first" | json 'd["duration_ms"] / 1000')" "$(echo "$first" | json 'd["status"]')"

# load URL SECONDS -> "rps p50_ms p99_ms"
load() {
  if command -v wrk >/dev/null; then
    wrk -t2 -c"$conns" -d"$2s" --latency -H "Cookie: $cookie" "$1" 2>/dev/null | awk '
      function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
      /Requests\/sec/ { rps=$2 }
      /^ +50%/ { p50=ms($2) }
      /^ +99%/ { p99=ms($2) }
      END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
  else
    node -e '
      const [url, secs, conns, cookie] = process.argv.slice(1);
      const lat = []; const end = Date.now() + secs * 1000;
      async function worker() {
        while (Date.now() < end) {
          const t = process.hrtime.bigint();
          const r = await fetch(url, { headers: { Cookie: cookie } });
          await r.arrayBuffer();
          lat.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }
      Promise.all(Array.from({ length: +conns }, worker)).then(() => {
        lat.sort((a, b) => a - b);
        const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
        console.log(`${Math.round(lat.length / secs)} ${q(0.5).toFixed(2)} ${q(0.99).toFixed(2)}`);
      });' "$1" "$2" "$conns" "$cookie"
  fi
}

url="$base/api/products"
read -r idle_rps idle_p50 idle_p99 < <(load "$url" "$dur")

# A daytime run alone, then daytime runs one after another for as long as the load lasts
# (a run is in progress throughout the window, however many finish in it).
run_once() {
  local id
  id=$(api -X POST -H "X-CSRF-Token: $csrf" "$base/api/forecast-runs" | json 'd["id"]') &&
    wait_run "$id" | json 'd["duration_ms"]'
}
alone=$(run_once)
printf '  %-58s %8.2f s\n' "daytime run, loading the kept models (server idle)" \
  "$(awk -v v="$alone" 'BEGIN { print v / 1000 }')"
: >"$work/runs.txt"
(while [ ! -e "$work/stop" ] && run_once >>"$work/runs.txt" 2>/dev/null; do :; done) &
loop_pid=$!
for _ in $(seq 100); do
  [ "$(api "$base/api/forecast-runs?limit=1" | json 'd["items"][0]["status"]')" = running ] && break
  sleep 0.05
done
read -r busy_rps busy_p50 busy_p99 < <(load "$url" "$dur")
runs=$(wc -l <"$work/runs.txt")
mean_run=$(awk '{ s += $1 } END { if (NR) printf "%.2f", s / NR / 1000; else print "-" }' "$work/runs.txt")
touch "$work/stop"
wait "$loop_pid" 2>/dev/null || true
printf '  %-58s %8s s  (%d finished within the %ss of load)\n' \
  "daytime run under the load below" "$mean_run" "$runs" "$dur"
echo
tool=$(command -v wrk >/dev/null && echo wrk || echo node)
printf '  GET /api/products, %d connections, %ss each (%s)\n' "$conns" "$dur" "$tool"
printf '  %-24s %10s %10s %10s\n' "" req_s p50_ms p99_ms
printf '  %-24s %10s %10s %10s\n' "idle" "$idle_rps" "$idle_p50" "$idle_p99"
printf '  %-24s %10s %10s %10s\n' "during forecast runs" "$busy_rps" "$busy_p50" "$busy_p99"
echo "  p99 during runs / idle: $(awk -v a="$busy_p99" -v b="$idle_p99" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')x"

#!/usr/bin/env bash
# http.sh — HTTP throughput and latency of jaego against nginx on the same machine.
# wrk drives GET /healthz and GET /api/version (a JSON route) on jaego, and nginx serving
# static files of the same sizes, at 1, 16 and 64 connections; prints req/s, p50, p99 and
# the ratio to nginx. Then the store benchmarks (bench/store.mjs) when present.
# usage: bench/http.sh build/jaego   (make bench)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/jaego}")
dur=${BENCH_SECONDS:-5}
work=$(mktemp -d /tmp/jaego-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 0.3; rm -rf "$work"' EXIT

# shellcheck source=bench/lib.sh
. bench/lib.sh

jport=$(free_port)
"$bin" serve --db "$work/bench.db" --port "$jport" --threads 2 2>"$work/jaego.log" &
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$jport/healthz" >/dev/null && break; sleep 0.05; done

# nginx serves files with the same bodies as jaego's answers.
mkdir -p "$work/www"
curl -s "http://127.0.0.1:$jport/healthz" >"$work/www/healthz"
curl -s "http://127.0.0.1:$jport/api/version" >"$work/www/version"
start_nginx "$work" "$work/www" || { echo "nginx is not installed: make deps-bench installs it" >&2; exit 1; }


echo "HTTP benchmark: wrk ${dur}s per row on $(nproc) cores; jaego with 2 worker threads, nginx with 2 workers"
printf '%-14s %5s %12s %9s %9s %12s %9s %9s %8s\n' route conns jaego_rps p50_ms p99_ms nginx_rps p50_ms p99_ms ratio
for route in healthz version; do
  jpath=/healthz; [ $route = version ] && jpath=/api/version
  for c in 1 16 64; do
    read -r jr j50 j99 < <(run_wrk "http://127.0.0.1:$jport$jpath" "$c")
    read -r nr n50 n99 < <(run_wrk "http://127.0.0.1:$nport/$route" "$c")
    ratio=$(awk -v a="$jr" -v b="$nr" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '%-14s %5d %12s %9s %9s %12s %9s %9s %8s\n' "$jpath" "$c" "$jr" "$j50" "$j99" "$nr" "$n50" "$n99" "$ratio"
  done
done
echo "target: jaego at least 0.5x nginx's throughput"

# The product list as the server delivers it (wrk times to the last byte; the node
# benchmark below also counts the client's own JSON parsing).
ddb="$work/list.db"
"$bin" demo --db "$ddb" --skus 500 >/dev/null 2>&1
lport=$(free_port)
"$bin" serve --db "$ddb" --port "$lport" --threads 2 --runner off 2>/dev/null &  # no forecast run under the load
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$lport/healthz" >/dev/null && break; sleep 0.05; done
cookie=$(demo_cookie "http://127.0.0.1:$lport")
nprod=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$lport/api/products?limit=1&status=all" |
  sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo
printf '%-44s %5s %10s %9s %9s\n' "product list (wrk, $nprod products)" conns req_s p50_ms p99_ms
for c in 1 16; do
  t=$(( c < 2 ? 1 : 2 ))
  wrk -t"$t" -c"$c" -d"${dur}s" --latency -H "Cookie: $cookie" \
    "http://127.0.0.1:$lport/api/products?limit=500&status=all" 2>/dev/null | awk -v c="$c" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 } /^ +50%/ { p50=ms($2) } /^ +99%/ { p99=ms($2) }
    END { printf "%-44s %5d %10.0f %9.3f %9.3f\n", "GET /api/products?limit=500", c, rps, p50, p99 }'
done
echo "target: p99 under 10 ms at 1 connection"

if [ -f bench/store.mjs ]; then
  echo
  JAEGO_BIN="$bin" node bench/store.mjs
fi
if [ -f bench/template.mjs ]; then
  echo
  JAEGO_BIN="$bin" node bench/template.mjs
fi

#!/usr/bin/env bash
# stock.sh — the planning view (GET /api/stock) on a shop of 500 products with stored
# forecasts:
#   1. the demo shop with 500 SKUs and its first forecast run, as `jaego serve` runs it;
#   2. the recompute alone (`jaego stock --repeat N`: the view's queries and plan_evaluate
#      for every product, no HTTP): minimum, median and maximum of N;
#   3. GET /api/stock through the server (wrk: req/s, p50, p99 at 1 and 8 connections)
#      against nginx serving a file with the same JSON body, measured in the same run; the
#      server answers from its per-organisation cache between changes (docs/api.md);
#   4. live updates: bench/live.mjs keeps GET /api/live open, records 50 movements through
#      the API and times write acknowledged → event received (p50, p99, max).
# Targets: recompute for 500 products under 100 ms; GET /api/stock p99 under 20 ms; a
# change on an open screen within 1 s.
# usage: bench/stock.sh build/jaego   (make bench-stock)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/jaego}")
dur=${BENCH_SECONDS:-5}
repeat=${BENCH_REPEAT:-50}
work=$(mktemp -d /tmp/jaego-bench-stock.XXXXXX)

# shellcheck source=bench/lib.sh
. bench/lib.sh
trap bench_cleanup EXIT

db="$work/shop.db"
"$bin" demo --db "$db" --skus 500 >"$work/demo.txt" 2>&1
port=$(free_port)
base="http://127.0.0.1:$port"
"$bin" serve --db "$db" --port "$port" --threads 2 --runner queue 2>"$work/jaego.log" &
server_pid=$!
for _ in $(seq 200); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.05; done
cookie=$(demo_cookie "$base")
api() { curl -s -H "Cookie: $cookie" "$@"; }

# The demo queued today's run (after its runs as of earlier days, kept for the accuracy
# report): wait for it, so that every product has today's stored forecast.
first=$(sed -n 's/^demo: 수요 예측 #\([0-9]*\) .*/\1/p' "$work/demo.txt")
first=${first:-1}
for _ in $(seq 12000); do
  status=$(api "$base/api/forecast-runs/$first" | json 'd["status"]')
  case $status in done | failed) break ;; esac
  sleep 0.1
done
run=$(api "$base/api/forecast-runs/$first")
echo "planning view benchmark ($(nproc) cores)"
echo "  shop: $(sed -n 's/^demo: \(상품 [^,]*\).*/\1/p' "$work/demo.txt" | head -1);" \
  "forecast run #$first $(echo "$run" | json 'd["status"]'):" \
  "$(echo "$run" | json 'd["products"]["forecast"]') products forecast in" \
  "$(echo "$run" | json '"%.1f s" % (d["duration_ms"] / 1000)')"

# 2. The recompute alone, on the same database (WAL: the server keeps running beside it).
echo
echo "recompute (jaego stock --repeat $repeat: queries + plan_evaluate for every product)"
"$bin" stock --db "$db" --repeat "$repeat" | sed 's/^/  /'

# 3. The route against nginx serving its body.
api "$base/api/stock" >"$work/stock.json"
nitems=$(json 'd["total"]' <"$work/stock.json")
bytes=$(wc -c <"$work/stock.json")
mkdir -p "$work/www/api"
cp "$work/stock.json" "$work/www/api/stock"
if ! start_nginx "$work" "$work/www"; then
  nport=
  echo "(nginx is not installed: make deps-bench installs it; the peer rows are left out)"
fi

echo
echo "GET /api/stock ($nitems products, $bytes bytes of JSON), wrk ${dur}s per row"
printf '  %-8s %5s %10s %9s %9s\n' server conns req_s p50_ms p99_ms
for c in 1 8; do
  read -r jr j50 j99 < <(run_wrk "$base/api/stock" "$c" "Cookie: $cookie")
  printf '  %-8s %5d %10s %9s %9s\n' jaego "$c" "$jr" "$j50" "$j99"
  if [ -n "$nport" ]; then
    read -r nr n50 n99 < <(run_wrk "http://127.0.0.1:$nport/api/stock" "$c")
    printf '  %-8s %5d %10s %9s %9s\n' nginx "$c" "$nr" "$n50" "$n99"
  fi
done

# 4. Live updates.
echo
read -r ln l50 l99 lmax < <(node bench/live.mjs "$base" "$cookie")
echo "live updates (bench/live.mjs: $ln movements, write acknowledged -> event received)"
printf '  p50_ms %s  p99_ms %s  max_ms %s\n' "$l50" "$l99" "$lmax"
echo "targets: recompute for 500 products under 100 ms; GET /api/stock p99 under 20 ms;" \
  "live update within 1 s"

#!/usr/bin/env bash
# firstload.sh — first load of the built web app on localhost (bench/firstload.mjs): the
# demo shop served by jaego, and the same built files served by nginx as the peer when
# nginx is installed. Target: the login page under 1 s, without the charts' chunk.
# usage: bench/firstload.sh build/jaego   (make bench-web)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/jaego}")
work=$(mktemp -d /tmp/jaego-bench-web.XXXXXX)
# shellcheck source=bench/lib.sh
. bench/lib.sh
trap bench_cleanup EXIT

"$bin" demo --db "$work/shop.db" >"$work/demo.txt" 2>&1
port=$(free_port)
"$bin" serve --db "$work/shop.db" --port "$port" --threads 2 --runner queue 2>"$work/jaego.log" &
server_pid=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done

peer=
if start_nginx "$work" "$PWD/web/dist" "include /etc/nginx/mime.types; gzip on; gzip_types application/javascript text/css;" \
  "location / { try_files \$uri /index.html; }"; then
  peer="http://127.0.0.1:$nport"
else
  echo "(nginx is not installed: no peer; make bench-web installs it)"
fi
echo "jaego $("$bin" --version 2>/dev/null || true), $(nproc) cores"
node bench/firstload.mjs "http://127.0.0.1:$port" demo jaego-demo-1234 $peer

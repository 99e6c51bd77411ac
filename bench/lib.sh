# lib.sh — what the benchmark scripts share; sourced, not run.
#   bench_cleanup             the EXIT trap: stops $server_pid and $nginx_pid, removes $work
#   free_port                 a free TCP port on 127.0.0.1
#   json EXPR                 EXPR over the JSON on stdin (python, `d` is the document)
#   wait_http URL             waits up to 10 s for URL to answer 2xx
#   demo_cookie BASE          logs in as the demo shop's master; prints "jaego_session=..."
#   run_wrk URL CONNS [HDR]   wrk for $dur seconds; prints "req_s p50_ms p99_ms"
#   start_nginx WORK ROOT [HTTP_EXTRA] [SERVER_EXTRA]
#                             nginx serving ROOT (2 workers, keep-alive, no access log) on
#                             a free port: sets nport and nginx_pid; returns 1 when nginx is
#                             not installed (the peer rows are then left out)

server_pid=
nginx_pid=
bench_cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

wait_http() {
  for _ in $(seq 200); do curl -sf "$1" >/dev/null && return 0; sleep 0.05; done
  return 1
}

demo_cookie() {
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"login":"demo","password":"jaego-demo-1234"}' "$1/api/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(jaego_session=[0-9a-f]*\).*/\1/p'
}

run_wrk() {
  local t=$(($2 < 2 ? 1 : 2))
  wrk -t"$t" -c"$2" -d"${dur:-5}s" --latency ${3:+-H "$3"} "$1" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=ms($2) }
    /^ +99%/ { p99=ms($2) }
    END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}

start_nginx() {
  local work=$1 root=$2
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || return 1
  nport=$(free_port)
  cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  ${3:-}
  server { listen 127.0.0.1:$nport; root $root; ${4:-} }
}
CONF
  PATH=$PATH:/usr/sbin nginx -c "$work/nginx.conf" -p "$work" &
  nginx_pid=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$nport/" && return 0
    sleep 0.05
  done
  return 0
}

#!/usr/bin/env bash
# run.sh — serves jaego on http://127.0.0.1:8080 with a demo shop in data/jaego.db.
# On a fresh database it makes the demo shop first and prints the master login.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/jaego}
db=${JAEGO_DB:-data/jaego.db}
port=${JAEGO_PORT:-8080}
mkdir -p "$(dirname "$db")"
if [ ! -f "$db" ]; then
  echo "새 데모 상점을 만듭니다: $db"
  if "$bin" --help | grep -q '^  demo '; then
    "$bin" demo --db "$db"
  else
    pw=$(head -c 9 /dev/urandom | base64 | tr -d '/+=' | cut -c1-12)
    echo "$pw" | "$bin" user add --db "$db" --login master --role master --password-stdin
    echo "마스터 로그인: 아이디 master / 비밀번호 $pw"
  fi
fi
echo "jaego: http://127.0.0.1:$port 에서 실행합니다 (끝내려면 Ctrl+C)"
exec "$bin" serve --db "$db" --port "$port"

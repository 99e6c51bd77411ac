#!/usr/bin/env bash
# deps.sh — installs what jaego needs on Debian 12, and only what is missing.
#   scripts/deps.sh build   compilers, libraries, web packages (make, make run)
#   scripts/deps.sh test    + what the tests need: chromium, LibreOffice, openpyxl, clang (make check)
#   scripts/deps.sh bench   + wrk, nginx, hyperfine, R's forecast and prophet (make bench*)
# As root it installs with apt-get; otherwise it prints the packages to install.
set -euo pipefail
cd "$(dirname "$0")/.."
level=${1:-build}

build_pkgs=(build-essential pkg-config ca-certificates git libmicrohttpd-dev libjansson-dev
  libsqlite3-dev libsodium-dev libutf8proc-dev libxlsxwriter-dev libzip-dev libexpat1-dev
  libcurl4-openssl-dev zlib1g-dev libgsl-dev libnlopt-dev libopenblas-dev liblapacke-dev
  libxgboost-dev nodejs npm)
test_pkgs=(libcmocka-dev clang clang-format clang-tidy libclang-rt-14-dev chromium python3 python3-openpyxl
  libreoffice-calc-nogui sqlite3 procps fonts-nanum)
bench_pkgs=(wrk nginx-light hyperfine r-cran-forecast r-cran-prophet time)

want=("${build_pkgs[@]}")
case "$level" in
  build) ;;
  test) want+=("${test_pkgs[@]}") ;;
  bench) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  # nodejs/npm may come from elsewhere than Debian: a working command is enough.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "jaego needs these Debian packages; install them as root:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Web packages, from the committed lockfiles, only when they changed.
npm_ci() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
     ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.jaego-lock"; then
    echo "deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.jaego-lock"
  fi
}
npm_ci web
if [ "$level" != build ]; then npm_ci tests; fi
exit 0

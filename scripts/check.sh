#!/usr/bin/env bash
# check.sh — runs the test layers and prints one summary line over all of them:
#   unit  cmocka programs built with ASan+UBSan (build/tests/test_*)
#   kernels  the engine's unit tests again under another BLAS kernel (coretypes.sh --quick)
#   http  node tests against the real server (ASan build) on a temporary database
#   e2e   browser tests: playwright-core driving Debian's chromium
# usage: scripts/check.sh all|lint|unit|kernels|http|e2e BUILD_DIR
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
layer=${1:-all}
build=${2:-build}
logs="$build/test-logs"
mkdir -p "$logs"
passed=0
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}

count() { # count NAME PASS FAIL
  printf '  %-28s %4d passed, %d failed\n' "$1" "$2" "$3"
  passed=$((passed + $2))
  failed=$((failed + $3))
}

run_unit() {
  echo "== unit tests (cmocka, ASan+UBSan)"
  local t
  for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    local name log p f rc
    name=$(basename "$t")
    log="$logs/$name.log"
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log" || true)
    f=$(grep -c '^not ok ' "$log" || true)
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or sanitizer report
    if [ "$f" -ne 0 ]; then
      echo "-- $name failed (exit $rc); log $log:"
      grep -v '^ok ' "$log" | tail -40
    fi
    count "$name" "$p" "$f"
  done
}

# The engine's unit tests under the BLAS kernel most unlike the default one (OpenBLAS picks
# kernels by CPU; the forecasts must not depend on it). scripts/coretypes.sh without --quick
# runs every kernel the machine has, and compares forecasts on real data.
run_kernels() {
  echo "== engine unit tests under another BLAS kernel (scripts/coretypes.sh --quick)"
  local log="$logs/kernels.log" p f
  scripts/coretypes.sh --quick "$build" >"$log" 2>&1
  local rc=$?
  p=$(tail -1 "$log" | awk '/passed,/ {print $1}')
  f=$(tail -1 "$log" | awk '/passed,/ {print $3}')
  p=${p:-0}
  f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  grep -E '^  test_fc_' "$log"
  if [ "$f" -ne 0 ]; then
    echo "-- kernels failed; log $log:"
    grep -v '^  test_fc_.* 0 failed' "$log" | tail -40
  fi
  count kernels "$p" "$f"
}

run_node() { # run_node LAYER BINARY
  local dir=tests/$1 log="$logs/$1.log"
  local files=("$dir"/*.test.mjs)
  [ -e "${files[0]}" ] || return 0
  echo "== $1 tests (node --test, $2)"
  # Browser tests run one file at a time: two Chromiums and two servers on two cores made
  # their waits time out.
  local conc=2
  [ "$1" = e2e ] && conc=1
  # The browser tests' screenshots are kept with the logs, to be looked at.
  [ "$1" = e2e ] && export JAEGO_SHOTS="${JAEGO_SHOTS:-$PWD/$build/e2e-screenshots}"
  JAEGO_BIN="$2" node --test --test-reporter=tap --test-concurrency=$conc "${files[@]}" >"$log" 2>&1
  local rc=$? p f
  p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  p=${p:-0}
  f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  # A browser test that timed out gets one more run of its file, said out loud: a real
  # failure fails twice.
  if [ "$1" = e2e ] && [ "$f" -ne 0 ]; then
    local again
    again=$(grep -A6 '^not ok' "$log" | sed -n "s|.*location: '\([^:]*\):.*|\1|p" | sort -u)
    if [ -n "$again" ]; then
      echo "-- e2e: $f failed; running their files once more: $(echo $again | tr '\n' ' ')"
      grep -B2 -A12 '^\s*not ok' "$log" | head -60
      # shellcheck disable=SC2086 # one path per word
      JAEGO_BIN="$2" node --test --test-reporter=tap --test-concurrency=1 $again >"$log.again" 2>&1
      local rc2=$? f2
      f2=$(grep -E '^# fail [0-9]+' "$log.again" | tail -1 | awk '{print $3}')
      if [ "$rc2" -eq 0 ] && [ "${f2:-1}" -eq 0 ]; then
        p=$((p + f))
        f=0
      else
        log="$log.again"
      fi
    fi
  fi
  if [ "$f" -ne 0 ]; then
    echo "-- $1 failures; log $log:"
    grep -B2 -A30 '^\s*not ok' "$log" | head -150
  fi
  count "$1" "$p" "$f"
}

# Style and static analysis, one test each: the tree's one clang-format style, the layers of
# src/ (scripts/layers.sh), and clang-tidy with the project's checks (.clang-tidy) as errors.
run_lint() {
  echo "== lint (clang-format, layers, clang-tidy)"
  local log="$logs/fmt.log"
  if make --no-print-directory BUILD="$build" fmt-check >"$log" 2>&1; then
    count fmt-check 1 0
  else
    echo "-- fmt-check failed (run 'make fmt'); log $log:"; grep -v '^ ' "$log" | head -20
    count fmt-check 0 1
  fi
  log="$logs/layers.log"
  if scripts/layers.sh >"$log" 2>&1; then
    count layers 1 0
  else
    echo "-- a layer is crossed; log $log:"; head -20 "$log"
    count layers 0 1
  fi
  log="$logs/tidy.log"
  if make --no-print-directory BUILD="$build" tidy >"$log" 2>&1; then
    count clang-tidy 1 0
  else
    echo "-- clang-tidy failed; log $log:"; grep -E '(error|warning):' "$log" | sort -u | head -20
    count clang-tidy 0 1
  fi
}

case "$layer" in
  lint) run_lint ;;
  unit) run_unit ;;
  kernels) run_kernels ;;
  http) run_node http "$build/jaego-san" ;;
  e2e) run_node e2e "$build/jaego" ;;
  all)
    run_lint
    run_unit
    run_kernels
    run_node http "$build/jaego-san"
    run_node e2e "$build/jaego"
    ;;
  *) echo "usage: $0 all|lint|unit|kernels|http|e2e BUILD_DIR" >&2; exit 2 ;;
esac

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

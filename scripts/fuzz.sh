#!/bin/sh
# fuzz.sh — builds and runs every libFuzzer target for a bounded time under ASan and UBSan.
#
#   scripts/fuzz.sh BUILD_DIR SECONDS_EACH
#
# Each tests/fuzz/fuzz_NAME.c starts with a comment `/* fuzz-sources: src/a.c src/b.c */`
# naming the application sources it needs. The target is built with clang's
# -fsanitize=fuzzer,address,undefined into BUILD_DIR/fuzz/NAME and run on a corpus directory
# BUILD_DIR/fuzz/corpus/NAME seeded from tests/fuzz/corpus/NAME/ (new inputs found stay
# there for the next run). Prints executions per target; exits non-zero on any crash.
set -u

BUILD=${1:-build}
SECONDS_EACH=${2:-30}
CLANG=${CLANG:-clang}
PKGS="libmicrohttpd jansson sqlite3 libsodium libutf8proc xlsxwriter libzip expat libcurl zlib gsl nlopt"

cd "$(dirname "$0")/.." || exit 1
if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz: $CLANG not found (apt-get install clang libclang-rt-dev)" >&2
	exit 1
fi
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || exit 1
PKG_LIBS=$(pkg-config --libs $PKGS) || exit 1
mkdir -p "$BUILD/fuzz"
# The layer folders of src/ and the engine's public header, as the Makefile passes them.
APP_INC="$(for d in src/*/; do printf -- '-I%s ' "${d%/}"; done)-Ilib/forecast/include"

status=0
for src in tests/fuzz/fuzz_*.c; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .c)
	sources=$(sed -n '1s|^/\* *fuzz-sources:\(.*\)\*/.*$|\1|p' "$src")
	bin="$BUILD/fuzz/$name"
	echo "fuzz: building $name ($sources )"
	# shellcheck disable=SC2086 # word splitting of the source and flag lists is intended
	if ! "$CLANG" -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		$APP_INC $PKG_CFLAGS -o "$bin" "$src" $sources $PKG_LIBS -lm -pthread; then
		echo "fuzz: $name: build failed" >&2
		status=1
		continue
	fi
	corpus="$BUILD/fuzz/corpus/$name"
	mkdir -p "$corpus"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -n "tests/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null || true
	fi
	log="$BUILD/fuzz/$name.log"
	# Crash reproducers go to BUILD_DIR/fuzz/, never into the source tree.
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
		"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2560 \
		-max_len=262144 -print_final_stats=1 -artifact_prefix="$BUILD/fuzz/$name-" \
		"$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	echo "fuzz: $name: ${execs:-0} executions in ${SECONDS_EACH}s, corpus $(ls "$corpus" | wc -l) files, exit $rc"
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: $name FAILED, last lines of $log:" >&2
		tail -40 "$log" >&2
		status=1
	fi
done
exit $status

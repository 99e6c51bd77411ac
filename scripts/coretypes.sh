#!/usr/bin/env bash
# coretypes.sh — the forecasting engine under every BLAS kernel this machine can run.
#
#   scripts/coretypes.sh [--quick] [BUILD_DIR]
#
# OpenBLAS picks its kernels by CPU (SSE3, AVX, AVX2, AVX-512, ...) and OPENBLAS_CORETYPE
# forces one; each sums in its own order. This script
#  1. finds the kernels: every OPENBLAS_CORETYPE name OpenBLAS knows on x86-64 is tried with
#     `test_fc_kernels --blas-fingerprint`. A name whose run dies (SIGILL: instructions this
#     CPU lacks) or that reports another core (OpenBLAS fell back) is not runnable; names
#     whose fingerprint (the bits of dot, gemv, syrk, gemm and a Cholesky solve on fixed
#     data) is the same share their kernels and are run once;
#  2. runs the unit tests (scripts/check.sh unit) under each distinct kernel;
#  3. runs `jaego forecast --horizon 28` for `auto` and every single model on each data
#     set (default ../shared/data/*.csv) under each kernel and compares every number with
#     the default kernel's: the 28-day totals within 1e-6 relative (plus 1e-4, one unit of
#     the 4 printed decimals, for rounding), the daily mean and p10/p50/p90 within the
#     same, and the chosen model per SKU exactly.
# Prints a summary; exits non-zero when a kernel fails a test or a forecast differs.
#
# --quick (scripts/check.sh's kernels layer, part of make check): only the engine's unit
# tests (test_fc_*) under one other kernel, the one most unlike the default (SSE3 when the
# default uses AVX-512, else the widest one this CPU runs), and no forecasts.
#
# Settings (environment): CORETYPES ("Haswell Prescott": these kernels instead of the ones
# found), CORETYPES_DATA (data directory, ../shared/data), CORETYPES_MODELS (models to
# compare), CORETYPES_HORIZON (28), CORETYPES_WORK (keep the outputs there).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

quick=0
if [ "${1:-}" = "--quick" ]; then
	quick=1
	shift
fi
build=${1:-build}
probe=$build/tests/test_fc_kernels
DATA=${CORETYPES_DATA:-../shared/data}
HORIZON=${CORETYPES_HORIZON:-28}
MODELS=${CORETYPES_MODELS:-auto naive snaive wavg lmean dow croston sba tsb adida imapa ets etsq arima prophet gbm lstm}
# OpenBLAS's x86-64 core names (DYNAMIC_ARCH); unknown names fall back to the CPU's own.
NAMES="Prescott Core2 Penryn Dunnington Nehalem Atom Nano Sandybridge Haswell Zen SkylakeX
Cooperlake SapphireRapids Barcelona Bobcat Bulldozer Piledriver Steamroller Excavator
Opteron Opteron_SSE3 Athlon Banias Katmai Coppermine Northwood"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}

if [ ! -x "$probe" ]; then
	echo "coretypes: $probe missing (make $probe)" >&2
	exit 2
fi

# ---------------------------------------------------------------------- 1. the kernels
default=$(env -u OPENBLAS_CORETYPE "$probe" --blas-fingerprint 2>/dev/null)
default_core=$(echo "$default" | awk '{print $2}')
default_fp=$(echo "$default" | awk '{print $3}')
declare -A first_of=() # fingerprint -> first name with it
kernels=()             # distinct runnable kernels, the default's first
kernels+=("$default_core")
first_of[$default_fp]=$default_core
if [ -n "${CORETYPES:-}" ]; then
	for k in $CORETYPES; do
		[ "${k,,}" != "${default_core,,}" ] && kernels+=("$k")
	done
else
	echo "== BLAS kernels (OPENBLAS_CORETYPE) on this CPU; default: $default_core"
	for name in $NAMES; do
		out=$(OPENBLAS_CORETYPE=$name timeout 60 "$probe" --blas-fingerprint 2>/dev/null)
		rc=$?
		core=$(echo "$out" | awk '{print $2}')
		fp=$(echo "$out" | awk '{print $3}')
		if [ $rc -ne 0 ] || [ -z "$fp" ]; then
			note="not runnable here (exit $rc)"
		elif [ "${core,,}" != "${name,,}" ]; then
			note="not known to this OpenBLAS: runs $core"
		elif [ "${name,,}" = "${default_core,,}" ]; then
			note="the default"
		elif [ -n "${first_of[$fp]:-}" ]; then
			note="same kernels as ${first_of[$fp]}"
		else
			first_of[$fp]=$name
			kernels+=("$name")
			note="distinct kernels ($fp)"
		fi
		printf '  %-15s %s\n' "$name" "$note"
	done
fi

if [ $quick = 1 ]; then
	# the kernel most unlike the default among those found
	pick=""
	case "${default_core,,}" in
	skylakex | cooperlake | sapphirerapids) prefs="Prescott Core2 Nehalem Sandybridge Haswell" ;;
	*) prefs="SkylakeX Cooperlake Haswell Sandybridge Nehalem Prescott" ;;
	esac
	for p in $prefs; do
		for k in "${kernels[@]:1}"; do
			if [ "${k,,}" = "${p,,}" ] && [ "${k,,}" != "${default_core,,}" ]; then
				pick=$k
				break 2
			fi
		done
	done
	if [ -n "${CORETYPES:-}" ] && [ ${#kernels[@]} -gt 1 ]; then pick=${kernels[1]}; fi
	if [ -z "$pick" ]; then
		echo "coretypes: no other kernel runs on this CPU; nothing to compare"
		echo "0 passed, 0 failed"
		exit 0
	fi
	passed=0
	failed=0
	for t in "$build"/tests/test_fc_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		[ "$name" = test_fc_kernels ] && continue # it runs every kernel itself
		log=$build/test-logs/$name.$pick.log
		mkdir -p "$build/test-logs"
		OPENBLAS_CORETYPE=$pick CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$log" 2>&1
		rc=$?
		p=$(grep -c '^ok ' "$log" || true)
		f=$(grep -c '^not ok ' "$log" || true)
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -ne 0 ]; then
			echo "-- $name under $pick failed (exit $rc); log $log:"
			grep -v '^ok ' "$log" | tail -40
		fi
		printf '  %-28s %4d passed, %d failed\n' "$name ($pick)" "$p" "$f"
		passed=$((passed + p))
		failed=$((failed + f))
	done
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

# ---------------------------------------------------------------------- 2. unit tests
status=0
mkdir -p "$build/test-logs"
declare -A unit_line=()
for k in "${kernels[@]}"; do
	echo "== unit tests under OPENBLAS_CORETYPE=$k"
	line=$(OPENBLAS_CORETYPE=$k scripts/check.sh unit "$build" 2>&1 | tee "$build/test-logs/unit.$k.log" |
		tail -1)
	unit_line[$k]=$line
	echo "  $line"
	case "$line" in *" 0 failed") ;; *) status=1 ;; esac
done

# ---------------------------------------------------------------------- 3. forecasts
jaego=$build/jaego
if [ ! -x "$jaego" ]; then
	echo "coretypes: $jaego missing (make)" >&2
	exit 2
fi
WORK=${CORETYPES_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/jaego-coretypes.XXXXXX")}
mkdir -p "$WORK"
[ -z "${CORETYPES_WORK:-}" ] && trap 'rm -rf "$WORK"' EXIT
for csv in "$DATA"/*.csv; do
	[ -e "$csv" ] || continue
	set=$(basename "$csv" .csv)
	for k in "${kernels[@]}"; do
		echo "== forecasts of $set under $k"
		for m in $MODELS; do
			out=$WORK/$set.$m.$k
			if ! OPENBLAS_CORETYPE=$k "$jaego" forecast --input "$csv" --horizon "$HORIZON" \
				--model "$m" --output "$out.csv" --totals "$out.tot.csv" 2>"$out.err"; then
				echo "  $m: failed:"
				tail -3 "$out.err"
				status=1
			fi
		done
	done
done

echo "== forecasts compared with the default kernel ($default_core)"
python3 - "$WORK" "$default_core" "${kernels[@]}" <<'EOF' || status=1
import csv, glob, os, sys

work, ref, kernels = sys.argv[1], sys.argv[2], sys.argv[3:]
REL, ABS = 1e-6, 1e-4  # 1e-6 relative, plus one unit of the 4 printed decimals


def rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def compare(a, b):
    """Largest relative difference between two CSV files of the same shape, the number of
    numbers beyond tolerance, and the first text field (SKU, date, model) that differs."""
    worst, bad, text = 0.0, 0, None
    if len(a) != len(b):
        return worst, bad, "row count %d vs %d" % (len(a), len(b))
    for ra, rb in zip(a[1:], b[1:]):
        for x, y in zip(ra, rb):
            try:
                fx, fy = float(x), float(y)
            except ValueError:
                if x != y and text is None:
                    text = "%s vs %s (%s)" % (x, y, ra[0])
                continue
            d = abs(fx - fy)
            if d > REL * max(abs(fx), abs(fy)) + ABS:
                bad += 1
            if d:
                worst = max(worst, d / max(abs(fx), abs(fy), 1e-12))
    return worst, bad, text


failed = 0
sets = sorted({os.path.basename(p).split(".")[0] for p in glob.glob(work + "/*.csv")})
print("  %-22s %-10s %-12s %12s %12s  %s" % ("data", "model", "kernels", "max rel tot",
                                             "max rel day", "verdict"))
for s in sets:
    models = sorted({os.path.basename(p).split(".")[1]
                     for p in glob.glob("%s/%s.*.%s.csv" % (work, s, ref))
                     if not p.endswith(".tot.csv")})
    for m in models:
        base = "%s/%s.%s.%s" % (work, s, m, ref)
        if not os.path.exists(base + ".csv"):
            continue
        wt = wd = 0.0
        nbad, note, n = 0, "", 0
        for k in kernels:
            if k == ref or not os.path.exists("%s/%s.%s.%s.csv" % (work, s, m, k)):
                continue
            n += 1
            other = "%s/%s.%s.%s" % (work, s, m, k)
            t, bt, xt = compare(rows(base + ".tot.csv"), rows(other + ".tot.csv"))
            d, bd, xd = compare(rows(base + ".csv"), rows(other + ".csv"))
            wt, wd, nbad = max(wt, t), max(wd, d), nbad + bt + bd
            if (xt or xd) and not note:
                note = "%s: %s" % (k, xt or xd)
        ok = nbad == 0 and not note
        failed += not ok
        print("  %-22s %-10s %-12s %12.3g %12.3g  %s" % (
            s, m, "%d vs %s" % (n, ref), wt, wd,
            "same" if ok else "DIFFERENT %d %s" % (nbad, note)))
print("forecasts: %s" % ("all kernels agree within 1e-6 relative (+1e-4)" if failed == 0
                         else "%d data set x model pairs differ" % failed))
sys.exit(1 if failed else 0)
EOF

echo "== summary"
for k in "${kernels[@]}"; do
	printf '  unit tests under %-15s %s\n' "$k:" "${unit_line[$k]}"
done
[ $status -eq 0 ] && echo "coretypes: every kernel passes and agrees" || echo "coretypes: FAILED"
exit $status

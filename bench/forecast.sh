#!/usr/bin/env bash
# forecast.sh — side-by-side benchmark of jaego's forecasting engine against R peers.
#
#   bench/forecast.sh [path/to/jaego]          (make bench-forecast)
#
# For every data set in $FC_BENCH_DATA and every horizon H, holds out the last H days of
# the file (all SKUs), runs `jaego forecast --model M` on the training part for `auto`
# and each single model (timed with /usr/bin/time -v: wall and peak RSS), runs the R
# peers (bench/peers.R: snaive, ets, croston on every SKU; auto.arima and Prophet, which
# are slow, on a fixed subset of about $FC_BENCH_R_SUBSET SKUs) on the same training
# part, and scores everything with bench/score.py: one table per data set x horizon.
# Then the speed and memory check on a synthetic 500-SKU x 3-year set (bench/gen_synth.py)
# and one PASS/FAIL line per target. bench/README.md explains how to read the output.
#
# Settings (environment): FC_BENCH_DATA (../shared/data), FC_BENCH_HORIZONS ("28 90"),
# FC_BENCH_MODELS (jaego models), FC_BENCH_R_SUBSET (30; 0 = every SKU),
# FC_BENCH_R_SLOW ("arima,prophet": the R methods run on the subset only; add ets on a
# busy machine), FC_BENCH_R_JOBS (2: two R processes side by side, never beside jaego),
# FC_BENCH_SYNTH_R (12 synthetic series for R's auto.arima), FC_BENCH_WORK (a temporary
# directory, removed at the end unless FC_BENCH_KEEP=1).
set -euo pipefail

JAEGO=${1:-build/jaego}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA_DIR=${FC_BENCH_DATA:-../shared/data}
HORIZONS=${FC_BENCH_HORIZONS:-28 90}
# jaego's full AutoARIMA ("arima") is left out by default: it alone takes minutes per run
# on the 5-year set; add it with FC_BENCH_MODELS when its figures are wanted.
MODELS=${FC_BENCH_MODELS:-auto auto-stat naive snaive wavg lmean dow croston sba tsb adida imapa etsq ets prophet gbm lstm}
R_SUBSET=${FC_BENCH_R_SUBSET:-30}
R_JOBS=${FC_BENCH_R_JOBS:-2}
R_SLOW=${FC_BENCH_R_SLOW:-arima,prophet}
SYNTH_R=${FC_BENCH_SYNTH_R:-12}
SYNTH_H=90
PY=${PYTHON:-python3}

say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ------------------------------------------------------------------------ prerequisites
if [ ! -x "$JAEGO" ]; then
    echo "forecast.sh: $JAEGO not found or not executable (build it first: make)" >&2
    exit 2
fi
if ! ls "$DATA_DIR"/*.csv >/dev/null 2>&1; then
    echo "forecast.sh: no data sets in $DATA_DIR (set FC_BENCH_DATA)" >&2
    exit 2
fi
need_pkgs=()
[ -x /usr/bin/time ] || need_pkgs+=(time)
Rscript -e 'suppressPackageStartupMessages(library(forecast))' >/dev/null 2>&1 ||
    need_pkgs+=(r-cran-forecast)
Rscript -e 'suppressPackageStartupMessages(library(prophet))' >/dev/null 2>&1 ||
    need_pkgs+=(r-cran-prophet)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        say "installing ${need_pkgs[*]}"
        apt-get install -y --no-install-recommends "${need_pkgs[@]}" >&2
    else
        echo "forecast.sh: missing packages; run as root:" >&2
        echo "  apt-get install -y --no-install-recommends ${need_pkgs[*]}" >&2
        exit 2
    fi
fi

WORK=${FC_BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/jaego-bench.XXXXXX")}
mkdir -p "$WORK"
if [ "${FC_BENCH_KEEP:-0}" != 1 ] && [ -z "${FC_BENCH_WORK:-}" ]; then
    trap 'rm -rf "$WORK"' EXIT
fi
SUMMARY=$WORK/summary.jsonl
: >"$SUMMARY"
T_START=$(date +%s)

# Runs one jaego forecast, timed. Appends "label,nseries,seconds,failed,rss_kb,cpu_seconds"
# to $5 (wall seconds of the whole command, CSV reading and writing included). Arguments
# after the 6th go to jaego; a 7th of the form label=TEXT names the row instead of the model.
run_jaego() { # model train.csv horizon out.csv timing.csv nseries [label=TEXT] [ARGS...]
    local model=$1 train=$2 h=$3 out=$4 timing=$5 nseries=$6 tv failed=0 label
    shift 6
    label="jaego $model"
    if [ $# -gt 0 ] && [ "${1#label=}" != "$1" ]; then label=${1#label=}; shift; fi
    tv=$WORK/time.txt
    if ! /usr/bin/time -v -o "$tv" "$JAEGO" forecast --input "$train" --horizon "$h" \
        --model "$model" --output "$out" "$@" >"$WORK/jaego.log" 2>&1; then
        failed=1
        say "jaego forecast --model $model failed: $(tail -n 2 "$WORK/jaego.log" | tr '\n' ' ')"
        echo "sku,date,model,mean,p10,p50,p90" >"$out"
    fi
    awk -v label="$label" -v n="$nseries" -v failed="$failed" '
        /Elapsed \(wall clock\)/ { v = $NF; k = split(v, p, ":"); s = 0
                                   for (i = 1; i <= k; i++) s = s * 60 + p[i] }
        /User time \(seconds\)|System time \(seconds\)/ { cpu += $NF }
        /Maximum resident set size/ { rss = $NF }
        END { printf "%s,%d,%.3f,%d,%d,%.3f\n", label, n, s, failed, rss, cpu }' \
        "$tv" >>"$timing"
}

# Runs peers.R; the slow methods go to a second process when R_JOBS > 1.
run_r() { # train.csv outdir horizon nsubset
    local train=$1 dir=$2 h=$3 sub=$4
    mkdir -p "$dir/fast" "$dir/slow"
    if [ "$R_JOBS" -gt 1 ]; then
        Rscript "$HERE/peers.R" "$train" "$dir/fast" "$h" snaive,ets,croston "$sub" "$R_SLOW" \
            >"$dir/fast.log" 2>&1 &
        local pid=$!
        Rscript "$HERE/peers.R" "$train" "$dir/slow" "$h" arima,prophet "$sub" "$R_SLOW" \
            >"$dir/slow.log" 2>&1 || { cat "$dir/slow.log" >&2; return 1; }
        wait "$pid" || { cat "$dir/fast.log" >&2; return 1; }
    else
        Rscript "$HERE/peers.R" "$train" "$dir/fast" "$h" snaive,ets,croston "$sub" "$R_SLOW" \
            >"$dir/fast.log" 2>&1 || { cat "$dir/fast.log" >&2; return 1; }
        Rscript "$HERE/peers.R" "$train" "$dir/slow" "$h" arima,prophet "$sub" "$R_SLOW" \
            >"$dir/slow.log" 2>&1 || { cat "$dir/slow.log" >&2; return 1; }
    fi
    grep -h '^  R ' "$dir/fast.log" "$dir/slow.log" >&2 || true
}

say "R: forecast $(Rscript -e 'cat(format(packageVersion("forecast")))' 2>/dev/null)," \
    "prophet $(Rscript -e 'cat(format(packageVersion("prophet")))' 2>/dev/null);" \
    "jaego: $JAEGO; work dir: $WORK"

# -------------------------------------------------------------------- accuracy tables
for data in "$DATA_DIR"/*.csv; do
    name=$(basename "$data" .csv)
    last=$(awk -F, 'NR > 1 && $1 > m { m = $1 } END { print m }' "$data")
    for h in $HORIZONS; do
        dir=$WORK/$name-h$h
        mkdir -p "$dir"
        cutoff=$(date -u -d "$last - $h days" +%F)
        awk -F, -v c="$cutoff" 'NR == 1 || $1 <= c' "$data" >"$dir/train.csv"
        nsku=$(awk -F, 'NR > 1 { s[$2] = 1 } END { print length(s) }' "$dir/train.csv")
        say "$name h=$h: $nsku SKUs, training up to $cutoff"
        timing=$dir/jaego_timing.csv
        echo "label,nseries,seconds,failed,rss_kb,cpu_seconds" >"$timing"
        margs=()
        for m in $MODELS; do
            run_jaego "$m" "$dir/train.csv" "$h" "$dir/jaego_$m.csv" "$timing" "$nsku"
            margs+=(--method "jaego $m=$dir/jaego_$m.csv")
        done
        say "$name h=$h: jaego done ($(awk -F, 'NR > 1 { s += $3 } END { printf "%.1f", s }' \
            "$timing") s); R peers..."
        run_r "$dir/train.csv" "$dir/r" "$h" "$R_SUBSET"
        pargs=()
        for m in snaive ets arima croston prophet; do
            f=$dir/r/fast/r_$m.csv
            [ -f "$f" ] || f=$dir/r/slow/r_$m.csv
            pargs+=(--peer "R $m=$f")
        done
        "$PY" "$HERE/score.py" accuracy --data "$data" --train "$dir/train.csv" \
            --name "$name" --horizon "$h" --timing "$timing" \
            --timing "$dir/r/fast/r_timing.csv" --timing "$dir/r/slow/r_timing.csv" \
            --subset "$dir/r/slow/r_subset.txt" "${margs[@]}" "${pargs[@]}" \
            --summary "$SUMMARY"
    done
done

# ------------------------------------------------------------------ speed and memory
dir=$WORK/synth
mkdir -p "$dir/r"
say "speed: generating the synthetic 500-SKU x 3-year set"
"$PY" "$HERE/gen_synth.py" --skus 500 --years 3 "$dir/synth.csv"
timing=$dir/jaego_timing.csv
echo "label,nseries,seconds,failed,rss_kb,cpu_seconds" >"$timing"
run_jaego auto "$dir/synth.csv" "$SYNTH_H" "$dir/jaego_auto.csv" "$timing" 500
# Nightly training and daytime reuse: train and save each global model, then forecast
# from the saved file (no training), the case that must stay under a second.
for m in gbm lstm; do
    say "speed: $m trained and saved, then forecast from the saved model"
    run_jaego "$m" "$dir/synth.csv" "$SYNTH_H" "$dir/jaego_$m.csv" "$timing" 500 \
        "label=jaego $m train+save" --save-model "$dir/$m.bin"
    run_jaego "$m" "$dir/synth.csv" "$SYNTH_H" "$dir/jaego_${m}_loaded.csv" "$timing" 500 \
        "label=jaego $m from saved" --load-model "$dir/$m.bin"
done
say "speed: R auto.arima on $SYNTH_R of the synthetic series"
Rscript "$HERE/peers.R" "$dir/synth.csv" "$dir/r" "$SYNTH_H" arima "$SYNTH_R" \
    >"$dir/r.log" 2>&1 || { cat "$dir/r.log" >&2; exit 1; }
"$PY" "$HERE/score.py" speed --nseries 500 --years 3 --horizon "$SYNTH_H" \
    --jaego-timing "$timing" --r-timing "$dir/r/r_timing.csv" --summary "$SUMMARY"

"$PY" "$HERE/score.py" final --summary "$SUMMARY"
echo "bench wall time: $(($(date +%s) - T_START)) s"

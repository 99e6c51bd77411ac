#!/usr/bin/env bash
# dev_eval.sh — quick development loop of the forecast engine: `jaego forecast --model auto`
# on every development file at horizons 28 and 90 (the bench's cut: last H days held out),
# scored by bench/devscore.py (MASE, RMSE, p10-p90 coverage, coverage of the cumulative
# totals) and, with FC_DEV_PEERS (a JSON of the best R peer per case from one
# `make bench-forecast` run), as ratios to the best R peer. No R here: seconds, not minutes.
#   bench/dev_eval.sh [path/to/jaego] [extra jaego forecast args...]
# FC_DEV_WORK keeps the cut files between runs; FC_BENCH_DATA, FC_BENCH_HORIZONS as in
# forecast.sh; FC_DEV_THREADS (2).
set -euo pipefail
JAEGO=${1:-build/jaego}
shift || true
HERE=$(cd "$(dirname "$0")" && pwd)
DATA_DIR=${FC_BENCH_DATA:-../shared/data}
HORIZONS=${FC_BENCH_HORIZONS:-28 90}
WORK=${FC_DEV_WORK:-${TMPDIR:-/tmp}/jaego-dev-eval}
THREADS=${FC_DEV_THREADS:-2}
mkdir -p "$WORK"
peers=()
[ -n "${FC_DEV_PEERS:-}" ] && peers=(--peers "$FC_DEV_PEERS")
for data in "$DATA_DIR"/*.csv; do
    name=$(basename "$data" .csv)
    last=$(awk -F, 'NR > 1 && $1 > m { m = $1 } END { print m }' "$data")
    for h in $HORIZONS; do
        train=$WORK/$name-h$h.train.csv
        if [ ! -s "$train" ]; then
            cutoff=$(date -u -d "$last - $h days" +%F)
            awk -F, -v c="$cutoff" 'NR == 1 || $1 <= c' "$data" >"$train"
        fi
        out=$WORK/$name-h$h.out.csv tot=$WORK/$name-h$h.tot.csv
        t0=$(date +%s.%N)
        "$JAEGO" forecast --input "$train" --horizon "$h" --model auto --threads "$THREADS" \
            --output "$out" --totals "$tot" "$@" >/dev/null
        t1=$(date +%s.%N)
        python3 "$HERE/devscore.py" --data "$data" --train "$train" --forecast "$out" \
            --totals "$tot" --name "$name" --horizon "$h" "${peers[@]}" |
            sed "s/}\$/, \"sec\": $(echo "$t1 - $t0" | bc | xargs printf '%.1f')}/"
    done
done

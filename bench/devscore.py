#!/usr/bin/env python3
"""Quick development scorer of one jaego forecast, without the R peers; python3 stdlib only.

  devscore.py --data FULL.csv --train TRAIN.csv --forecast OUT.csv [--totals TOTALS.csv]
              [--peers PEERS.json --name NAME --horizon H]

Scores exactly as bench/score.py does on all SKUs (MASE with the in-sample lag-7 seasonal
naive scale of the training part, RMSE pooled over SKU-days, p10-p90 coverage), and also
the coverage of the cumulative-demand quantiles that safety stock uses: the share of SKUs
whose actual total over the first 30/60/90 held-out days lies inside [p10, p90], and below
p90. With --peers (the best R peer's MASE and RMSE per file and horizon, as recorded from
one `make bench-forecast` run), prints the ratios too. One line of JSON on stdout.
"""
import argparse
import json

from score import read_forecast, read_series, scale_of


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--forecast", required=True)
    ap.add_argument("--totals")
    ap.add_argument("--peers")
    ap.add_argument("--name", default="")
    ap.add_argument("--horizon", default="")
    a = ap.parse_args()
    full, train = read_series(a.data), read_series(a.train)
    fc = read_forecast(a.forecast)
    sse = n = cov = 0.0
    mase, held = [], {}
    for sku, rows in train.items():
        cut = rows[-1][0]
        test = [(d, q) for d, q in full[sku] if d > cut]
        held[sku] = [q for _, q in test]
        sae = 0.0
        for d, q in test:
            m, lo, hi = fc.get((sku, d), (0.0, None, None))
            e = q - m
            sae += abs(e)
            sse += e * e
            n += 1
            if lo is not None and lo <= q <= hi:
                cov += 1
        s = scale_of([q for _, q in rows])
        if s > 0 and test:
            mase.append(sae / len(test) / s)
    out = {"name": a.name, "h": a.horizon, "mase": sum(mase) / len(mase),
           "rmse": (sse / n) ** 0.5, "cov": cov / n}
    if a.totals:
        import csv
        inside, below, cnt = {}, {}, {}
        with open(a.totals, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                k = int(row["days"])
                act = sum(held[row["sku"]][:k])
                cnt[k] = cnt.get(k, 0) + 1
                inside[k] = inside.get(k, 0) + (float(row["p10"]) <= act <= float(row["p90"]))
                below[k] = below.get(k, 0) + (act <= float(row["p90"]))
        out["tot_cov"] = {k: round(inside[k] / cnt[k], 3) for k in sorted(cnt)}
        out["tot_le_p90"] = {k: round(below[k] / cnt[k], 3) for k in sorted(cnt)}
    if a.peers:
        with open(a.peers, encoding="utf-8") as f:
            p = json.load(f).get(f"{a.name}-h{a.horizon}")
        if p:
            out["mase_ratio"] = out["mase"] / p["mase"]
            out["rmse_ratio"] = out["rmse"] / p["rmse"]
    for k in ("mase", "rmse", "cov", "mase_ratio", "rmse_ratio"):
        if k in out:
            out[k] = round(out[k], 4)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

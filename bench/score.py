#!/usr/bin/env python3
"""Scorer of the forecast benchmark (bench/forecast.sh); python3 standard library only.

  score.py accuracy --data FULL.csv --train TRAIN.csv --name NAME --horizon H
                    --timing T.csv [--timing T2.csv ...] [--subset SKUS.txt]
                    --method LABEL=FORECAST.csv ... --peer LABEL=FORECAST.csv ...
                    [--summary SUMMARY.jsonl]
      Scores every method on the held-out days (the dates of FULL.csv after the last
      date of TRAIN.csv) and prints one table per SKU set: all SKUs (methods that were
      run on all of them) and the subset the slow R peers ran on (every method).
  score.py speed --nseries N --years Y --jaego-timing T.csv --r-timing R.csv
                 [--summary SUMMARY.jsonl]
      Speed and memory figures of the synthetic data set.
  score.py final --summary SUMMARY.jsonl
      One PASS/FAIL line per target, over everything recorded in the summary.

Metrics, for each method on the same SKUs and days:
  MASE  mean over SKUs of MAE / (in-sample MAE of the seasonal naive forecast with lag 7
        on the training part); SKUs whose scale is 0 are skipped (and counted)
  RMSE  pooled over all SKU-days;  WAPE  sum |error| / sum actual
  Cov   share of actual values inside [p10, p90] (the 80 % interval of the R peers)
  s/series  wall time of the method divided by the number of series it forecast
Forecast files: sku,date,model,mean,p10,p50,p90 (p10/p90 may be empty). A forecast
missing for a SKU-day counts as 0 and is reported in the `miss` column.
"""
import argparse
import csv
import json
import math
import sys

PERIOD = 7


def read_series(path):
    """{sku: [(date, qty), ...]} in file order."""
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        head = next(r)
        di, si, qi = head.index("date"), head.index("sku"), head.index("qty")
        for row in r:
            out.setdefault(row[si], []).append((row[di], float(row[qi])))
    return out


def read_forecast(path):
    """{(sku, date): (mean, p10 or None, p90 or None)}."""
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        for row in r:
            lo, hi = row.get("p10", ""), row.get("p90", "")
            out[(row["sku"], row["date"])] = (
                float(row["mean"]),
                float(lo) if lo not in ("", None, "NA") else None,
                float(hi) if hi not in ("", None, "NA") else None,
            )
    return out


def read_timing(paths):
    """{label: {"nseries", "seconds", "failed", "rss_kb"}} from timing CSV files."""
    out = {}
    for p in paths:
        with open(p, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[row["label"]] = {
                    "nseries": int(float(row["nseries"])),
                    "seconds": float(row["seconds"]),
                    "failed": int(float(row.get("failed") or 0)),
                    "rss_kb": int(float(row["rss_kb"])) if row.get("rss_kb") else None,
                    "cpu": float(row["cpu_seconds"]) if row.get("cpu_seconds") else None,
                }
    return out


def scale_of(train):
    """In-sample MAE of the lag-7 seasonal naive forecast (0 when undefined)."""
    if len(train) <= PERIOD:
        return 0.0
    return sum(abs(train[t] - train[t - PERIOD]) for t in range(PERIOD, len(train))) / (
        len(train) - PERIOD)


def score(skus, actual, scales, fc):
    n = sse = sae = sact = 0.0
    cov_n = cov_in = 0
    mase_sum, mase_n, miss = 0.0, 0, 0
    for sku in skus:
        sku_ae, sku_n = 0.0, 0
        for date, a in actual[sku]:
            got = fc.get((sku, date))
            if got is None:
                miss += 1
                got = (0.0, None, None)
            m, lo, hi = got
            e = m - a
            sse += e * e
            sae += abs(e)
            sact += a
            n += 1
            sku_ae += abs(e)
            sku_n += 1
            if lo is not None and hi is not None:
                cov_n += 1
                cov_in += lo <= a <= hi
        if scales[sku] > 0 and sku_n:
            mase_sum += sku_ae / sku_n / scales[sku]
            mase_n += 1
    return {
        "mase": mase_sum / mase_n if mase_n else float("nan"),
        "rmse": math.sqrt(sse / n) if n else float("nan"),
        "wape": sae / sact if sact > 0 else float("nan"),
        "cov": cov_in / cov_n if cov_n else None,
        "miss": miss,
    }


def fmt(x, spec):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return format(x, spec)


def pct(v, spec):
    return "n/a" if v is None or v != v else format(v * 100, spec) + "%"


def table(title, rows, peers, timing):
    """Prints one table; returns the best peer figures {"mase", "rmse"} and auto's."""
    peer_rows = [r for r in rows if r["label"] in peers]
    best_mase = min((r["mase"] for r in peer_rows), default=float("nan"))
    best_rmse = min((r["rmse"] for r in peer_rows), default=float("nan"))
    best_mase_label = min(peer_rows, key=lambda r: r["mase"])["label"] if peer_rows else "-"
    best_time = timing.get(best_mase_label, {})
    best_sps = (best_time["seconds"] / best_time["nseries"]) if best_time.get("nseries") else None
    print(title)
    print("  %-14s %7s %8s %6s %5s %9s %9s %9s %9s %10s %4s" % (
        "method", "MASE", "RMSE", "WAPE", "Cov80", "s/series", "cpu/ser", "MASE/best",
        "RMSE/best", "speed/best", "miss"))
    for r in rows:
        t = timing.get(r["label"], {})
        sps = t["seconds"] / t["nseries"] if t.get("nseries") else None
        cps = t["cpu"] / t["nseries"] if t.get("nseries") and t.get("cpu") is not None else None
        speed = (best_sps / sps) if (best_sps and sps) else None
        print("  %-14s %7s %8s %6s %5s %9s %9s %9s %9s %10s %4d%s" % (
            r["label"], fmt(r["mase"], ".3f"), fmt(r["rmse"], ".3f"),
            pct(r["wape"], ".1f"), pct(r["cov"], ".0f"),
            fmt(sps, ".5f"), fmt(cps, ".5f"),
            fmt(r["mase"] / best_mase if best_mase else None, ".3f"),
            fmt(r["rmse"] / best_rmse if best_rmse else None, ".3f"),
            (fmt(speed, ".1f" if speed >= 10 else ".3g") + "x") if speed else "n/a", r["miss"],
            "  (R peer)" if r["label"] in peers else ""))
    print("  best R peer: MASE %s (%s), RMSE %s (%s)" % (
        fmt(best_mase, ".3f"), best_mase_label, fmt(best_rmse, ".3f"),
        min(peer_rows, key=lambda r: r["rmse"])["label"] if peer_rows else "-"))
    auto = next((r for r in rows if r["label"] == "jaego auto"), None)
    res = {"best_mase": best_mase, "best_rmse": best_rmse,
           "auto_mase": auto["mase"] if auto else None,
           "auto_rmse": auto["rmse"] if auto else None}
    # What the second forecast issue's targets compare: auto against the statistical-only
    # auto, and the Prophet-style model against R's Prophet (accuracy and time per series).
    for label, key in (("jaego auto-stat", "stat"), ("jaego prophet", "prophet"),
                       ("R prophet", "r_prophet")):
        r = next((x for x in rows if x["label"] == label), None)
        t = timing.get(label, {})
        if r:
            res[key + "_mase"], res[key + "_rmse"] = r["mase"], r["rmse"]
            res[key + "_sps"] = t["seconds"] / t["nseries"] if t.get("nseries") else None
    return res


def cmd_accuracy(a):
    full = read_series(a.data)
    train = read_series(a.train)
    last_train = max(d for s in train.values() for d, _ in s)
    actual = {sku: [(d, q) for d, q in rows if d > last_train] for sku, rows in full.items()}
    skus = [s for s in full if s in train and actual[s]]
    scales = {s: scale_of([q for _, q in train[s]]) for s in skus}
    zero = sum(1 for s in skus if scales[s] == 0)
    subset = None
    if a.subset:
        with open(a.subset, encoding="utf-8") as f:
            wanted = {line.strip() for line in f if line.strip()}
        subset = [s for s in skus if s in wanted]
    timing = read_timing(a.timing or [])
    methods = [m.split("=", 1) for m in (a.method or [])]
    peers = [m.split("=", 1) for m in (a.peer or [])]
    forecasts = {label: read_forecast(path) for label, path in methods + peers}
    peer_labels = {label for label, _ in peers}
    ndays = len(actual[skus[0]]) if skus else 0
    print()
    print("=" * 100)
    print("%s, horizon %d: %d SKUs, held-out %s..%s (%d days); MASE skips %d SKUs with "
          "zero scale" % (a.name, a.horizon, len(skus), actual[skus[0]][0][0] if skus else "-",
                          actual[skus[0]][-1][0] if skus else "-", ndays, zero))

    def covers_all(label):
        t = timing.get(label)
        return t is None or t["nseries"] >= len(skus)

    result = {"kind": "accuracy", "name": a.name, "horizon": a.horizon, "panels": {}}
    all_labels = [label for label, _ in methods + peers if covers_all(label)]
    rows = [dict(label=lab, **score(skus, actual, scales, forecasts[lab])) for lab in all_labels]
    result["panels"]["all"] = table("-- all %d SKUs (methods run on every SKU)" % len(skus),
                                    rows, peer_labels, timing)
    if subset is not None and len(subset) < len(skus):
        rows = [dict(label=lab, **score(subset, actual, scales, forecasts[lab]))
                for lab, _ in methods + peers]
        result["panels"]["subset"] = table(
            "-- subset of %d SKUs (every k-th SKU in file order, listed in %s): every method"
            % (len(subset), a.subset), rows, peer_labels, timing)
    elif subset is not None:
        pass  # the slow peers ran on every SKU: the first table has them all
    fails = {lab: t["failed"] for lab, t in timing.items() if t.get("failed")}
    if fails:
        print("  fits that failed and fell back to snaive: %s" % ", ".join(
            "%s %d" % kv for kv in sorted(fails.items())))
    if a.summary:
        with open(a.summary, "a", encoding="utf-8") as f:
            f.write(json.dumps(result) + "\n")
    return 0


def cmd_speed(a):
    jt = read_timing([a.jaego_timing])
    rt = read_timing([a.r_timing]) if a.r_timing else {}
    j = jt.get("jaego auto")
    r = rt.get("R arima")
    print()
    print("=" * 100)
    print("Speed: synthetic %d SKUs x %g years, jaego forecast --model auto --horizon %d"
          % (a.nseries, a.years, a.horizon))
    res = {"kind": "speed", "nseries": a.nseries}
    if j:
        res.update(wall=j["seconds"], rss_kb=j["rss_kb"], jaego_sps=j["seconds"] / j["nseries"])
        print("  jaego auto: %.2f s wall for %d series (%.5f s/series), peak RSS %.1f MB%s"
              % (j["seconds"], j["nseries"], res["jaego_sps"], (j["rss_kb"] or 0) / 1024.0,
                 "" if not j["failed"] else " (command FAILED)"))
        res["failed"] = j["failed"]
    if r:
        res["r_arima_sps"] = r["seconds"] / r["nseries"]
        print("  R auto.arima: %.2f s for %d series (%.4f s/series)"
              % (r["seconds"], r["nseries"], res["r_arima_sps"]))
        if j:
            print("  jaego auto is %.1fx faster per series (wall)" % (
                res["r_arima_sps"] / res["jaego_sps"]))
            if j.get("cpu") and r.get("cpu"):
                print("  CPU time per series: jaego %.5f s, R %.4f s (%.1fx; jaego uses all"
                      " cores, R one)" % (j["cpu"] / j["nseries"], r["cpu"] / r["nseries"],
                                          (r["cpu"] / r["nseries"]) / (j["cpu"] / j["nseries"])))
    # Global models trained once (--save-model) and reused (--load-model).
    for m in ("gbm", "lstm"):
        tr, ld = jt.get("jaego %s train+save" % m), jt.get("jaego %s from saved" % m)
        if tr:
            res["%s_train_wall" % m] = None if tr["failed"] else tr["seconds"]
            res["%s_train_rss_kb" % m] = tr.get("rss_kb")
            print("  training a %s and saving it: %.2f s for %d series%s" % (
                m, tr["seconds"], tr["nseries"], " (command FAILED)" if tr["failed"] else ""))
        if ld:
            res["%s_loaded_wall" % m] = ld["seconds"]
            res["%s_loaded_failed" % m] = ld["failed"]
            print("  forecast from a trained %s: %.2f s for %d series%s" % (
                m, ld["seconds"], ld["nseries"], " (command FAILED)" if ld["failed"] else ""))
    if a.summary:
        with open(a.summary, "a", encoding="utf-8") as f:
            f.write(json.dumps(res) + "\n")
    return 0


def cmd_final(a):
    recs = []
    with open(a.summary, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    print()
    print("=" * 100)
    print("Targets")
    ok_all = True

    def line(ok, text):
        nonlocal ok_all
        ok_all &= bool(ok)
        print("%s  %s" % ("PASS" if ok else "FAIL", text))

    for r in recs:
        if r["kind"] != "accuracy":
            continue
        for panel, p in sorted(r["panels"].items()):
            for metric in ("mase", "rmse"):
                mine, best = p.get("auto_" + metric), p.get("best_" + metric)
                ok = mine is not None and best is not None and mine == mine and mine < best
                line(ok, "%s h=%d %s SKUs: auto %s %s < best R peer %s" % (
                    r["name"], r["horizon"], panel, metric.upper(), fmt(mine, ".3f"),
                    fmt(best, ".3f")))
    print("-- second issue: the Prophet-style model against R's Prophet, auto against auto-stat")
    for r in recs:
        if r["kind"] != "accuracy":
            continue
        p = r["panels"].get("subset") or r["panels"].get("all")
        panel = "subset" if "subset" in r["panels"] else "all"
        if p and p.get("prophet_mase") is not None and p.get("r_prophet_mase") is not None:
            line(p["prophet_mase"] <= p["r_prophet_mase"],
                 "%s h=%d %s SKUs: prophet MASE %s <= R prophet %s" % (
                     r["name"], r["horizon"], panel, fmt(p["prophet_mase"], ".3f"),
                     fmt(p["r_prophet_mase"], ".3f")))
            ratio = (p["r_prophet_sps"] / p["prophet_sps"]) if p.get("r_prophet_sps") and p.get(
                "prophet_sps") else None
            line(ratio is not None and ratio >= 20,
                 "%s h=%d: prophet %sx faster per series than R prophet (>= 20x)" % (
                     r["name"], r["horizon"], fmt(ratio, ".0f")))
    better = total = 0
    for r in recs:
        if r["kind"] != "accuracy":
            continue
        p = r["panels"]["all"]
        if p.get("stat_mase") is None:
            continue
        total += 1
        ok = p["auto_mase"] < p["stat_mase"] and p["auto_rmse"] < p["stat_rmse"]
        better += ok
        print("info  %s h=%d all SKUs: auto MASE %s / RMSE %s, auto-stat %s / %s: %s" % (
            r["name"], r["horizon"], fmt(p["auto_mase"], ".4f"), fmt(p["auto_rmse"], ".3f"),
            fmt(p["stat_mase"], ".4f"), fmt(p["stat_rmse"], ".3f"),
            "better on both" if ok else "not better on both"))
    if total:
        line(better * 2 > total, "auto better than auto-stat on both MASE and RMSE in %d of %d "
             "data-set/horizon cases (a majority)" % (better, total))
    for r in recs:
        if r["kind"] != "speed":
            continue
        for m, limit in (("gbm", 30.0), ("lstm", 60.0)):
            tw, trss = r.get("%s_train_wall" % m), r.get("%s_train_rss_kb" % m)
            line(tw is not None and tw < limit,
                 "training: %s on %d SKUs x 3 years in %s s wall, forecast included (< %.0f s)"
                 % (m, r["nseries"], fmt(tw, ".1f"), limit))
            line(trss is not None and trss < 500 * 1024,
                 "memory: %s training peak RSS %s MB (< 500 MB)" % (
                     m, fmt(trss / 1024.0 if trss else None, ".1f")))
    for r in recs:
        if r["kind"] != "speed":
            continue
        wall, rss = r.get("wall"), r.get("rss_kb")
        line(wall is not None and not r.get("failed") and wall < 5.0,
             "speed: %d SKUs x 3 years with auto in %s s wall (< 5 s)" % (
                 r["nseries"], fmt(wall, ".2f")))
        ratio = (r["r_arima_sps"] / r["jaego_sps"]) if r.get("r_arima_sps") and r.get(
            "jaego_sps") else None
        line(ratio is not None and ratio >= 50,
             "speed: %sx faster per series than R auto.arima (>= 50x)" % fmt(ratio, ".1f"))
        line(rss is not None and rss < 200 * 1024,
             "memory: peak RSS %s MB (< 200 MB)" % fmt(rss / 1024.0 if rss else None, ".1f"))
        for m in ("gbm", "lstm"):
            lw = r.get("%s_loaded_wall" % m)
            line(lw is not None and not r.get("%s_loaded_failed" % m) and lw < 1.0,
                 "speed: %d SKUs forecast from a trained %s in %s s wall (< 1 s)" % (
                     r["nseries"], m, fmt(lw, ".2f")))
    print("%s  all targets" % ("PASS" if ok_all else "FAIL"))
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("accuracy")
    s.add_argument("--data", required=True)
    s.add_argument("--train", required=True)
    s.add_argument("--name", required=True)
    s.add_argument("--horizon", type=int, required=True)
    s.add_argument("--timing", action="append")
    s.add_argument("--subset")
    s.add_argument("--method", action="append")
    s.add_argument("--peer", action="append")
    s.add_argument("--summary")
    s = sub.add_parser("speed")
    s.add_argument("--nseries", type=int, required=True)
    s.add_argument("--years", type=float, default=3)
    s.add_argument("--horizon", type=int, default=90)
    s.add_argument("--jaego-timing", required=True)
    s.add_argument("--r-timing")
    s.add_argument("--summary")
    s = sub.add_parser("final")
    s.add_argument("--summary", required=True)
    a = ap.parse_args(argv)
    return {"accuracy": cmd_accuracy, "speed": cmd_speed, "final": cmd_final}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

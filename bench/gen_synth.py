#!/usr/bin/env python3
"""Deterministic synthetic daily sales for the forecast speed and memory benchmark.

    gen_synth.py [--skus 500] [--years 3] [--seed 42] OUT.csv

Writes date,sku,qty (dense, sorted by sku then date, all SKUs ending 2025-12-31), the
format of the real data sets. The mix mimics a small online shop: 40 % smooth sellers
(Poisson around a level with a weekly pattern, a yearly wave, a trend and short
promotions), 30 % intermittent and 30 % lumpy ones (rare days, sometimes bulk orders).
Accuracy is not judged on this set (it is easy to fit by construction); it exists so
that the speed figures always use the same 500 series of equal length.
Standard library only; the same arguments give the same bytes.
"""
import argparse
import datetime as dt
import math
import random
import sys


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 40:  # normal approximation, fast and good enough here
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--skus", type=int, default=500)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("out")
    a = ap.parse_args(argv)
    end = dt.date(2025, 12, 31)
    ndays = 365 * a.years
    days = [end - dt.timedelta(days=ndays - 1 - i) for i in range(ndays)]
    iso = [d.isoformat() for d in days]
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("date,sku,qty\n")
        for s in range(a.skus):
            sku = "SYN%04d" % (s + 1)
            kind = rng.random()
            level = math.exp(rng.uniform(math.log(2), math.log(60)))
            weekly = [1 + rng.uniform(-0.4, 0.4) for _ in range(7)]
            amp = rng.uniform(0, 0.5)
            phase = rng.uniform(0, 2 * math.pi)
            trend = rng.uniform(-0.4, 0.6) / ndays
            rate = rng.uniform(0.03, 0.4)  # selling-day probability (intermittent)
            size = math.exp(rng.uniform(0, math.log(20)))
            promo_left = 0
            lines = []
            for t, d in enumerate(days):
                season = 1 + amp * math.sin(2 * math.pi * t / 365.25 + phase)
                if promo_left == 0 and rng.random() < 0.01:
                    promo_left = rng.randint(2, 5)
                boost = 1.8 if promo_left > 0 else 1.0
                promo_left = max(0, promo_left - 1)
                wd = weekly[d.weekday()]
                if kind < 0.4:
                    q = poisson(rng, level * wd * season * (1 + trend * t) * boost)
                elif kind < 0.7:
                    q = 1 + poisson(rng, size / 4) if rng.random() < rate * wd * boost else 0
                else:
                    q = 0
                    if rng.random() < rate * 0.5 * wd * season:
                        q = 1 + poisson(rng, size * (5 if rng.random() < 0.1 else 1))
                lines.append("%s,%s,%d\n" % (iso[t], sku, q))
            f.write("".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

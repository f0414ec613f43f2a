#!/usr/bin/env python3
"""Closed form against Monte Carlo over every cell of a sweep document.

    python3 Examples/appendix-figure/compare.py sweep.json

For P(c_k < 0) and P(more than one effective component) it prints z =
(MC − closed)/SE, with SE = √(p(1−p)/trials) from the closed-form p (so cells
whose Monte Carlo count is 0 are still tested), and how many |z| exceed 2, 3, 4.
For a correct sampler and closed form, z is about N(0, 1) in every cell where
p·trials is not tiny.
"""
import json
import math
import sys

document = json.load(open(sys.argv[1]))
rows = document["rows"]
for metric, trials_of in [("p_pathological", lambda r: r["samples"] * r["l"]), ("p_multiple_effective", lambda r: r["samples"])]:
    zs = []
    for r in rows:
        p, mc = r[metric], r[metric + "_mc"]
        if p is None or mc is None:
            continue
        n = trials_of(r)
        if p * n < 5 or (1 - p) * n < 5:  # the normal approximation needs a few expected events
            continue
        zs.append(((mc - p) / math.sqrt(p * (1 - p) / n), r["scheme"], r["d"], r["l"]))
    if not zs:
        print(f"{metric}: no cell with enough expected events")
        continue
    worst = max(zs, key=lambda z: abs(z[0]))
    chi2 = sum(z[0] ** 2 for z in zs)
    print(f"{metric}: {len(zs)} cells with ≥ 5 expected events; mean z {sum(z[0] for z in zs) / len(zs):+.3f}, "
          f"Σz² = {chi2:.1f} (expected {len(zs)} ± {math.sqrt(2 * len(zs)):.0f}); "
          f"|z| > 2: {sum(abs(z[0]) > 2 for z in zs)}, > 3: {sum(abs(z[0]) > 3 for z in zs)}, > 4: {sum(abs(z[0]) > 4 for z in zs)}; "
          f"largest |z| = {abs(worst[0]):.2f} ({worst[1]}, d = {worst[2]}, l = {worst[3]})")

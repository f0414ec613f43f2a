#!/usr/bin/env python3
"""Inits for the Figure 4 study: l⁺ free neurons drawn from the init scheme
conditioned on their class, not made by rescaling (issue 17, item 1).

Scheme (one hidden layer, d = 30 inputs, hidden and output bias present):

    w_k ~ N(0, I/d),  b_k = 0,  v_k ~ N(0, 1),  β = 0,

so a_k = (w_k, b_k) has ‖a_k‖² ~ χ²_30/30 ≈ 1 and c_k = ‖a_k‖² − v_k² < 0
with probability P(F(1, 30) > 1) ≈ 0.325: both classes are common, so the
conditional draws below are cheap, and the per-class distributions are the
scheme's own. A neuron is *free* when c_k > 0 and *pathological* when c_k < 0
(e = 1: the sign of v_k is locked, docs/THEORY.md §3); c_k = 0 belongs to
neither class and is redrawn.

Conditional sampling, exact: given "exactly l⁺ of the l neurons are free",
the neurons are exchangeable and independent given their classes, so the
conditional law is: l⁺ neurons drawn i.i.d. from the scheme given c > 0,
l − l⁺ drawn i.i.d. given c < 0 (each by rejection: draw (w, v) from the
scheme until the class matches), then a uniformly random order. Signs of v
(locked or not) stay as drawn. The class of every draw is decided exactly on
the float64 values (fractions.Fraction), and `verify` asks relutopo's own
`analyze --json` for the count of every written init.

Deterministic per (l, l⁺, seed): numpy default_rng([l, l⁺, seed]).

    python3 make_inits.py DIR --widths 2,4,8,16,32 --seeds 30 [--relutopo BIN] [--table CSV]

writes DIR/l{l}_p{l⁺}_s{seed}.npz (keys W1, b1, W2, b2; float64; nothing else
in DIR, so that it can be handed to `relutopo flow --batch DIR`) and the table
CSV (default: inits.csv beside DIR) with l, l_plus, seed, file and per-init
summaries, and with --relutopo checks every file's count with
`relutopo analyze --json`."""
import argparse, csv, json, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
import numpy as np

D = 30


def design(widths, subsample=9):
    """The (l, l⁺) cells: every l⁺ for l ≤ 8, `subsample` evenly spaced values for larger l."""
    cells = []
    for l in widths:
        if l <= 8:
            values = range(l + 1)
        else:
            step = l // (subsample - 1)
            values = range(0, l + 1, step)
        cells += [(l, p) for p in values]
    return cells


def exact_c(w, v):
    """c = ‖a‖² − v² on the exact binary64 values (b = 0), as a Fraction."""
    return sum(Fraction(float(x)) ** 2 for x in w) - Fraction(float(v)) ** 2


def draw_neuron(rng, free):
    """One neuron (w, v) from the scheme conditioned on c > 0 (free) or c < 0."""
    tries = 0
    while True:
        tries += 1
        w = rng.normal(0.0, 1.0 / np.sqrt(D), size=D)
        v = rng.normal(0.0, 1.0)
        c = exact_c(w, v)
        if (free and c > 0) or (not free and c < 0):
            return w, v, tries


def make_init(l, l_plus, seed):
    """The init of cell (l, l⁺) and seed: W1 (l × d), b1, W2 (1 × l), b2, and the free mask."""
    rng = np.random.default_rng([l, l_plus, seed])
    neurons = [draw_neuron(rng, True) for _ in range(l_plus)] + [draw_neuron(rng, False) for _ in range(l - l_plus)]
    order = rng.permutation(l)
    W = np.array([neurons[i][0] for i in order], dtype=np.float64)
    v = np.array([neurons[i][1] for i in order], dtype=np.float64)
    free = np.array([i < l_plus for i in order])
    return {"W1": W, "b1": np.zeros(l), "W2": v.reshape(1, l), "b2": np.zeros(1)}, free


def file_name(l, l_plus, seed):
    return f"l{l}_p{l_plus}_s{seed}.npz"


def analyze_count(relutopo, path):
    """relutopo's own count: (free = c > 0, pathological) from `analyze --json`."""
    out = subprocess.run([relutopo, "analyze", path, "--json", "--betti", "none"],
                         capture_output=True, text=True, check=True).stdout
    doc = json.loads(out)
    return doc["sign_counts"]["positive"], doc["pathological_neurons"], doc["sign_counts"]["zero"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--widths", default="2,4,8,16,32")
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--relutopo", help="check every init's count with relutopo analyze --json")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--table", help="the table of inits (default: inits.csv beside OUTDIR)")
    args = parser.parse_args()
    widths = [int(x) for x in args.widths.split(",")]
    os.makedirs(args.outdir, exist_ok=True)
    rows = []
    for l, p in design(widths):
        for seed in range(args.seeds):
            model, free = make_init(l, p, seed)
            name = file_name(l, p, seed)
            path = os.path.join(args.outdir, name)
            np.savez(path, **model)
            c = np.sum(model["W1"] ** 2, axis=1) - model["W2"][0] ** 2
            assert int(np.sum(free)) == p and np.all((c > 0) == free)
            v = model["W2"][0]
            rows.append({"l": l, "l_plus": p, "seed": seed, "file": name,
                         "neg_locked": int(np.sum((~free) & (v < 0))), "pos_locked": int(np.sum((~free) & (v > 0))),
                         "sum_v2": float(np.sum(v ** 2)), "sum_a2": float(np.sum(model["W1"] ** 2))})
    if args.relutopo:
        def check(row):
            positive, pathological, zero = analyze_count(args.relutopo, os.path.join(args.outdir, row["file"]))
            if (positive, pathological, zero) != (row["l_plus"], row["l"] - row["l_plus"], 0):
                raise SystemExit(f"{row['file']}: relutopo counts {positive} free, {pathological} pathological, {zero} zero")
            return positive
        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(check, rows))
        print(f"relutopo analyze agrees on l⁺ for all {len(rows)} inits", file=sys.stderr)
    table = args.table or os.path.join(os.path.dirname(os.path.abspath(args.outdir)), "inits.csv")
    with open(table, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} inits to {args.outdir} and {table}", file=sys.stderr)


if __name__ == "__main__":
    main()

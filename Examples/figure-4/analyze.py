#!/usr/bin/env python3
"""Analysis of the Figure 4 study (issue 17, item 3).

    python3 analyze.py OUTDIR [--relutopo BIN] [--data CSV]

Reads OUTDIR/runs.csv and OUTDIR/inits.csv (run_study.py, make_inits.py) and writes:

* cells.csv, cells.md: per (l, l⁺, split, method) the mean test and train loss at
  the end (t = STEPS·ETA) and at the early-stopping point (the lowest test loss
  along the run, `best_test_loss`; the train loss at that moment), each with a
  95% t-interval over the seeds; the mean early-stopping time;
* heatmap_{method}.svg (mean test loss over l × l⁺, the paper's view),
  fraction_{method}.svg (loss against l⁺/l, one line per l, 95% error bars),
  lplus_{method}.svg (the same against l⁺);
* regressions.csv, regressions.md: OLS of each loss on l⁺, on l⁺/l and on both,
  with an intercept, without and with log₂ l as a control (and with one
  intercept per l), coefficients with 95% intervals (HC3 robust standard errors)
  and R², per split and method; slopes.csv: the slope on l⁺ within each l;
* with --relutopo and --data: obstruct.csv, relutopo's exact floor
  (`obstruct --data` on the standardised training rows of each split) for the
  l⁺ = 0 inits beside their final train losses; and a check that the
  training/test rows written here are relutopo's (initial losses recomputed
  from the rows agree with the run's own t = 0 losses);
* summary.md: the headline numbers."""
import argparse, csv, json, math, os, subprocess, sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
import numpy as np
from scipy import stats
import svgplot

METRICS = [("test_es", "best_test_loss", "test loss, early stopping"),
           ("test_end", "test_loss", "test loss, end"),
           ("train_es", "train_at_best", "train loss at the early-stopping point"),
           ("train_end", "final_loss", "train loss, end")]
METHOD_NAMES = {"gd": "gradient descent", "dopri5": "gradient flow (dopri5)"}


def number(s):
    return float(s) if s not in ("", None) else math.nan


def load(outdir):
    with open(os.path.join(outdir, "runs.csv")) as fh:
        runs = list(csv.DictReader(fh))
    with open(os.path.join(outdir, "inits.csv")) as fh:
        inits = {(int(r["l"]), int(r["l_plus"]), int(r["seed"])): r for r in csv.DictReader(fh)}
    for r in runs:
        for key in ("l", "l_plus", "seed", "split"):
            r[key] = int(r[key])
        for short, column, _ in METRICS:
            r[short] = number(r[column])
        r["t_es"] = number(r["best_test_time"])
        r["t_max"] = number(r["t_max"])
        init = inits[(r["l"], r["l_plus"], r["seed"])]
        r["sum_v2"] = float(init["sum_v2"])
    return runs, inits


def mean_ci(values):
    """(mean, half-width of the 95% t-interval, n) of the finite values."""
    x = np.array([v for v in values if not math.isnan(v)])
    n = len(x)
    if n == 0:
        return math.nan, math.nan, 0
    if n == 1:
        return float(x[0]), math.nan, 1
    return float(x.mean()), float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n)), n


def cell_table(runs):
    groups = defaultdict(list)
    for r in runs:
        groups[(r["l"], r["l_plus"], r["split"], r["method"])].append(r)
    cells = []
    for (l, p, split, method), members in sorted(groups.items(), key=lambda kv: (kv[0][3] != "gd", kv[0][3], kv[0][2], kv[0][0], kv[0][1])):
        cell = {"l": l, "l_plus": p, "fraction": p / l, "split": split, "method": method, "n": len(members)}
        for short, _, _ in METRICS:
            cell[short], cell[short + "_ci"], _ = mean_ci([m[short] for m in members])
        cell["t_es"], cell["t_es_ci"], _ = mean_ci([m["t_es"] for m in members])
        cell["es_at_end"] = sum(m["t_es"] >= m["t_max"] - 1e-9 for m in members)
        cell["sum_v2"] = float(np.mean([m["sum_v2"] for m in members]))
        cell["verdicts"] = ";".join(f"{v}:{c}" for v, c in sorted(count(m["verdict"] for m in members).items()))
        cells.append(cell)
    return cells


def count(items):
    out = defaultdict(int)
    for i in items:
        out[i] += 1
    return out


def write_cells(cells, outdir):
    keys = ["l", "l_plus", "fraction", "split", "method", "n"]
    for short, _, _ in METRICS:
        keys += [short, short + "_ci"]
    keys += ["t_es", "t_es_ci", "es_at_end", "sum_v2", "verdicts"]
    with open(os.path.join(outdir, "cells.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(keys)
        for c in cells:
            w.writerow([f"{c[k]:.6g}" if isinstance(c[k], float) else c[k] for k in keys])
    lines = []
    for method in sorted({c["method"] for c in cells}, key=lambda m: m != "gd"):
        for split in sorted({c["split"] for c in cells if c["method"] == method}):
            lines += [f"\n### {METHOD_NAMES.get(method, method)}, split {split}\n",
                      "| l | l⁺ | l⁺/l | n | test, early stop | test, end | train at early stop | train, end | t early stop | at end | mean Σv² |",
                      "|---|---|---|---|---|---|---|---|---|---|---|"]
            for c in cells:
                if c["method"] != method or c["split"] != split:
                    continue
                f = lambda k: f"{c[k]:.4f} ± {c[k + '_ci']:.4f}" if not math.isnan(c[k]) else "—"
                lines.append(f"| {c['l']} | {c['l_plus']} | {c['fraction']:.3f} | {c['n']} | {f('test_es')} | {f('test_end')} | "
                             f"{f('train_es')} | {f('train_end')} | {c['t_es']:.1f} | {c['es_at_end']} | {c['sum_v2']:.2f} |")
    with open(os.path.join(outdir, "cells.md"), "w") as fh:
        fh.write("# Figure 4 study: cells\n\nMean ± half-width of the 95% t-interval over the seeds; "
                 "'at end': runs whose lowest test loss is at the last step; Σv²: mean over the cell's inits of Σ_k v_k² at t = 0.\n")
        fh.write("\n".join(lines) + "\n")


def ols(y, X, names):
    """OLS with classical and HC3 standard errors; 95% t-intervals."""
    ok = ~np.isnan(y)
    y, X = y[ok], X[ok]
    n, p = X.shape
    if n <= p or np.linalg.matrix_rank(X) < p:
        return None     # too few runs for this model (a smoke run)
    XtX_inv = np.linalg.inv(X.T @ X)
    beta = XtX_inv @ X.T @ y
    e = y - X @ beta
    h = np.einsum("ij,jk,ik->i", X, XtX_inv, X)
    s2 = e @ e / (n - p)
    se = np.sqrt(np.diag(XtX_inv) * s2)
    meat = (X * ((e / (1 - h)) ** 2)[:, None]).T @ X
    se_hc3 = np.sqrt(np.diag(XtX_inv @ meat @ XtX_inv))
    q = stats.t.ppf(0.975, n - p)
    r2 = 1 - (e @ e) / np.sum((y - y.mean()) ** 2)
    return {"n": n, "r2": r2, "coef": {name: (beta[i], se[i], se_hc3[i], q) for i, name in enumerate(names)}}


MODELS = [
    ("l⁺", ["lplus"], None),
    ("l⁺/l", ["fraction"], None),
    ("both", ["lplus", "fraction"], None),
    ("l⁺ + log₂ l", ["lplus"], "log2l"),
    ("l⁺/l + log₂ l", ["fraction"], "log2l"),
    ("both + log₂ l", ["lplus", "fraction"], "log2l"),
    ("l⁺ + one intercept per l", ["lplus"], "fixed"),
    ("both + one intercept per l", ["lplus", "fraction"], "fixed"),
    ("l⁺ + log₂ l + Σv²", ["lplus"], "log2l+v2"),
    ("Σv² within cells", [], "cells+v2"),
]


def design_matrix(rows, terms, control):
    lp = np.array([r["l_plus"] for r in rows], float)
    l = np.array([r["l"] for r in rows], float)
    columns = {"lplus": lp, "fraction": lp / l, "log2l": np.log2(l), "sum_v2": np.array([r["sum_v2"] for r in rows])}
    X, names = [], []
    if control == "cells+v2":
        cells = sorted({(r["l"], r["l_plus"]) for r in rows})
        for cell in cells:
            X.append(np.array([(r["l"], r["l_plus"]) == cell for r in rows], float))
            names.append(f"cell {cell}")
        X.append(columns["sum_v2"])
        names.append("sum_v2")
        return np.column_stack(X), names
    if control == "fixed":
        for width in sorted(set(l)):
            X.append((l == width).astype(float))
            names.append(f"l={int(width)}")
    else:
        X.append(np.ones(len(rows)))
        names.append("intercept")
    for t in terms:
        X.append(columns[t])
        names.append(t)
    if control in ("log2l", "log2l+v2"):
        X.append(columns["log2l"])
        names.append("log2l")
    if control == "log2l+v2":
        X.append(columns["sum_v2"])
        names.append("sum_v2")
    return np.column_stack(X), names


def regressions(runs, outdir):
    results = []
    for method in sorted({r["method"] for r in runs}, key=lambda m: m != "gd"):
        for split in sorted({r["split"] for r in runs if r["method"] == method}):
            rows = [r for r in runs if r["method"] == method and r["split"] == split]
            for short, _, label in METRICS:
                y = np.array([r[short] for r in rows])
                if np.all(np.isnan(y)):
                    continue
                for model, terms, control in MODELS:
                    X, names = design_matrix(rows, terms, control)
                    fit = ols(y, X, names)
                    if fit is None:
                        continue
                    results.append({"method": method, "split": split, "outcome": short, "model": model, **fit})
    with open(os.path.join(outdir, "regressions.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["method", "split", "outcome", "model", "n", "r2", "term", "coef", "se", "se_hc3", "lo95_hc3", "hi95_hc3"])
        for res in results:
            for term, (b, se, se3, q) in res["coef"].items():
                if term.startswith("cell "):
                    continue    # the 35 cell intercepts of 'Σv² within cells'
                w.writerow([res["method"], res["split"], res["outcome"], res["model"], res["n"], f"{res['r2']:.4f}", term,
                            f"{b:.6g}", f"{se:.4g}", f"{se3:.4g}", f"{b - q * se3:.6g}", f"{b + q * se3:.6g}"])
    lines = ["# Figure 4 study: regressions\n",
             "OLS over runs (one row per init), coefficients with 95% intervals from HC3 (heteroscedasticity-robust) "
             "standard errors; `l⁺` per free neuron, `l⁺/l` per unit fraction (0 → 1), `log₂ l` per doubling of the width. "
             "'both + one intercept per l' replaces the intercept and log₂ l by one intercept per width; "
             "'+ Σv²' adds the init's Σ_k v_k² (the output scale at t = 0, which the class conditioning ties to l⁺); "
             "'Σv² within cells' fits one intercept per (l, l⁺) cell and a common slope on Σv²: the effect of the output scale at fixed topology. "
             "Classical standard errors are in regressions.csv."]
    fmt = lambda c: f"{c[0]:+.4f} [{c[0] - c[3] * c[2]:+.4f}, {c[0] + c[3] * c[2]:+.4f}]"
    for method in sorted({r["method"] for r in results}, key=lambda m: m != "gd"):
        for short, _, label in METRICS:
            sub = [r for r in results if r["method"] == method and r["outcome"] == short]
            if not sub:
                continue
            lines += [f"\n### {METHOD_NAMES.get(method, method)}: {label}\n",
                      "| split | model | n | l⁺ | l⁺/l | log₂ l | Σv² | R² |", "|---|---|---|---|---|---|---|---|"]
            for r in sub:
                c = r["coef"]
                cell = lambda k: fmt(c[k]) if k in c else ""
                lines.append(f"| {r['split']} | {r['model']} | {r['n']} | {cell('lplus')} | {cell('fraction')} | {cell('log2l')} | {cell('sum_v2')} | {r['r2']:.3f} |")
    with open(os.path.join(outdir, "regressions.md"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    return results


def slopes(runs, outdir):
    """Within each width l: the slope of each loss on l⁺ (per free neuron), with a 95% interval,
    and the same slope times l (per unit fraction). An effect of l⁺ itself gives equal slopes per
    neuron across l; an effect of the fraction gives equal slopes per unit fraction."""
    out = []
    for method in sorted({r["method"] for r in runs}, key=lambda m: m != "gd"):
        for split in sorted({r["split"] for r in runs if r["method"] == method}):
            for l in sorted({r["l"] for r in runs}):
                rows = [r for r in runs if r["method"] == method and r["split"] == split and r["l"] == l]
                for short, _, _ in METRICS:
                    y = np.array([r[short] for r in rows])
                    if np.all(np.isnan(y)):
                        continue
                    X, names = design_matrix(rows, ["lplus"], None)
                    fit = ols(y, X, names)
                    if fit is None:
                        continue
                    b, se, se3, q = fit["coef"]["lplus"]
                    out.append({"method": method, "split": split, "l": l, "outcome": short, "n": fit["n"],
                                "slope_per_neuron": b, "lo95": b - q * se3, "hi95": b + q * se3, "slope_per_fraction": b * l})
    with open(os.path.join(outdir, "slopes.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["method", "split", "l", "outcome", "n", "slope_per_neuron", "lo95", "hi95", "slope_per_fraction"])
        w.writeheader()
        for row in out:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()})
    return out


def figures(cells, outdir):
    methods = sorted({c["method"] for c in cells}, key=lambda m: m != "gd")
    widths = sorted({c["l"] for c in cells})
    lplus_values = sorted({c["l_plus"] for c in cells})
    for method in methods:
        splits = sorted({c["split"] for c in cells if c["method"] == method})
        mine = [c for c in cells if c["method"] == method]
        # Heat maps: rows l, columns l⁺; test loss at early stopping and at the end; one row of panels per split.
        parts, pw, ph = [], 470, 150
        W, H = 2 * (pw + 130) + 40, len(splits) * (ph + 80) + 50
        for k, (short, label) in enumerate([("test_es", "test loss, early stopping"), ("test_end", "test loss, end")]):
            for i, split in enumerate(splits):
                grid = {(c["l"], c["l_plus"]): c[short] for c in mine if c["split"] == split}
                lo, hi = min(grid.values()), max(grid.values())
                x0, y0 = 70 + k * (pw + 130), 40 + i * (ph + 80)
                parts += svgplot.heatmap(x0, y0, pw, ph, widths[::-1], lplus_values, grid,
                                         f"{label}, split {split}", "width l", "l⁺ (free neurons)", lo, hi)
                parts += svgplot.colour_bar(x0 + pw + 12, y0 + 10, 12, ph - 10, lo, hi, "mean")
        with open(os.path.join(outdir, f"heatmap_{method}.svg"), "w") as fh:
            fh.write(svgplot.document(W, H, parts, f"{METHOD_NAMES.get(method, method)}: mean test loss per (l, l⁺) "
                                                   f"over seeds (colour scale per panel); grey: cell not in the design."))
        # Lines against l⁺/l and against l⁺.
        for xkey, xlabel, fname, xr in [("fraction", "l⁺ / l", "fraction", (0, 1)),
                                        ("l_plus", "l⁺", "lplus", (0, max(lplus_values)))]:
            parts, pw, ph = [], 250, 180
            W, H = len(METRICS) * (pw + 70) + 30, len(splits) * (ph + 75) + 40
            for k, (short, _, label) in enumerate(METRICS):
                ys = [c[short] + (c[short + "_ci"] if not math.isnan(c[short + "_ci"]) else 0) for c in mine if not math.isnan(c[short])]
                ys_lo = [c[short] - (c[short + "_ci"] if not math.isnan(c[short + "_ci"]) else 0) for c in mine if not math.isnan(c[short])]
                if not ys:
                    continue
                span = max(ys) - min(ys_lo)
                yr = (max(0.0, min(ys_lo) - 0.05 * span), max(ys) + 0.05 * span)
                for i, split in enumerate(splits):
                    series = []
                    for l in widths:
                        pts = [(c[xkey], c[short], c[short + "_ci"]) for c in mine if c["split"] == split and c["l"] == l]
                        series.append((f"l = {l}", sorted(pts)))
                    parts += svgplot.lines(60 + k * (pw + 70), 35 + i * (ph + 75), pw, ph, series,
                                           f"{label}, split {split}", xlabel, "mean loss", xr, yr, legend=(k == 0))
            with open(os.path.join(outdir, f"{fname}_{method}.svg"), "w") as fh:
                fh.write(svgplot.document(W, H, parts, f"{METHOD_NAMES.get(method, method)}: mean loss against {xlabel}, "
                                                       f"one line per width, bars: 95% t-intervals over seeds."))


def standardised_rows(data):
    """The CSV's features z-scored over all rows exactly as relutopo does (sequential sums,
    population standard deviation), the targets, and the header."""
    with open(data) as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [[float(x) for x in row] for row in reader]
    target = header.index("target")
    features = [[x for j, x in enumerate(row) if j != target] for row in rows]
    names = [h for j, h in enumerate(header) if j != target]
    y = [row[target] for row in rows]
    n, d = len(features), len(features[0])
    for j in range(d):
        mean = 0.0
        for i in range(n):
            mean += features[i][j]
        mean /= n
        var = 0.0
        for i in range(n):
            var += (features[i][j] - mean) * (features[i][j] - mean)
        sd = math.sqrt(var / n)
        for i in range(n):
            features[i][j] = (features[i][j] - mean) / sd if sd > 0 else features[i][j] - mean
    return names, features, y


def split_rows(samples, test_fraction, seed):
    """relutopo's split (FlowData.splitRows): Fisher–Yates with SplitMix64, first round(n·f) rows held out."""
    mask = (1 << 64) - 1
    state = seed & mask

    def next_u64():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)
    order = list(range(samples))
    for i in range(samples - 1, 0, -1):
        j = next_u64() % (i + 1)
        order[i], order[j] = order[j], order[i]
    test_count = int(math.floor(samples * test_fraction + 0.5))
    return order[test_count:], order[:test_count]


def bce(model, X, y):
    W, b, v, beta = model["W1"], model["b1"], model["W2"][0], model["b2"][0]
    f = np.maximum(X @ W.T + b, 0.0) @ v + beta
    return float(np.mean(np.logaddexp(0.0, f) - y * f))


def obstruct_and_split_check(runs, outdir, relutopo, data, jobs=2):
    names, features, y = standardised_rows(data)
    X, Y = np.array(features), np.array(y)
    workdir = os.path.join(outdir, "obstruct")
    os.makedirs(workdir, exist_ok=True)
    splits = sorted({r["split"] for r in runs})
    paths, parts = {}, {}
    for split in splits:
        train, test = split_rows(len(features), 0.2, split)
        parts[split] = (train, test)
        paths[split] = os.path.join(workdir, f"train_split{split}.csv")
        with open(paths[split], "w") as fh:
            fh.write(",".join(names + ["target"]) + "\n")
            for i in train:
                fh.write(",".join(repr(x) for x in features[i]) + f",{int(y[i])}\n")
    # Check: the t = 0 losses relutopo reported equal the losses recomputed on these rows.
    worst, checked = 0.0, 0
    for r in runs:
        if math.isnan(number(r.get("loss0", ""))):
            continue
        model = np.load(os.path.join(outdir, "inits", f"l{r['l']}_p{r['l_plus']}_s{r['seed']}.npz"))
        train, test = parts[r["split"]]
        for value, rows in ((number(r["loss0"]), train), (number(r["test_loss0"]), test)):
            worst = max(worst, abs(bce(model, X[rows], Y[rows]) - value) / value)
        checked += 1
    # Exact floors of the l⁺ = 0 inits on each split's training rows.
    by_key = {(r["l"], r["l_plus"], r["seed"], r["split"], r["method"]): r for r in runs}

    def floor(key):
        l, p, seed, split, method = key
        init = os.path.join(outdir, "inits", f"l{l}_p0_s{seed}.npz")
        doc = json.loads(subprocess.run([relutopo, "obstruct", "--init", init, "--data", paths[split], "--target", "target",
                                         "--loss", "bce", "--json"], capture_output=True, text=True, check=True).stdout)
        cert = doc.get("certificate") or {}
        row = {"l": l, "seed": seed, "split": split, "verdict": doc["verdict"],
               "locked_sign": cert.get("locked_output_sign"), "lower_bound": cert.get("lower_bound"),
               "convex_fit_bound": (cert.get("convex_fit") or {}).get("bound"),
               "flow_loss_floor": by_key[key]["loss_floor"], "gd_final_train": by_key[key]["train_end"]}
        flow = by_key.get((l, p, seed, split, "dopri5"))
        row["flow_final_train"] = flow["train_end"] if flow else math.nan
        return row
    with ThreadPoolExecutor(jobs) as pool:
        table = list(pool.map(floor, sorted(k for k in by_key if k[1] == 0 and k[4] == "gd")))
    with open(os.path.join(outdir, "obstruct.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(table[0]))
        w.writeheader()
        w.writerows(table)
    return {"split_check_runs": checked, "split_check_worst_relative": worst, "obstruct": table}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--relutopo")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "..", "..", "..", "shared", "data", "breast_cancer.csv"))
    args = parser.parse_args()
    runs, inits = load(args.outdir)
    cells = cell_table(runs)
    write_cells(cells, args.outdir)
    figures(cells, args.outdir)
    results = regressions(runs, args.outdir)
    slope_rows = slopes(runs, args.outdir)
    summary = summarise(runs, cells, results, slope_rows)
    if args.relutopo:
        check = obstruct_and_split_check(runs, args.outdir, args.relutopo, args.data)
        summary += summarise_obstruct(check)
    with open(os.path.join(args.outdir, "summary.md"), "w") as fh:
        fh.write(summary)
    print(summary)


def summarise(runs, cells, results, slope_rows):
    out = ["# Figure 4 study: summary\n"]
    methods = sorted({r["method"] for r in runs}, key=lambda m: m != "gd")
    out.append(f"{len(runs)} runs: " + ", ".join(
        f"{m} split {s}: {sum(1 for r in runs if r['method'] == m and r['split'] == s)}"
        for m in methods for s in sorted({r['split'] for r in runs if r['method'] == m})) + ".")
    out.append("Verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(count(r["verdict"] for r in runs).items())) + ".")
    es_end = sum(r["t_es"] >= r["t_max"] - 1e-9 for r in runs)
    out.append(f"Early-stopping point at the last step in {es_end} of {len(runs)} runs; median early-stopping time "
               f"{np.median([r['t_es'] for r in runs]):.1f} of t = {runs[0]['t_max']:g}.")
    # GD against the flow, paired by (init, split).
    pair = {(r["l"], r["l_plus"], r["seed"], r["split"]): r for r in runs if r["method"] == "dopri5"}
    for short, _, label in METRICS:
        diffs = [r[short] - pair[k][short] for r in runs if r["method"] == "gd"
                 for k in [(r["l"], r["l_plus"], r["seed"], r["split"])] if k in pair]
        if diffs and not all(math.isnan(x) for x in diffs):
            d = np.array([x for x in diffs if not math.isnan(x)])
            out.append(f"GD − flow, {label}: mean {d.mean():+.5f}, median |·| {np.median(np.abs(d)):.5f}, max |·| {np.abs(d).max():.4f} over {len(d)} pairs.")
    out.append("\nKey regressions (coefficient [95% HC3 interval]):\n")
    for r in results:
        if r["model"] in ("both + log₂ l", "both + one intercept per l", "l⁺ + log₂ l", "l⁺/l + log₂ l", "l⁺ + log₂ l + Σv²") and r["outcome"] in ("test_es", "test_end", "train_end"):
            c = r["coef"]
            terms = ", ".join(f"{k} {c[k][0]:+.4f} [{c[k][0] - c[k][3] * c[k][2]:+.4f}, {c[k][0] + c[k][3] * c[k][2]:+.4f}]"
                              for k in ("lplus", "fraction", "log2l", "sum_v2") if k in c)
            out.append(f"* {r['method']} split {r['split']} {r['outcome']} ~ {r['model']}: {terms}; R² {r['r2']:.3f}")
    out.append("\nOutput scale at fixed topology: the slope of each loss on Σv² within cells, times the change of Σv² per free "
               "neuron (pooled within widths), predicts a per-neuron effect to set beside the l⁺ coefficient with one intercept per l:\n")
    for method in methods:
        for split in sorted({r["split"] for r in runs if r["method"] == method}):
            rows = [r for r in runs if r["method"] == method and r["split"] == split]
            X, names = design_matrix(rows, ["lplus"], "fixed")
            fit = ols(np.array([r["sum_v2"] for r in rows]), X, names)
            for short in ("test_es", "test_end", "train_end"):
                fits = {r["model"]: r for r in results if r["method"] == method and r["split"] == split and r["outcome"] == short}
                if fit is None or "Σv² within cells" not in fits or "l⁺ + one intercept per l" not in fits:
                    continue
                dv2 = fit["coef"]["lplus"][0]
                b, _, se3, q = fits["Σv² within cells"]["coef"]["sum_v2"]
                c, _, ce3, cq = fits["l⁺ + one intercept per l"]["coef"]["lplus"]
                out.append(f"* {method} split {split} {short}: within-cell slope on Σv² {b:+.5f} [{b - q * se3:+.5f}, {b + q * se3:+.5f}]"
                           f" × dΣv²/dl⁺ {dv2:+.3f} = {b * dv2:+.5f} [{min((b - q * se3) * dv2, (b + q * se3) * dv2):+.5f}, {max((b - q * se3) * dv2, (b + q * se3) * dv2):+.5f}] per neuron;"
                           f" observed l⁺ coefficient {c:+.5f} [{c - cq * ce3:+.5f}, {c + cq * ce3:+.5f}]")
    out.append("\nSlope on l⁺ within each l (per free neuron; × l = per unit fraction):\n")
    for s in slope_rows:
        if s["outcome"] in ("test_es", "test_end") :
            out.append(f"* {s['method']} split {s['split']} {s['outcome']} l = {s['l']}: {s['slope_per_neuron']:+.5f} "
                       f"[{s['lo95']:+.5f}, {s['hi95']:+.5f}] per neuron, {s['slope_per_fraction']:+.4f} per unit fraction")
    return "\n".join(out) + "\n"


def summarise_obstruct(check):
    out = [f"\nSplit check: the t = 0 train and test losses recomputed on the rows written here agree with relutopo's for "
           f"{check['split_check_runs']} runs (largest relative difference {check['split_check_worst_relative']:.2e})."]
    table = check["obstruct"]
    verdicts = count(r["verdict"] for r in table)
    same_sign = [r for r in table if r["locked_sign"] is not None]
    positive = [r for r in table if r["lower_bound"] not in (None, "0", "0.0") or r["convex_fit_bound"] not in (None, "0", "0.0")]
    out.append(f"l⁺ = 0 inits on the training rows: obstruct verdicts {dict(verdicts)}; {len(same_sign)} of {len(table)} "
               f"(init, split) pairs have every output weight locked with one sign, {len(positive)} have a positive floor.")
    trains = [r["gd_final_train"] for r in table]
    out.append(f"Final GD train loss of those runs: min {min(trains):.4f}, median {np.median(trains):.4f}, max {max(trains):.4f}.")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Breast cancer (docs/THEORY.md §9, the paper's experiment): test loss against the number
l⁺ of non-pathological neurons (c_k > 0) for l ∈ {4, 8, 16}, several seeds.

Design: Kaiming inits are almost never pathological here (‖a‖² ≈ 2 ≫ v² ≈ 2/l),
so l⁺ is varied without changing the function: from each seed's init, the
first l − l⁺ neurons are rescaled by α = 1/4 (a → a/4, v → 4v, docs/THEORY.md §5.1), which
makes them pathological (c' ≈ ‖a‖²/16 − 16v² < 0; `analyze` confirms the count).
Runs with the same seed start from the same function with different topology.

Data: the Wisconsin breast-cancer set (569 rows, 30 features, column `target`),
the CSV given as the third argument; without it ../shared/data/breast_cancer.csv
beside the repository if it is there, else scikit-learn's copy
(`sklearn.datasets.load_breast_cancer`) is written to a temporary CSV. Features z-scored over all rows, BCE,
80/20 train/test split with split seed 0. Inits: Kaiming normal as in the SciPy
reference (W1 ~ N(0, 2/d), v ~ N(0, 2/l), biases 0; numpy default_rng(seed)).
Training: relutopo flow --method dopri5 to t = 200 (rtol 1e-6). Two test losses
per run: at t = 200, and the lowest along the run (early stopping), because by
t = 200 every run overfits.
    python3 Examples/breast-cancer/run.py [relutopo binary] [seeds] [breast_cancer.csv]
Writes Notes/results/breast_cancer_lplus.csv and prints a summary."""
import json, math, os, subprocess, sys, tempfile
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
relutopo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build", "release", "relutopo")
seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
shared_csv = os.path.join(root, "..", "shared", "data", "breast_cancer.csv")   # beside the repository
data = sys.argv[3] if len(sys.argv) > 3 else (shared_csv if os.path.exists(shared_csv) else None)
if data is None:
    from sklearn.datasets import load_breast_cancer   # only when no CSV is given
    frame = load_breast_cancer(as_frame=True).frame
    data = os.path.join(tempfile.mkdtemp(), "breast_cancer.csv")
    frame.to_csv(data, index=False)
d = 30
rows = []
with tempfile.TemporaryDirectory() as work:
    for l in (4, 8, 16):
      for target_plus in [p for p in (1, 2, 4, 8, 16) if p <= l]:
        for seed in range(seeds):
            rng = np.random.default_rng(seed)
            W = rng.normal(0.0, math.sqrt(2.0 / d), size=(l, d))
            v = rng.normal(0.0, math.sqrt(2.0 / l), size=l)
            for k in range(l - target_plus):   # same function, pathological neuron (powers of two: exact)
                W[k] *= 0.25
                v[k] *= 4.0
            model = {"W1": [[float(x) for x in row] for row in W], "b1": [0.0] * l,
                     "W2": [[float(x) for x in v]], "b2": [0.0], "activation": "relu"}
            path = os.path.join(work, f"init_l{l}_p{target_plus}_s{seed}.json")
            with open(path, "w") as fh:
                json.dump(model, fh)
            analysis = json.loads(subprocess.run([relutopo, "analyze", path, "--json", "--betti", "none"],
                                                 capture_output=True, text=True, check=True).stdout)
            l_plus = analysis["sign_counts"]["positive"]
            flow = json.loads(subprocess.run(
                [relutopo, "flow", "--init", path, "--data", data, "--target", "target", "--standardise",
                 "--loss", "bce", "--method", "dopri5", "--t-max", "200", "--rtol", "1e-6", "--atol", "1e-9",
                 "--test-fraction", "0.2", "--split-seed", "0", "--json"],
                capture_output=True, text=True, check=True).stdout)
            rows.append({"l": l, "seed": seed, "target_plus": target_plus, "l_plus": l_plus, "fraction": l_plus / l,
                         "train_loss": flow["final_loss"], "test_loss": flow["test_loss"],
                         "best_test_loss": flow["best_test_loss"], "best_test_time": flow["best_test_time"],
                         "verdict": flow["verdict"], "rhs": flow["rhs_evaluations"], "seconds": flow["wall_seconds"]})
            print(rows[-1], flush=True)
out = os.path.join(root, "Notes", "results", "breast_cancer_lplus.csv")
with open(out, "w") as fh:
    fh.write("l,seed,target_l_plus,l_plus,fraction,train_loss,test_loss,best_test_loss,best_test_time,verdict,rhs_evaluations,wall_seconds\n")
    for r in rows:
        fh.write(f"{r['l']},{r['seed']},{r['target_plus']},{r['l_plus']},{r['fraction']:.4f},{r['train_loss']:.6g},{r['test_loss']:.6g},{r['best_test_loss']:.6g},{r['best_test_time']:.4g},{r['verdict']},{r['rhs']},{r['seconds']:.3f}\n")
# Which predicts the test loss better, l⁺ or the fraction l⁺/l? Spearman rank correlations.
def ranks(x):
    order = sorted(range(len(x)), key=lambda i: x[i])
    r = [0.0] * len(x)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and x[order[j + 1]] == x[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r
def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return num / den if den else float("nan")
for key in ("test_loss", "best_test_loss"):
    values = [r[key] for r in rows]
    print(f"spearman({key}, l_plus) =", round(spearman(values, [r["l_plus"] for r in rows]), 3),
          f" spearman({key}, fraction) =", round(spearman(values, [r["fraction"] for r in rows]), 3))
# Mean losses per (l, l⁺).
groups = {}
for r in rows:
    groups.setdefault((r["l"], r["l_plus"]), []).append(r)
for (l, p), members in sorted(groups.items()):
    mean = lambda key: sum(m[key] for m in members) / len(members)
    print(f"l = {l:2d}, l+ = {p:2d} (fraction {p / l:.3f}): mean test loss {mean('test_loss'):.4f}, "
          f"mean best test loss {mean('best_test_loss'):.4f} over {len(members)} seeds")
print("wrote", out)

#!/usr/bin/env python3
"""Train obstructed inits the way people do, save checkpoints, and trace them
with relutopo (issue 16; docs/THEORY.md §14.5–§14.6).

    python3 Examples/pytorch-training/train.py OUTDIR [RELUTOPO]

Two problems, both started where gradient flow is provably blocked (every
output weight locked negative, no output bias: f ≤ 0 forever under the flow):

* toy: the paper's two-neuron student (2 → 2 → 1), teacher relu(x1 + x2) on
  100 inputs x ~ N(0, I) (seed 0), MSE;
* breast cancer: 30 → 16 → 1 on the standardised features (../shared/data),
  BCE with logits, init a ~ N(0, 1/30), v = −(1 + |N(0, 1)|) (every c < 0).

Each is trained full-batch with SGD at a small and a large learning rate, SGD
with momentum 0.9, and Adam; a checkpoint (safetensors, PyTorch keys
0.weight, 2.weight of nn.Sequential(Linear, ReLU, Linear)) is saved every
`every` steps, and `relutopo trace` reports whether and where a locked sign
flipped. The result table is printed in Markdown.

With PyTorch installed the updates are torch.optim's; without it (this
machine could not install torch) the same update equations are applied in
NumPy float32, as documented for torch.optim.SGD (dampening 0, no Nesterov)
and torch.optim.Adam (β = (0.9, 0.999), ε = 1e-8), with ReLU'(0) = 0 as in
autograd. Either way the checkpoints are what relutopo reads.
"""
import json
import math
import os
from fractions import Fraction
import subprocess
import sys

import numpy as np

try:
    import torch  # noqa: F401
    HAVE_TORCH = True
except ImportError:
    HAVE_TORCH = False

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")


def save_safetensors(path, tensors):
    """A safetensors file (float32, little-endian) without the library."""
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as out:
        out.write(len(text).to_bytes(8, "little"))
        out.write(text)
        for blob in blobs:
            out.write(blob)


def forward(W1, W2, X):
    z = X @ W1.T
    h = np.maximum(z, 0)
    return z, h, (h @ W2.T)[:, 0]


def loss_and_gradients(W1, W2, X, y, loss):
    z, h, f = forward(W1, W2, X)
    n = np.float32(len(y))
    if loss == "mse":                       # torch.nn.MSELoss(): mean((f − y)²)
        value = np.mean((f - y) ** 2)
        df = 2 * (f - y) / n
    else:                                   # torch.nn.BCEWithLogitsLoss(): mean(log(1 + e^f) − y f)
        value = np.mean(np.logaddexp(0, f) - y * f)
        df = (1 / (1 + np.exp(-f)) - y) / n
    df = df.astype(np.float32)
    g2 = (df[:, None] * h).sum(axis=0)[None, :]
    dh = df[:, None] * W2                   # n × l
    dz = dh * (z > 0)                       # ReLU'(0) = 0, as autograd
    g1 = dz.T @ X
    return float(value), g1.astype(np.float32), g2.astype(np.float32)


def train_numpy(W1, W2, X, y, loss, optimiser, lr, steps, every, outdir):
    W1, W2 = W1.astype(np.float32).copy(), W2.astype(np.float32).copy()
    state = {}
    losses = []
    lr = np.float32(lr)
    for step in range(steps + 1):
        value, g1, g2 = loss_and_gradients(W1, W2, X, y, loss)
        if not (np.isfinite(value) and np.isfinite(W1).all() and np.isfinite(W2).all()):
            losses.append((step, float("inf")))   # diverged: no checkpoint of non-finite weights
            break
        if step % every == 0:
            save_safetensors(os.path.join(outdir, f"step_{step}.safetensors"), {"0.weight": W1, "2.weight": W2})
            losses.append((step, value))
        if step == steps:
            break
        new = []
        for key, p, g in (("W1", W1, g1), ("W2", W2, g2)):
            if optimiser == "momentum":
                b = state.get(key)
                b = g.copy() if b is None else np.float32(0.9) * b + g
                state[key] = b
                p = p - lr * b
            elif optimiser == "adam":
                m, v, t = state.get(key, (np.zeros_like(p), np.zeros_like(p), 0))
                t += 1
                m = np.float32(0.9) * m + np.float32(0.1) * g
                v = np.float32(0.999) * v + np.float32(0.001) * g * g
                mhat = m / np.float32(1 - 0.9 ** t)
                vhat = v / np.float32(1 - 0.999 ** t)
                p = p - lr * mhat / (np.sqrt(vhat) + np.float32(1e-8))
                state[key] = (m, v, t)
            else:
                p = p - lr * g
            new.append(p.astype(np.float32))
        W1, W2 = new
    return losses


def train_torch(W1, W2, X, y, loss, optimiser, lr, steps, every, outdir):
    import torch
    net = torch.nn.Sequential(torch.nn.Linear(X.shape[1], W1.shape[0], bias=False), torch.nn.ReLU(),
                              torch.nn.Linear(W1.shape[0], 1, bias=False))
    with torch.no_grad():
        net[0].weight.copy_(torch.from_numpy(W1.astype(np.float32)))
        net[2].weight.copy_(torch.from_numpy(W2.astype(np.float32)))
    if optimiser == "adam":
        opt = torch.optim.Adam(net.parameters(), lr=lr)
    else:
        opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9 if optimiser == "momentum" else 0.0)
    criterion = torch.nn.MSELoss() if loss == "mse" else torch.nn.BCEWithLogitsLoss()
    Xt, yt = torch.from_numpy(X.astype(np.float32)), torch.from_numpy(y.astype(np.float32))
    losses = []
    for step in range(steps + 1):
        opt.zero_grad()
        value = criterion(net(Xt)[:, 0], yt)
        if not torch.isfinite(value) or not all(torch.isfinite(p).all() for p in net.parameters()):
            losses.append((step, float("inf")))
            break
        if step % every == 0:
            save_safetensors(os.path.join(outdir, f"step_{step}.safetensors"),
                             {"0.weight": net[0].weight.detach().numpy(), "2.weight": net[2].weight.detach().numpy()})
            losses.append((step, float(value)))
        if step == steps:
            break
        value.backward()
        opt.step()
    return losses


def problems():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 2)).astype(np.float32)
    y = np.maximum(X[:, 0] + X[:, 1], 0).astype(np.float32)
    toy = dict(name="toy", X=X, y=y, loss="mse", W1=np.array([[0.3, 0.4], [0.6, -0.8]]), W2=np.array([[-1.0, -1.25]]),
               runs=[("sgd", 0.05), ("sgd", 1.0), ("momentum", 0.05), ("adam", 0.01)], steps=2000, every=20)
    table = np.genfromtxt(os.path.join(ROOT, "..", "shared", "data", "breast_cancer.csv"), delimiter=",", skip_header=1)
    features, target = table[:, :-1], table[:, -1]
    features = ((features - features.mean(axis=0)) / features.std(axis=0)).astype(np.float32)
    rng = np.random.default_rng(1)
    W1 = rng.normal(0, 1 / np.sqrt(30), (16, 30))
    W2 = -(1 + np.abs(rng.standard_normal((1, 16))))
    cancer = dict(name="breast-cancer", X=features, y=target.astype(np.float32), loss="bce", W1=W1, W2=W2,
                  runs=[("sgd", 0.01), ("sgd", 2.0), ("momentum", 0.01), ("adam", 0.01)], steps=3000, every=30)
    return [toy, cancer]


def floor_in_torch_units(text, loss):
    """relutopo's exact floor ("a/b" or "a/b·log 2"; MSE with the 1/2n of
    docs/THEORY.md §9.1) as a number in torch's units (MSELoss has no 1/2)."""
    log2 = text.endswith("·log 2")
    value = float(Fraction(text.replace("·log 2", ""))) * (math.log(2) if log2 else 1)
    return 2 * value if loss == "mse" else value


def main():
    outdir = sys.argv[1]
    relutopo = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "scripts", "relutopo")
    train = train_torch if HAVE_TORCH else train_numpy
    print(f"updates: {'torch.optim' if HAVE_TORCH else 'NumPy float32 re-implementation of torch.optim (torch not installed)'}")
    rows = []
    for problem in problems():
        data_csv = os.path.join(outdir, f"{problem['name']}.csv")
        os.makedirs(outdir, exist_ok=True)
        columns = problem["X"].shape[1]
        np.savetxt(data_csv, np.column_stack([problem["X"], problem["y"]]), delimiter=",",
                   header=",".join([f"x{j}" for j in range(columns)] + ["y"]), comments="", fmt="%.9g")
        for optimiser, lr in problem["runs"]:
            run_dir = os.path.join(outdir, f"{problem['name']}-{optimiser}-{lr}")
            os.makedirs(run_dir, exist_ok=True)
            losses = train(problem["W1"], problem["W2"], problem["X"], problem["y"], problem["loss"], optimiser, lr,
                           problem["steps"], problem["every"], run_dir)
            diverged = losses[-1][0] if not np.isfinite(losses[-1][1]) else None
            if diverged is not None:
                losses = [entry for entry in losses if np.isfinite(entry[1]) and entry[0] % problem["every"] == 0]
            checkpoints = [os.path.join(run_dir, f"step_{step}.safetensors") for step, _ in losses]
            trace = json.loads(subprocess.run([relutopo, "trace", *checkpoints, "--json"], check=True,
                                              capture_output=True, text=True).stdout)
            floor = json.loads(subprocess.run([relutopo, "obstruct", "--init", checkpoints[0], "--data", data_csv,
                                               "--target", "y", "--loss", problem["loss"], "--json"],
                                              capture_output=True, text=True).stdout)
            changes = [entry["first_change"] for entry in trace["locked_at_start"] if entry["first_change"] is not None]
            first = min(changes) if changes else None
            final_loss = losses[-1][1]
            finite = diverged is None
            rows.append(dict(problem=problem["name"], optimiser=optimiser, lr=lr,
                             locked=len(trace["locked_at_start"]), flipped=len(changes),
                             first_step=losses[first][0] if first is not None else None,
                             loss_at_flip=losses[first][1] if first is not None else None,
                             final=final_loss, finite=finite,
                             floor=floor_in_torch_units(floor["certificate"]["lower_bound"], problem["loss"]),
                             floor_verdict=floor["verdict"],
                             drift=trace["checkpoints"][-1]["max_drift_approx"]))
    print("Losses in torch's units (MSELoss = mean((f − y)²), BCEWithLogitsLoss); the flow floor is relutopo's exact")
    print("bound for gradient flow from the same init, converted. A flip is seen at checkpoint resolution.")
    print()
    print("| problem | optimiser | lr | locked at start | flipped | first flip (step) | loss there | final loss | flow floor | max drift of c |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        flip = "—" if r["first_step"] is None else str(r["first_step"])
        at = "—" if r["loss_at_flip"] is None else f"{r['loss_at_flip']:.4g}"
        final = f"{r['final']:.4g}" if r["finite"] else f"diverged (last finite checkpoint: {r['final']:.4g})"
        print(f"| {r['problem']} | {r['optimiser']} | {r['lr']} | {r['locked']} | {r['flipped']} | {flip} | {at} | {final} | "
              f"{r['floor']:.4g} ({r['floor_verdict']}) | {r['drift']:.3g} |")


if __name__ == "__main__":
    main()

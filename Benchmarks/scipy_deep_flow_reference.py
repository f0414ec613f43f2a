#!/usr/bin/env python3
"""NumPy/SciPy reference for the gradient flow of a deep ReLU network: the idea
of ../shared/bench/scipy_flow_reference.py (same losses, same init scheme, same
t_max, same monitors) extended to any number of hidden layers.

Model, widths [d, n_1, ..., n_{L-1}, e] (PyTorch shapes W_h: n_h x n_{h-1}):
    a_0 = x,  z_h = a_{h-1} W_h^T + b_h,  a_h = relu(z_h)  (h < L),  f = a_{L-1} W_L^T + b_L
Losses (mean over n samples), residual r = d loss_i / d f_i:
    mse : L = (1/2n) sum (f - y)^2                 r = f - y
    bce : L = (1/n) sum [log(1 + e^f) - y f]       r = sigmoid(f) - y   (stable)
Backward (relu'(0) := 0): delta_L = r/n; grad W_h = delta_h^T a_{h-1};
grad b_h = 1^T delta_h; delta_{h-1} = (delta_h W_h) * [z_{h-1} > 0].
Conserved along exact gradient flow, per hidden neuron (h, k):
    c_{h,k} = ||W_h[k,:]||^2 + b_h[k]^2 - ||W_{h+1}[:,k]||^2.
Parameter vector (row-major): theta = [W1 | b1 | W2 | b2 | ... | WL | bL], as relutopo.

Init ("kaiming", the reference's scheme layer by layer): numpy default_rng(seed),
W_h ~ N(0, 2/n_{h-1}) drawn in layer order (W_1 first), biases 0.

Integration: scipy.integrate.solve_ivp with every method (RK45, RK23, DOP853,
Radau, BDF, LSODA), each under a wall-time budget (a step attempted after the
budget fails, so a run that would take hours is reported as not finished with
the t it reached). Recorded per method: finished, message, t_final, wall time
(perf_counter around solve_ivp), final loss, nfev (SciPy's count: excludes
finite-difference Jacobian columns for Radau/BDF), rhs_calls (every call,
counted here), njev, nlu, steps, invariant drift on the accepted steps.

    python3 scipy_deep_flow_reference.py bc --data breast_cancer.csv --widths 16,16 [--methods ...]
    python3 scipy_deep_flow_reference.py dump-init --data breast_cancer.csv --widths 16,16 --out init.json
    python3 scipy_deep_flow_reference.py gradcheck
Each run prints one JSON object per line on stdout.
"""
import argparse
import json
import math
import time

import numpy as np
from scipy.integrate import solve_ivp
from scipy.special import expit


class DeepProblem:
    """Data + architecture; methods take the flat parameter vector theta."""

    def __init__(self, X, y, hidden, loss="bce", bias=True):
        self.X = np.ascontiguousarray(X, dtype=np.float64)
        self.y = np.ascontiguousarray(y, dtype=np.float64).reshape(len(y), -1)
        self.n, d = self.X.shape
        self.widths = [d] + list(hidden) + [self.y.shape[1]]
        self.L = len(self.widths) - 1
        self.loss_name = loss
        self.bias = bool(bias)
        self.slices = []
        o = 0
        for h in range(1, self.L + 1):
            rows, cols = self.widths[h], self.widths[h - 1]
            w = slice(o, o + rows * cols)
            o += rows * cols
            b = slice(o, o + rows) if self.bias else None
            o += rows if self.bias else 0
            self.slices.append((w, b))
        self.D = o
        self.rhs_calls = 0

    def layers(self, th):
        out = []
        for h, (w, b) in enumerate(self.slices, start=1):
            W = th[w].reshape(self.widths[h], self.widths[h - 1])
            out.append((W, th[b] if b is not None else None))
        return out

    def forward(self, th, X=None):
        a = self.X if X is None else X
        zs, acts = [], [a]
        layers = self.layers(th)
        for h, (W, b) in enumerate(layers, start=1):
            z = a @ W.T
            if b is not None:
                z = z + b
            if h < self.L:
                zs.append(z)
                a = np.maximum(z, 0.0)
                acts.append(a)
            else:
                return zs, acts, z

    def loss_resid(self, f):
        if self.loss_name == "mse":
            r = f - self.y
            return 0.5 * float((r * r).sum()) / self.n, r
        L = float((np.logaddexp(0.0, f) - self.y * f).sum()) / self.n
        return L, expit(f) - self.y

    def loss(self, th):
        return self.loss_resid(self.forward(th)[2])[0]

    def loss_grad(self, th):
        zs, acts, f = self.forward(th)
        L, r = self.loss_resid(f)
        layers = self.layers(th)
        g = np.empty(self.D)
        delta = r / self.n
        for h in range(self.L, 0, -1):
            w, b = self.slices[h - 1]
            W, _ = layers[h - 1]
            g[w] = (delta.T @ acts[h - 1]).ravel()
            if b is not None:
                g[b] = delta.sum(axis=0)
            if h > 1:
                delta = (delta @ W) * (zs[h - 2] > 0.0)
        return L, g

    def rhs(self, t, th):
        self.rhs_calls += 1
        return -self.loss_grad(th)[1]

    def invariants(self, Th):
        """c of every hidden neuron for theta (D) or thetas (D x T)."""
        Th = np.asarray(Th)
        one = Th.ndim == 1
        if one:
            Th = Th[:, None]
        T = Th.shape[1]
        cs = []
        for h in range(1, self.L):
            w, b = self.slices[h - 1]
            W = Th[w].reshape(self.widths[h], self.widths[h - 1], T)
            c = (W * W).sum(axis=1)
            if b is not None:
                c = c + Th[b] ** 2
            w2, _ = self.slices[h]
            V = Th[w2].reshape(self.widths[h + 1], self.widths[h], T)
            cs.append(c - (V * V).sum(axis=0))
        C = np.concatenate(cs, axis=0)
        return C[:, 0] if one else C

    def norms(self, th):
        cs = []
        for h in range(1, self.L):
            w, b = self.slices[h - 1]
            W = th[w].reshape(self.widths[h], self.widths[h - 1])
            s = (W * W).sum(axis=1)
            if b is not None:
                s = s + th[b] ** 2
            w2, _ = self.slices[h]
            V = th[w2].reshape(self.widths[h + 1], self.widths[h])
            cs.append(s + (V * V).sum(axis=0))
        return np.concatenate(cs)

    def monitors(self, Y, th0):
        c0 = self.invariants(th0)
        C = self.invariants(Y)
        dC = np.abs(C - c0[:, None])
        return {"max_drift": float(dC.max()),
                "max_rel_drift": float((dC / self.norms(th0)[:, None]).max()),
                "c_sign_flips": int((np.sign(C) != np.sign(c0)[:, None]).any(axis=1).sum())}


def kaiming_init(widths, seed, bias=True):
    """W_h ~ N(0, 2/fan_in), layer by layer from W_1 (numpy default_rng(seed)), biases 0."""
    rng = np.random.default_rng(seed)
    layers = []
    for h in range(1, len(widths)):
        W = rng.normal(0.0, math.sqrt(2.0 / widths[h - 1]), size=(widths[h], widths[h - 1]))
        layers.append((W, np.zeros(widths[h]) if bias else None))
    return layers


def pack(prob, layers):
    th = np.zeros(prob.D)
    for (w, b), (W, bias) in zip(prob.slices, layers):
        th[w] = W.ravel()
        if b is not None:
            th[b] = bias
    return th


def model_json(layers):
    m = {}
    for h, (W, b) in enumerate(layers, start=1):
        m[f"W{h}"] = [[float(x) for x in row] for row in W]
        if b is not None:
            m[f"b{h}"] = [float(x) for x in b]
    m["activation"] = "relu"
    return m


_BUDGETED = {}


def with_budget(method, budget_s):
    """The named SciPy solver, except that a step attempted after `budget_s`
    seconds fails: solve_ivp stops with the steps so far (status -1)."""
    from scipy.integrate._ivp.ivp import METHODS
    base = METHODS[method]
    key = (method, budget_s)
    if key not in _BUDGETED:
        class Budgeted(base):
            def __init__(self, *a, **k):
                super().__init__(*a, **k)
                self._deadline = time.perf_counter() + budget_s

            def _step_impl(self):
                if time.perf_counter() > self._deadline:
                    return False, "wall-time budget exceeded"
                return super()._step_impl()
        Budgeted.__name__ = base.__name__
        _BUDGETED[key] = Budgeted
    return _BUDGETED[key]


def integrate(prob, th0, t_end, method, rtol, atol, budget_s):
    prob.rhs_calls = 0
    t0 = time.perf_counter()
    sol = solve_ivp(prob.rhs, (0.0, float(t_end)), th0, method=with_budget(method, budget_s), rtol=rtol, atol=atol)
    wall = time.perf_counter() - t0
    rec = {"method": method, "rtol": rtol, "atol": atol, "t_end": float(t_end), "budget_s": budget_s,
           "finished": bool(sol.success) and bool(sol.t[-1] == float(t_end)), "message": sol.message,
           "t_final": float(sol.t[-1]), "wall_s": wall, "nfev": int(sol.nfev), "rhs_calls": int(prob.rhs_calls),
           "njev": int(sol.njev), "nlu": int(sol.nlu), "steps": int(len(sol.t) - 1),
           "final_loss": float(prob.loss(sol.y[:, -1]))}
    rec.update(prob.monitors(sol.y, th0))
    return rec


def load_breast_cancer(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    A = np.loadtxt(path, delimiter=",", skiprows=1)
    ti = header.index("target")
    return np.delete(A, ti, axis=1), A[:, ti]


def standardise(X):
    """z-score with the population standard deviation (ddof = 0)."""
    return (X - X.mean(axis=0)) / X.std(axis=0)


def bc_problem(args):
    X, y = load_breast_cancer(args.data)
    hidden = [int(x) for x in args.widths.split(",")]
    prob = DeepProblem(standardise(X), y, hidden, loss="bce", bias=not args.no_bias)
    return prob, kaiming_init(prob.widths, args.seed, prob.bias)


def cmd_bc(args):
    prob, layers = bc_problem(args)
    th0 = pack(prob, layers)
    base = {"problem": "breast_cancer", "n": prob.n, "widths": prob.widths, "D": prob.D, "seed": args.seed,
            "loss": "bce", "bias": prob.bias, "initial_loss": prob.loss(th0)}
    budgets = {m: float(b) for m, b in (x.split(":") for x in args.budgets.split(",") if x)}
    for method in args.methods.split(","):
        rec = integrate(prob, th0, args.t_end, method, args.rtol, args.atol, budgets.get(method, args.budget))
        print(json.dumps({**base, **rec}), flush=True)


def cmd_dump_init(args):
    prob, layers = bc_problem(args)
    with open(args.out, "w") as f:
        json.dump(model_json(layers), f)
        f.write("\n")
    print(args.out)


def cmd_gradcheck(args):
    """Central differences against the analytic gradient and the conservation identity."""
    rng = np.random.default_rng(1)
    worst = 0.0
    for loss in ("mse", "bce"):
        for bias in (False, True):
            X = rng.normal(size=(30, 4))
            y = (rng.random(30) < 0.5).astype(float) if loss == "bce" else rng.normal(size=30)
            prob = DeepProblem(X, y, [5, 3], loss=loss, bias=bias)
            th = rng.normal(size=prob.D)
            _, g = prob.loss_grad(th)
            h = 1e-6
            fd = np.array([(prob.loss(th + h * e) - prob.loss(th - h * e)) / (2 * h) for e in np.eye(prob.D)])
            err = float(np.abs(fd - g).max() / max(1.0, np.abs(g).max()))
            worst = max(worst, err)
            # d c / dt = -2 (<a, grad_a> - <o, grad_o>) = 0 per hidden neuron
            rate = []
            for hh in range(1, prob.L):
                w, b = prob.slices[hh - 1]
                W = th[w].reshape(prob.widths[hh], prob.widths[hh - 1])
                gW = g[w].reshape(W.shape)
                s = (W * gW).sum(axis=1) + ((th[b] * g[b]) if b is not None else 0.0)
                w2, _ = prob.slices[hh]
                V = th[w2].reshape(prob.widths[hh + 1], prob.widths[hh])
                gV = g[w2].reshape(V.shape)
                rate.append(s - (V * gV).sum(axis=0))
            print(json.dumps({"loss": loss, "bias": bias, "fd_rel_err": err,
                              "identity_max": float(np.abs(np.concatenate(rate)).max())}))
    if worst > 1e-6:
        raise SystemExit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name, func in (("bc", cmd_bc), ("dump-init", cmd_dump_init)):
        p = sub.add_parser(name, help="breast cancer, standardised, BCE, Kaiming init extended to every layer")
        p.add_argument("--data", required=True)
        p.add_argument("--widths", default="16,16", help="hidden widths, comma-separated")
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--no-bias", action="store_true")
        if name == "bc":
            p.add_argument("--methods", default="RK45,RK23,DOP853,Radau,BDF,LSODA")
            p.add_argument("--rtol", type=float, default=1e-6)
            p.add_argument("--atol", type=float, default=1e-9)
            p.add_argument("--t-end", type=float, default=200.0)
            p.add_argument("--budget", type=float, default=600.0, help="wall-time budget per run, seconds")
            p.add_argument("--budgets", default="", help="per-method budgets, 'RK45:900,Radau:300'")
        else:
            p.add_argument("--out", required=True)
        p.set_defaults(func=func)
    p = sub.add_parser("gradcheck", help="finite-difference check of the gradient")
    p.set_defaults(func=cmd_gradcheck)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 17 benchmark: the SciPy reference's bare right-hand side, timed per call.

The reference's `Problem.rhs` (`../shared/bench/scipy_flow_reference.py`,
imported unchanged) on breast cancer (standardised, BCE, all 569 rows, hidden
and output biases, width l) at random points: the Kaiming inits of seeds
1..POINTS, each evaluated CALLS times. Prints the median wall time per call
(and the median CPU time per call, steadier on a shared machine), so that
relutopo's cost per evaluation (wall / RHS evaluations of a whole flow run)
can be set beside it, measured on the same machine at the same time.

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/numpy_bare_rhs.py [l=32] [points=20] [calls=50]

OpenBLAS is pinned to one thread, as in `run_bc_flow.sh`.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared")
sys.path.insert(0, os.path.join(shared, "bench"))
import scipy_flow_reference as reference  # noqa: E402

width = int(sys.argv[1]) if len(sys.argv) > 1 else 32
points = int(sys.argv[2]) if len(sys.argv) > 2 else 20
calls = int(sys.argv[3]) if len(sys.argv) > 3 else 50

X, y, _ = reference.load_breast_cancer(os.path.join(shared, "data", "breast_cancer.csv"))
problem = reference.Problem(reference.standardise(X), y, width, loss="bce", hidden_bias=True, output_bias=True)
walls, cpus = [], []
for seed in range(1, points + 1):
    theta = problem.pack(*reference.kaiming_init(problem.d, width, seed, True, True))
    problem.rhs(0.0, theta)   # warm up
    for _ in range(calls):
        w0, c0 = time.perf_counter_ns(), time.process_time_ns()
        problem.rhs(0.0, theta)
        c1, w1 = time.process_time_ns(), time.perf_counter_ns()
        walls.append(w1 - w0)
        cpus.append(c1 - c0)
print(json.dumps({
    "l": width, "n": problem.n, "d": problem.d, "D": problem.D, "points": points, "calls": len(walls),
    "median_wall_ms_per_call": statistics.median(walls) / 1e6,
    "median_cpu_ms_per_call": statistics.median(cpus) / 1e6,
    "mean_wall_ms_per_call": statistics.fmean(walls) / 1e6,
}))

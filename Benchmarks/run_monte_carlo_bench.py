#!/usr/bin/env python3
"""Issue 5 benchmark: exact-predicate Monte Carlo samples per second, relutopo
against a vectorised NumPy float64 baseline, run alternately in one session.

    python3 Benchmarks/run_monte_carlo_bench.py .build/release/relutopo [D L E] [RUNS]

Kaiming-normal init, default d = 100, l = 100, e = 1, 5 runs each. relutopo is
timed as a whole process (start-up and closed forms included) on 2 threads and
on 1 thread; NumPy (numpy_monte_carlo.py) times its own loop. Prints medians.
"""
import json
import os
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
relutopo = sys.argv[1]
d, l, e = (int(x) for x in sys.argv[2:5]) if len(sys.argv) >= 5 else (100, 100, 1)
runs = int(sys.argv[5]) if len(sys.argv) >= 6 else 5
relutopo_samples, numpy_samples = 50_000, 20_000

def run_relutopo(threads):
    start = time.perf_counter()
    out = subprocess.run([relutopo, "sweep", "--scheme", "kaiming_normal", "--inputs", str(d), "--hidden", str(l),
                          "--outputs", str(e), "--samples", str(relutopo_samples), "--seed", "1", "--threads", str(threads), "--json"],
                         check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - start
    row = json.loads(out)["rows"][0]
    return relutopo_samples / seconds, row

def run_numpy():
    out = subprocess.run([sys.executable, os.path.join(here, "numpy_monte_carlo.py"), str(d), str(l), str(e), str(numpy_samples)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["samples_per_second"]

rates = {"relutopo_2_threads": [], "relutopo_1_thread": [], "numpy": []}
for _ in range(runs):
    rate, row = run_relutopo(2)
    rates["relutopo_2_threads"].append(rate)
    rates["relutopo_1_thread"].append(run_relutopo(1)[0])
    rates["numpy"].append(run_numpy())
medians = {k: statistics.median(v) for k, v in rates.items()}
print(json.dumps({"d": d, "l": l, "e": e, "runs": runs, "median_samples_per_second": medians,
                  "all": rates, "ratio_2_threads_vs_numpy": medians["relutopo_2_threads"] / medians["numpy"],
                  "ratio_1_thread_vs_numpy": medians["relutopo_1_thread"] / medians["numpy"],
                  "exact_fallbacks": row["exact_fallbacks_mc"], "p_pathological_mc": row["p_pathological_mc"],
                  "p_pathological": row["p_pathological"]}, indent=1))

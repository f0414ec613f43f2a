#!/usr/bin/env python3
"""analyze --json, this build against a baseline build and NumPy float64, interleaved (issue 13).

    python3 Benchmarks/make_invariants_data.py /tmp/rt-bench
    python3 Benchmarks/run_analyze_side_by_side.py /tmp/rt-bench NEW_BINARY BASELINE_BINARY [REPS]

Prints medians in ms per program and the ratios to NumPy, for float32 and float64.
"""
import statistics, subprocess, sys, time, os

data, new, old = sys.argv[1], sys.argv[2], sys.argv[3]
reps = int(sys.argv[4]) if len(sys.argv) > 4 else 15
here = os.path.dirname(os.path.abspath(__file__))
for dtype in ["float32", "float64"]:
    m = os.path.join(data, "invariants_" + dtype)
    commands = {
        "new_default": [new, "analyze", m, "--json"],
        "new_none": [new, "analyze", m, "--json", "--betti", "none"],
        "old_default": [old, "analyze", m, "--json"],
        "old_sparse": [old, "analyze", m, "--json", "--betti", "sparse"],
        "old_none": [old, "analyze", m, "--json", "--betti", "none"],
        "numpy": [sys.executable, os.path.join(here, "numpy_invariants.py"), m],
    }
    for command in commands.values():
        subprocess.run(command, stdout=subprocess.DEVNULL)
    times = {name: [] for name in commands}
    for _ in range(reps):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    print(dtype, {name: round(value, 1) for name, value in medians.items()},
          "default vs numpy %.2f, none vs numpy %.2f, default vs baseline sparse %.2f" % (
              medians["numpy"] / medians["new_default"], medians["numpy"] / medians["new_none"],
              medians["old_sparse"] / medians["new_default"]))

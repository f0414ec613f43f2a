#!/usr/bin/env python3
"""analyze --json on deep safetensors MLPs against the NumPy c-only script, interleaved (issue 14).
    python3 Benchmarks/make_deep_data.py /tmp/rt-deep
    python3 Benchmarks/run_deep_side_by_side.py /tmp/rt-deep .build/release/relutopo [REPS]
Prints medians in ms, peak RSS in MB, and the ratio."""
import os, resource, statistics, subprocess, sys, time

data, binary = sys.argv[1], sys.argv[2]
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 11
here = os.path.dirname(os.path.abspath(__file__))
for name in ["mlp_784_1024_1024_1", "mlp_784_4096_4096_4096_10"]:
    model = os.path.join(data, name + ".safetensors")
    commands = {"relutopo": [binary, "analyze", model, "--json"],
                "numpy": [sys.executable, os.path.join(here, "numpy_deep_invariants.py"), model]}
    times = {k: [] for k in commands}
    peak = {k: 0 for k in commands}
    for _ in range(reps if "1024_1" in name else 3):
        for key, command in commands.items():
            start = time.perf_counter()
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            times[key].append(time.perf_counter() - start)
            peak[key] = max(peak[key], usage.ru_maxrss / 1024)
    medians = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(name, {k: round(v, 1) for k, v in medians.items()}, {k: round(v) for k, v in peak.items()},
          "numpy/relutopo %.2f" % (medians["numpy"] / medians["relutopo"]))

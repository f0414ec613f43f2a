#!/usr/bin/env python3
"""Issue 6 benchmark: the number of conservation laws (SPEC §11.2) computed by
`relutopo verify lie`, without being told it, at the sizes the SageMath peer
(Marcotte, Gribonval, Peyré's public code) was measured on.

    python3 Benchmarks/run_lie_bench.py .build/release/relutopo [RUNS]

Prints, per size, the median wall time of the whole process over RUNS runs
(default 5), the in-process time the report gives, the count and whether it is
certified; `--no-blocks` closes the whole algebra at once (no block argument).
"""
import json
import statistics
import subprocess
import sys
import time

relutopo = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
cases = [(f"all data ({d}, {d}, 1)", ["--inputs", str(d), "--hidden", str(d)]) for d in (6, 8, 9, 10, 16, 20, 50)]
cases += [(f"all data ({d}, {d}, 1) --no-blocks", ["--inputs", str(d), "--hidden", str(d), "--no-blocks"]) for d in (6, 8, 9, 10, 16, 20)]
cases += [("given data (10, 10, 1), n = 200", ["--inputs", "10", "--hidden", "10", "--samples", "200"])]
print(f"{'case':42} {'wall median s':>14} {'in-process s':>13} {'D':>6} {'dim Lie':>8} {'laws':>5} certified")
for name, arguments in cases:
    walls, inside = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([relutopo, "verify", "lie", *arguments, "--json"], check=True, capture_output=True, text=True).stdout
        walls.append(time.perf_counter() - start)
        report = json.loads(out)
        inside.append(report["seconds"])
    print(f"{name:42} {statistics.median(walls):14.3f} {statistics.median(inside):13.4f} {report['dimension']:6d} "
          f"{report['lie_algebra_dimension']:8d} {report['conservation_laws']:5d} {report['certified']}")

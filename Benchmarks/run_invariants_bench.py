#!/usr/bin/env python3
"""Side-by-side benchmark of exact invariants + component count (issue 2 item 7):
relutopo (exact, GMP; the default output with dense Betti lists, and
--betti none) vs a pure-Python `fractions` script (exact) vs a NumPy
float64 script (inexact), on the same .npy files, in the same run, interleaved.
Each command's stdout goes to a file on disk (end to end: start, read, compute,
write). Also checks that relutopo's c_k equal the `fractions` c_k exactly and
counts the neurons whose float64 sign differs from the exact sign.

    python3 Benchmarks/make_invariants_data.py /tmp/rt-bench
    python3 Benchmarks/run_invariants_bench.py /tmp/rt-bench .build/release/relutopo [REPS] [FRACTION_REPS]
"""
import json, os, statistics, subprocess, sys, tempfile, time

data, binary = sys.argv[1], sys.argv[2]
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 11
fraction_reps = int(sys.argv[4]) if len(sys.argv) > 4 else 3
here = os.path.dirname(os.path.abspath(__file__))
out_dir = tempfile.mkdtemp(prefix="relutopo-bench-")

def run(cmd, out):
    with open(out, "wb") as fh:
        start = time.perf_counter()
        subprocess.run(cmd, stdout=fh, check=True)
        return time.perf_counter() - start

results = {}
for dtype in ["float32", "float64"]:
    model = os.path.join(data, f"invariants_{dtype}")
    commands = {
        "relutopo": [binary, "analyze", model, "--json"],
        "relutopo_no_betti": [binary, "analyze", model, "--json", "--betti", "none"],
        "numpy_float64": [sys.executable, os.path.join(here, "numpy_invariants.py"), model],
        "fractions": [sys.executable, os.path.join(here, "fractions_invariants.py"), model],
    }
    times = {name: [] for name in commands}
    for _ in range(2):  # warm the page cache and the interpreters' imports
        for name in ["relutopo", "relutopo_no_betti", "numpy_float64"]:
            run(commands[name], os.devnull)
    for r in range(reps):
        for name in ["relutopo", "relutopo_no_betti", "numpy_float64"] + (["fractions"] if r < fraction_reps else []):
            times[name].append(run(commands[name], os.path.join(out_dir, f"{dtype}_{name}.json")))
    ran = [name for name in commands if times[name]]
    outputs = {name: json.load(open(os.path.join(out_dir, f"{dtype}_{name}.json"))) for name in ran}
    exact_c = [n["c"] for n in outputs["relutopo"]["neurons"]]
    exact_signs = [n["sign"] for n in outputs["relutopo"]["neurons"]]
    medians = {name: statistics.median(times[name]) for name in ran}
    have_fractions = "fractions" in outputs
    results[dtype] = {
        "median_seconds": medians,
        "runs": {name: len(times[name]) for name in ran},
        "speedup_vs_fractions": medians["fractions"] / medians["relutopo"] if have_fractions else None,
        "speedup_vs_numpy": medians["numpy_float64"] / medians["relutopo"],
        "no_betti_speedup_vs_fractions": medians["fractions"] / medians["relutopo_no_betti"] if have_fractions else None,
        "no_betti_speedup_vs_numpy": medians["numpy_float64"] / medians["relutopo_no_betti"],
        "c_equal_to_fractions": exact_c == outputs["fractions"]["c"] if have_fractions else None,
        "components_equal": outputs["relutopo"]["components"]["topological"] == outputs["fractions"]["components"] if have_fractions else None,
        "float64_sign_errors": sum(1 for a, b in zip(exact_signs, outputs["numpy_float64"]["sign"]) if a != b),
        "relutopo_output_bytes": os.path.getsize(os.path.join(out_dir, f"{dtype}_relutopo.json")),
        "relutopo_no_betti_output_bytes": os.path.getsize(os.path.join(out_dir, f"{dtype}_relutopo_no_betti.json")),
        "no_betti_c_equal_to_default_c": exact_c == [n["c"] for n in outputs["relutopo_no_betti"]["neurons"]],
    }
print(json.dumps(results, indent=1))

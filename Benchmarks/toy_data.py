#!/usr/bin/env python3
"""Writes the SciPy reference's toy problem (teacher relu(x1 + x2), n = 100,
numpy default_rng(seed)) as CSV, so relutopo runs on exactly the same data.
    python3 Benchmarks/toy_data.py OUT.csv [seed]"""
import sys
import numpy as np
if len(sys.argv) < 2 or sys.argv[1].startswith("-"):   # --help, or a flag taken for the output path
    sys.exit(__doc__)
out = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
rng = np.random.default_rng(seed)
X = rng.normal(size=(100, 2))
y = np.maximum(X[:, 0] + X[:, 1], 0.0)
with open(out, "w") as fh:
    fh.write("x1,x2,y\n")
    for (a, b), t in zip(X, y):
        fh.write(f"{float(a)!r},{float(b)!r},{float(t)!r}\n")

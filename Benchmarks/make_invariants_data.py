#!/usr/bin/env python3
"""Writes the invariant benchmark models: d = 784, l = 4096, e = 1, as directories
of W1.npy / W2.npy in float32 and float64 (about 13 MB and 26 MB).
W1 ~ N(0, 1/784), W2 ~ N(0, 1): about a third of the neurons are pathological.
    python3 Benchmarks/make_invariants_data.py OUTDIR"""
import os, sys
import numpy as np

if len(sys.argv) > 1 and sys.argv[1].startswith("-"):   # --help, or a flag taken for the output path
    sys.exit(__doc__)
out = sys.argv[1] if len(sys.argv) > 1 else "bench-data"
rng = np.random.default_rng(784)
d, l, e = 784, 4096, 1
W1 = rng.standard_normal((l, d)) / np.sqrt(d)
W2 = rng.standard_normal((e, l))
for dtype in ["float32", "float64"]:
    path = os.path.join(out, f"invariants_{dtype}")
    os.makedirs(path, exist_ok=True)
    np.save(os.path.join(path, "W1.npy"), W1.astype(dtype))
    np.save(os.path.join(path, "W2.npy"), W2.astype(dtype))
    print(path)

#!/usr/bin/env python3
"""Baseline (b): invariants in NumPy float64 (inexact), signs and the component
count 2^{#c_k<0} as a Python integer. Prints one JSON document.
    python3 Benchmarks/numpy_invariants.py MODEL_DIR"""
import json, os, sys
import numpy as np

directory = sys.argv[1]
W1 = np.load(os.path.join(directory, "W1.npy")).astype(np.float64)
W2 = np.load(os.path.join(directory, "W2.npy")).astype(np.float64)
W2 = W2.reshape(1, -1) if W2.ndim == 1 else W2
c = np.einsum("kd,kd->k", W1, W1) - np.einsum("ek,ek->k", W2, W2)
signs = np.sign(c).astype(int)
print(json.dumps({"c": c.tolist(), "sign": signs.tolist(), "components": str(2 ** int((c < 0).sum()))}))

#!/usr/bin/env python3
"""Baseline for issue 14: the c values of every hidden neuron of a deep
safetensors MLP in NumPy float64 (inexact), nothing else. Prints one JSON document.
    python3 Benchmarks/numpy_deep_invariants.py MODEL.safetensors"""
import json, struct, sys
import numpy as np

path = sys.argv[1]
with open(path, "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(n))
    base = 8 + n
raw = np.memmap(path, dtype=np.uint8, mode="r")
def tensor(name):
    entry = header[name]
    start, end = entry["data_offsets"]
    return np.frombuffer(raw[base + start: base + end], dtype="<f4").reshape(entry["shape"]).astype(np.float64)
weights = sorted((k for k in header if k.endswith(".weight")), key=lambda k: int(k.split(".")[1]))
c = []
for h in range(len(weights) - 1):
    W, nxt = tensor(weights[h]), tensor(weights[h + 1])
    b = tensor(weights[h][:-len("weight")] + "bias")
    c.append((np.einsum("kd,kd->k", W, W) + b * b - np.einsum("ik,ik->k", nxt, nxt)).tolist())
print(json.dumps({"c": c}))

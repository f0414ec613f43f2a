#!/usr/bin/env python3
"""Vectorised NumPy float64 baseline for the Monte Carlo of SPEC §10 (issue 5):
Kaiming-normal init of a (d, l, e) network, per sample the signs of
c_k = ‖w_k‖² − ‖v_k‖² in float64 (no exactness guarantee), counting pathological
neurons and samples with every neuron pathological.

    python3 Benchmarks/numpy_monte_carlo.py D L E SAMPLES [BATCH]

prints one JSON line: samples, seconds, samples_per_second, p_pathological.
Uses numpy.random.default_rng (PCG64 + ziggurat normals), the fastest NumPy
generator, in batches of BATCH samples (default 256).
"""
import json
import sys
import time

import numpy as np

d, l, e, samples = (int(x) for x in sys.argv[1:5])
batch = int(sys.argv[5]) if len(sys.argv) > 5 else 256
rng = np.random.default_rng(1)
s1, s2 = np.sqrt(2.0 / d), np.sqrt(2.0 / l)
pathological = 0
all_pathological = 0
start = time.perf_counter()
done = 0
while done < samples:
    n = min(batch, samples - done)
    w = rng.standard_normal((n, l, d)) * s1
    v = rng.standard_normal((n, l, e)) * s2
    c = np.einsum("nld,nld->nl", w, w) - np.einsum("nle,nle->nl", v, v)
    negative = c < 0
    pathological += int(negative.sum())
    all_pathological += int(negative.all(axis=1).sum())
    done += n
seconds = time.perf_counter() - start
print(json.dumps({"samples": samples, "seconds": seconds, "samples_per_second": samples / seconds,
                  "p_pathological": pathological / (samples * l), "p_all_pathological": all_pathological / samples}))

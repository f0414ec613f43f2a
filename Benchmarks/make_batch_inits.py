#!/usr/bin/env python3
"""Inits for the batch-flow benchmark (issue 17): COUNT one-hidden-layer
networks d -> l -> 1 with Kaiming-normal weights (std sqrt(2 / fan_in)) and
zero biases, as float64 .npz files init-1.npz ... init-COUNT.npz (keys W1, b1,
W2, b2), written with NumPy only:
    python3 Benchmarks/make_batch_inits.py OUT_DIR [count=40] [d=30] [l=8] [seed=0]"""
import argparse, os
import numpy as np

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("out", metavar="OUT_DIR")
for name, default in (("count", 40), ("d", 30), ("l", 8), ("seed", 0)):
    parser.add_argument(name, type=int, nargs="?", default=default)
args = parser.parse_args()
out, count, d, l, seed = args.out, args.count, args.d, args.l, args.seed
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(seed)
for i in range(1, count + 1):
    np.savez(os.path.join(out, f"init-{i}.npz"),
             W1=rng.normal(0, np.sqrt(2 / d), size=(l, d)), b1=np.zeros(l),
             W2=rng.normal(0, np.sqrt(2 / l), size=(1, l)), b2=np.zeros(1))
print(out)

#!/usr/bin/env python3
"""Writes toy.csv: the deep teacher–student toy's data. 40 inputs x ~ N(0, I_2)
(numpy default_rng(0)), rounded to multiples of 1/1024 so that every value is
an exact short decimal, labelled by the teacher relu(x1 + x2) (exact too).
    python3 Examples/deep/flow/make_toy_data.py [OUT.csv]"""
import sys
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "toy.csv"
rng = np.random.default_rng(0)
X = np.round(rng.normal(size=(40, 2)) * 1024) / 1024
with open(out, "w") as fh:
    fh.write("x1,x2,y\n")
    for a, b in X:
        a, b = float(a), float(b)
        fh.write(f"{a!r},{b!r},{max(a + b, 0.0)!r}\n")

#!/usr/bin/env python3
"""Baseline (a): exact invariants c_k = ‖a_k‖² − ‖v_k‖² and the component count
2^{#c_k<0} with Python's `fractions`, reading .npy with the standard library only.
Prints one JSON document (c_k as exact "p/q" strings).
    python3 Benchmarks/fractions_invariants.py MODEL_DIR"""
import ast, json, os, struct, sys
from fractions import Fraction

def read_npy(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    assert raw[:6] == b"\x93NUMPY"
    if raw[6] == 1:
        n = struct.unpack("<H", raw[8:10])[0]; start = 10
    else:
        n = struct.unpack("<I", raw[8:12])[0]; start = 12
    header = ast.literal_eval(raw[start:start + n].decode("latin1"))
    descr, shape = header["descr"], header["shape"]
    assert not header["fortran_order"]
    code = {"f4": "f", "f8": "d"}[descr[1:]]
    count = 1
    for s in shape: count *= s
    values = struct.unpack(descr[0] + code * count, raw[start + n:])
    return values, shape

directory = sys.argv[1]
W1, (l, d) = read_npy(os.path.join(directory, "W1.npy"))
W2, shape2 = read_npy(os.path.join(directory, "W2.npy"))
e = shape2[0] if len(shape2) == 2 else 1
cs = []
for k in range(l):
    a = sum((Fraction(x) ** 2 for x in W1[k * d:(k + 1) * d]), Fraction(0))
    v = sum((Fraction(W2[i * l + k]) ** 2 for i in range(e)), Fraction(0))
    cs.append(a - v)
negative = sum(1 for c in cs if c < 0)
print(json.dumps({"c": [f"{c.numerator}/{c.denominator}" if c.denominator != 1 else str(c.numerator) for c in cs],
                  "sign": [(c > 0) - (c < 0) for c in cs],
                  "components": str(2 ** negative)}))

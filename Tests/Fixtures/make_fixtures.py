#!/usr/bin/env python3
"""Writes the .npy test fixtures with NumPy and their expected exact values with
Python's `fractions` (independent of relutopo). Run at development time only:
    python3 Tests/Fixtures/make_fixtures.py
CI uses the committed outputs and does not need NumPy."""
import json, os, shutil
from fractions import Fraction
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261123)
expected = {"arrays": {}, "models": {}, "bad": {}}

def exact(x):
    if isinstance(x, (np.integer, int)):
        return Fraction(int(x))
    return Fraction(float(x))

def fstr(f):
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"

def record_array(name, arr):
    flat = np.asarray(arr).reshape(-1, order="C")  # logical row-major order
    expected["arrays"][name] = {"shape": list(arr.shape), "values": [fstr(exact(v)) for v in flat]}

arrays = os.path.join(here, "arrays")
shutil.rmtree(arrays, ignore_errors=True)
os.makedirs(arrays)

def save(name, arr, version=None):
    path = os.path.join(arrays, name + ".npy")
    if version is None:
        np.save(path, arr)
    else:
        with open(path, "wb") as fh:
            np.lib.format.write_array(fh, arr, version=version)
    record_array(name, arr)

base = rng.standard_normal((3, 4))
specials = {
    "f2": [6e-8, 65504.0, -0.1, 1.0 / 3.0],
    "f4": [1e-40, 3.4e38, -0.1, 1.0 / 3.0],
    "f8": [5e-324, 1.7e308, -0.1, 1.0 / 3.0],
}
for kind in ["f2", "f4", "f8"]:
    values = base.copy()
    values[0, :] = specials[kind]
    for endian in "<>":
        dtype = np.dtype(endian + kind)
        arr = values.astype(dtype)
        save(f"{kind}_{'le' if endian == '<' else 'be'}_C", arr)
        save(f"{kind}_{'le' if endian == '<' else 'be'}_F", np.asfortranarray(arr))
for kind, lo, hi in [("i1", -128, 128), ("i2", -32768, 32768), ("i4", -2**31, 2**31), ("i8", -2**53, 2**53),
                     ("u1", 0, 256), ("u2", 0, 65536), ("u4", 0, 2**32), ("u8", 0, 2**53)]:
    arr = rng.integers(lo, hi, size=(3, 4), dtype=np.dtype(kind))
    save(f"{kind}_le_C", arr.astype("<" + kind))
    if kind[1] != "1":
        save(f"{kind}_be_F", np.asfortranarray(arr.astype(">" + kind)))
save("i8_big", np.array([[2**60 + 1, -(2**62) - 3], [7, -2**53 - 1]], dtype="<i8"))
save("u8_big", np.array([2**64 - 1, 2**53 + 1, 0], dtype="<u8"))
save("bool", np.array([[True, False], [False, True]]))
save("f8_1d", rng.standard_normal(5))
save("f8_0d", np.array(2.5))
save("f4_3d_F", np.asfortranarray(rng.standard_normal((2, 3, 4)).astype("<f4")))
save("f8_v2", rng.standard_normal((2, 3)), version=(2, 0))
save("f8_empty_rows", np.zeros((0, 3)))

# Bad files: (file, expected fragment of the error message).
bad = os.path.join(here, "bad")
shutil.rmtree(bad, ignore_errors=True)
os.makedirs(bad)
def bad_array(name, arr, fragment):
    np.save(os.path.join(bad, name + ".npy"), arr)
    expected["bad"][name] = fragment
nan_arr = np.ones((3, 4)); nan_arr[1, 2] = np.nan
bad_array("nan", nan_arr, "index [1, 2]: NaN")
inf_arr = np.ones((2, 3), dtype="<f4"); inf_arr[0, 1] = -np.inf
bad_array("neg_inf", inf_arr, "index [0, 1]: -Inf")
inf16 = np.ones(4, dtype="<f2"); inf16[3] = np.inf
bad_array("inf_f16", inf16, "index [3]: +Inf")
bad_array("complex", np.ones((2, 2), dtype=np.complex128), "unsupported dtype")
bad_array("structured", np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")]), "unsupported dtype")
bad_array("longdouble", np.ones(2, dtype=np.longdouble), "unsupported dtype")
good = os.path.join(bad, "truncated.npy")
np.save(good, np.ones((4, 4)))
raw = open(good, "rb").read()
open(good, "wb").write(raw[:-9])
expected["bad"]["truncated"] = "truncated data"
open(os.path.join(bad, "header_cut.npy"), "wb").write(raw[:40])
expected["bad"]["header_cut"] = "truncated .npy header"
open(os.path.join(bad, "bad_magic.npy"), "wb").write(b"\x93NUMPX" + raw[6:])
expected["bad"]["bad_magic"] = "bad magic"
open(os.path.join(bad, "trailing.npy"), "wb").write(raw + b"\0" * 8)
expected["bad"]["trailing"] = "bytes after the data"
open(os.path.join(bad, "lying_shape.npy"), "wb").write(raw.replace(b"(4, 4)", b"(9, 4)"))
expected["bad"]["lying_shape"] = "truncated data"
open(os.path.join(bad, "empty.npy"), "wb").write(b"")
expected["bad"]["empty"] = "truncated .npy header"
open(os.path.join(bad, "garbage_header.npy"), "wb").write(raw[:10] + b"{'descr': <f8" + raw[23:])
expected["bad"]["garbage_header"] = "malformed .npy header"

# Model directories, with c_k computed by fractions.
models = os.path.join(here, "models")
shutil.rmtree(models, ignore_errors=True)
os.makedirs(models)

def model(name, W1, W2, b1=None, b2=None):
    path = os.path.join(models, name)
    os.makedirs(path)
    np.save(os.path.join(path, "W1.npy"), W1)
    np.save(os.path.join(path, "W2.npy"), W2)
    if b1 is not None: np.save(os.path.join(path, "b1.npy"), b1)
    if b2 is not None: np.save(os.path.join(path, "b2.npy"), b2)
    l, d = W1.shape
    W2m = W2.reshape(1, -1) if W2.ndim == 1 else W2
    cs = []
    for k in range(l):
        a = [exact(x) for x in W1[k]] + ([exact(b1[k])] if b1 is not None else [])
        v = [exact(x) for x in W2m[:, k]]
        cs.append(sum(x * x for x in a) - sum(y * y for y in v))
    expected["models"][name] = {"d": d, "l": l, "e": W2m.shape[0],
                                "c": [fstr(c) for c in cs],
                                "sign": [(c > 0) - (c < 0) for c in cs]}

model("bias_f32", rng.standard_normal((5, 4)).astype("<f4"), rng.standard_normal((2, 5)).astype("<f8"),
      b1=rng.standard_normal(5).astype("<f4"), b2=rng.standard_normal(2).astype("<f4"))
model("nobias_1d_w2", rng.standard_normal((6, 3)), (2 * rng.standard_normal(6)).astype(">f4"))
model("fortran_f16", np.asfortranarray(rng.standard_normal((4, 3)).astype("<f2")), rng.standard_normal((1, 4)).astype("<f2"))
model("ints", rng.integers(-5, 6, size=(4, 2)).astype("<i4"), rng.integers(-5, 6, size=(1, 4)).astype("<i8"))

# Networks built to fool binary64: naive float sums get the sign of c_k wrong.
tiny = 2.0 ** -540
fool_W1 = np.array([
    [1.0, 2.0 ** -30, 0.0],        # c = 2^-60 > 0, naive: 1 + 2^-60 - 1 = 0
    [1e200, 1e200, 0.0],           # squares overflow: naive inf - inf = nan
    [tiny, 0.0, 0.0],              # squares underflow: naive 0, exact > 0
    [3.0, 4.0, 0.0],               # exact zero
    [1.0, 1.0, 2.0 ** -27],        # v chosen below: exact < 0 by 2^-104-ish, naive says > 0 or 0
    [1.7e308, 0.0, 0.0],           # overflow against a smaller v: exact > 0
])
fool_W2 = np.array([[1.0, 1.5e200, tiny / 2.0, 5.0, float(np.sqrt(np.float64(2.0)) + 2.0 ** -51), 1e308]])
# Row 4: ‖a‖² = 2 + 2^-54; v = sqrt(2) rounded up: compare exactly.
model("fool64", fool_W1, fool_W2)

# A wide network of pathological neurons for the 2^2000 component test: l = 2000, d = 2.
W1 = np.full((2000, 2), 0.5)
W2 = np.full((1, 2000), -1.0)
W2[0, ::2] = 1.0
model("wide2000", W1, W2)

# 1000-input sums whose naive binary64 sign is wrong (searched, then verified by fractions).
def naive(a, v):
    return float(np.sum(a.astype(np.float64) ** 2)) - float(np.sum(v ** 2))
found = []
while len(found) < 4:
    a = rng.standard_normal(1000) * 0.1
    A = Fraction(0)
    for x in a: A += Fraction(float(x)) ** 2
    # v = nearest double to sqrt(A), nudged so that the exact sign is known to be tiny.
    import math
    v0 = math.sqrt(float(A))
    for v in [v0, np.nextafter(v0, 0), np.nextafter(v0, 2), np.nextafter(np.nextafter(v0, 2), 2)]:
        exact_sign = (A > Fraction(float(v)) ** 2) - (A < Fraction(float(v)) ** 2)
        s = 0.0
        for x in a: s += float(x) * float(x)   # recursive summation, as a naive loop does
        naive_value = s - float(v) * float(v)
        naive_sign = (naive_value > 0) - (naive_value < 0)
        if naive_sign != exact_sign:
            found.append((a, v))
            break
for i, (a, v) in enumerate(found):
    model(f"sum1000_{i}", a.reshape(1, -1), np.array([[v]]))
    expected["models"][f"sum1000_{i}"]["naive_sign_wrong"] = True

with open(os.path.join(here, "expected.json"), "w") as fh:
    json.dump(expected, fh, indent=1)
print("arrays", len(expected["arrays"]), "bad", len(expected["bad"]), "models", len(expected["models"]))
for name, m in expected["models"].items():
    if name.startswith("fool") or name.startswith("sum"):
        print(name, m["sign"], m["c"][:1] if name.startswith("sum") else "")

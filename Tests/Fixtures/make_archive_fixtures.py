#!/usr/bin/env python3
"""Writes the .npz and .safetensors fixtures (with NumPy and the `safetensors`
package, or by hand for BF16) and their expected exact invariants c_k with
Python's `fractions`, independently of relutopo. Development time only:

    python3 Tests/Fixtures/make_archive_fixtures.py

Also writes malformed archives under bad_archives/ (each must give exit 3)."""
import json, os, shutil, struct, zipfile, io, zlib
from fractions import Fraction
import numpy as np
from safetensors.numpy import save_file

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "archives")
bad = os.path.join(here, "bad_archives")
for d in (out, bad):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
rng = np.random.default_rng(7)
expected = {}

def invariants(W1, b1, W2):
    cs = []
    for k in range(W1.shape[0]):
        c = sum(Fraction(float(x)) ** 2 for x in W1[k])
        if b1 is not None:
            c += Fraction(float(b1[k])) ** 2
        c -= sum(Fraction(float(x)) ** 2 for x in W2[:, k])
        cs.append(str(c.numerator) if c.denominator == 1 else f"{c.numerator}/{c.denominator}")
    return cs

def record(name, W1, b1, W2, keys):
    expected[name] = {"c": invariants(W1, b1, W2), "shape": [W1.shape[1], W1.shape[0], W2.shape[0]],
                      "hidden_bias": b1 is not None, "keys": keys}

W1 = rng.standard_normal((3, 2)).astype(np.float32)
b1 = rng.standard_normal(3).astype(np.float32)
W2 = (3 * rng.standard_normal((1, 3))).astype(np.float32)
b2 = rng.standard_normal(1).astype(np.float32)

np.savez(os.path.join(out, "savez.npz"), W1=W1, b1=b1, W2=W2, b2=b2)
record("savez.npz", W1, b1, W2, "W1 = W1, b1 = b1, W2 = W2, b2 = b2")
# The same members re-zipped by Python's zipfile in ZIP64 form (end record, locator,
# and ZIP64 extra fields), which it writes only past 65,535 entries or 4 GiB unless
# its limits are lowered: read like savez.npz (not listed in archives_expected.json).
def zip64_copy(source, target):
    limits = zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT
    zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = 0, 0
    try:
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as dst:
            for info in src.infolist():
                with dst.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(src.read(info.filename))
    finally:
        zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = limits
zip64_copy(os.path.join(out, "savez.npz"), os.path.join(out, "savez_zip64.npz"))
np.savez_compressed(os.path.join(out, "savez_compressed.npz"), W1=W1, b1=b1, W2=W2, b2=b2)
record("savez_compressed.npz", W1, b1, W2, "W1 = W1, b1 = b1, W2 = W2, b2 = b2")
np.savez(os.path.join(out, "positional.npz"), W1, b1, W2, b2)
record("positional.npz", W1, b1, W2, "W1 = arr_0, b1 = arr_1, W2 = arr_2, b2 = arr_3")

# nn.Sequential(Linear(2, 3), ReLU(), Linear(3, 1)).state_dict() keys.
save_file({"0.weight": W1, "0.bias": b1, "2.weight": W2, "2.bias": b2}, os.path.join(out, "sequential.safetensors"),
          metadata={"format": "pt"})
record("sequential.safetensors", W1, b1, W2, "W1 = 0.weight, b1 = 0.bias, W2 = 2.weight, b2 = 2.bias")
for dtype, tag in [(np.float16, "f16"), (np.float64, "f64"), (np.int32, "i32")]:
    w1 = (W1 * 4).astype(dtype); w2 = (W2 * 4).astype(dtype)
    save_file({"fc1.weight": w1, "fc2.weight": w2}, os.path.join(out, f"named_{tag}.safetensors"))
    record(f"named_{tag}.safetensors", w1, None, w2, "W1 = fc1.weight, b1 = -, W2 = fc2.weight, b2 = -")

# BF16 by hand (NumPy has no bfloat16): values that are exact in bfloat16.
def bf16_bytes(a):
    bits = np.asarray(a, dtype=np.float32).view(np.uint32) >> 16
    return bits.astype("<u2").tobytes()
w1 = np.round(W1 * 64) / 64; w2 = np.round(W2 * 8) / 8; bb = np.round(b1 * 16) / 16
tensors = [("layer1.weight", w1), ("layer1.bias", bb), ("layer2.weight", w2)]
header, data, offset = {}, b"", 0
for name, arr in tensors:
    raw = bf16_bytes(arr)
    header[name] = {"dtype": "BF16", "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
    data += raw; offset += len(raw)
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
with open(os.path.join(out, "named_bf16.safetensors"), "wb") as fh:
    fh.write(struct.pack("<Q", len(text)) + text + data)
record("named_bf16.safetensors", w1.astype(np.float32), bb.astype(np.float32), w2.astype(np.float32), "W1 = layer1.weight, b1 = layer1.bias, W2 = layer2.weight, b2 = -")

# Three linear layers: more than one pair fits, so auto-detection must refuse.
save_file({"0.weight": rng.standard_normal((4, 2)).astype(np.float32), "2.weight": rng.standard_normal((4, 4)).astype(np.float32),
           "4.weight": rng.standard_normal((1, 4)).astype(np.float32)}, os.path.join(out, "three_layers.safetensors"))

# Written by PyTorch itself (safetensors.torch.save_file of a state_dict), when torch is installed.
try:
    import torch
    from safetensors.torch import save_file as torch_save_file
    torch.manual_seed(3)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    torch_save_file(net.state_dict(), os.path.join(out, "torch_sequential.safetensors"))
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    record("torch_sequential.safetensors", sd["0.weight"], sd["0.bias"], sd["2.weight"], "W1 = 0.weight, b1 = 0.bias, W2 = 2.weight, b2 = 2.bias")
    bf = {k: v.to(torch.bfloat16) for k, v in net.state_dict().items()}
    torch_save_file(bf, os.path.join(out, "torch_bf16.safetensors"))
    sd = {k: v.to(torch.float32).numpy() for k, v in bf.items()}
    record("torch_bf16.safetensors", sd["0.weight"], sd["0.bias"], sd["2.weight"], "W1 = 0.weight, b1 = 0.bias, W2 = 2.weight, b2 = 2.bias")
except ImportError:
    print("torch not installed: torch_*.safetensors fixtures not regenerated")

with open(os.path.join(here, "archives_expected.json"), "w") as fh:
    json.dump(expected, fh, indent=1, sort_keys=True)

# ---- malformed archives: every one must be refused with exit status 3 ----
good_npz = open(os.path.join(out, "savez.npz"), "rb").read()
good_st = open(os.path.join(out, "sequential.safetensors"), "rb").read()
def write(name, blob):
    with open(os.path.join(bad, name), "wb") as fh:
        fh.write(blob)
write("truncated.npz", good_npz[: len(good_npz) // 2])
write("truncated_tail.npz", good_npz[:-10])
flipped = bytearray(good_npz); flipped[200] ^= 0xFF       # inside W1's data: CRC must catch it
write("bad_crc.npz", bytes(flipped))
write("empty.npz", b"")
write("not_zip.npz", b"PK\x03\x04 this is not a zip file at all")
# Non-recursive zip bomb: many directory entries pointing at one compressed block.
buf = io.BytesIO()
payload = zlib.compress(b"\0" * (1 << 20), 9)[2:-4]
local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, zlib.crc32(b"\0" * (1 << 20)), len(payload), 1 << 20, 6, 0) + b"W1.npy" + payload
central = b""
for i in range(50):
    name = f"W{i}.npy".encode()
    central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, zlib.crc32(b"\0" * (1 << 20)), len(payload), 1 << 20,
                           len(name), 0, 0, 0, 0, 0, 0) + name
eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 50, 50, len(central), len(local), 0)
write("zip_bomb_overlap.npz", local + central + eocd)
# Deflated entry whose directory size lies (says 100 bytes, inflates to 1 MiB).
lie = io.BytesIO()
with zipfile.ZipFile(lie, "w", zipfile.ZIP_DEFLATED) as z:
    arr = io.BytesIO(); np.save(arr, np.zeros((512, 256), np.float64)); z.writestr("W1.npy", arr.getvalue())
blob = bytearray(lie.getvalue())
cd = blob.rfind(b"PK\x01\x02")
struct.pack_into("<I", blob, cd + 24, 100)
struct.pack_into("<I", blob, 22, 100)
write("deflate_size_lie.npz", bytes(blob))
# A .npy inside the archive with a lying shape.
liar = io.BytesIO()
with zipfile.ZipFile(liar, "w") as z:
    arr = io.BytesIO(); np.save(arr, W1); raw = arr.getvalue().replace(b"(3, 2)", b"(9, 2)")
    z.writestr("W1.npy", raw)
    arr = io.BytesIO(); np.save(arr, W2); z.writestr("W2.npy", arr.getvalue())
write("lying_shape.npz", liar.getvalue())
nan = W1.copy(); nan[1, 0] = np.nan
np.savez(os.path.join(bad, "nan.npz"), W1=nan, W2=W2)
np.savez(os.path.join(bad, "shape_mismatch.npz"), W1=W1, W2=rng.standard_normal((1, 4)).astype(np.float32))
np.savez(os.path.join(bad, "empty_network.npz"), W1=np.zeros((0, 2), np.float32), W2=np.zeros((1, 0), np.float32))
np.savez(os.path.join(bad, "no_arrays.npz"))

write("truncated.safetensors", good_st[: len(good_st) - 7])
write("huge_header.safetensors", struct.pack("<Q", 1 << 62) + good_st[8:])
write("header_past_end.safetensors", struct.pack("<Q", len(good_st)) + good_st[8:])
def st(header, data=b""):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data
write("lying_shape.safetensors", st({"W1": {"dtype": "F32", "shape": [3, 3], "data_offsets": [0, 24]}}, b"\0" * 24))
write("offsets_past_end.safetensors", st({"W1": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}, b"\0" * 8))
write("overlap.safetensors", st({"W1": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                                   "W2": {"dtype": "F32", "shape": [1, 2], "data_offsets": [8, 16]}}, b"\0" * 16))
write("bad_dtype.safetensors", st({"W1": {"dtype": "F8_E4M3", "shape": [2, 2], "data_offsets": [0, 4]}}, b"\0" * 4))
write("not_json.safetensors", struct.pack("<Q", 5) + b"{oops")
write("nan.safetensors", st({"W1": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]},
                              "W2": {"dtype": "F32", "shape": [1, 1], "data_offsets": [8, 12]}},
                             struct.pack("<3f", 1.0, float("inf"), 2.0)))
write("negative_shape.safetensors", st({"W1": {"dtype": "F32", "shape": [-1, 2], "data_offsets": [0, 8]}}, b"\0" * 8))
write("shape_mismatch.safetensors", st({"fc1.weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                                         "fc2.weight": {"dtype": "F32", "shape": [1, 3], "data_offsets": [16, 28]}}, b"\0" * 28))
# ZIP64 locator whose record offset (0) leaves no room for the 56-byte record before it:
# 42 bytes that once crashed the reader (an unchecked subtraction).
write("zip64_locator_before_start.npz", struct.pack("<IIQI", 0x07064B50, 0, 0, 1)
      + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
# Tensor names that are not Unicode text: a raw 0xFF byte, and a lone surrogate escape.
def st_raw(text, data=b""):
    return struct.pack("<Q", len(text)) + text + data
write("invalid_utf8_key.safetensors", st_raw(b'{"W\xff1": {"dtype": "F32", "shape": [1, 1], "data_offsets": [0, 4]}, '
                                             b'"W2": {"dtype": "F32", "shape": [1, 1], "data_offsets": [4, 8]}}', b"\0" * 8))
write("lone_surrogate_key.safetensors", st_raw(b'{"W\\ud8001": {"dtype": "F32", "shape": [1, 1], "data_offsets": [0, 4]}, '
                                               b'"W2": {"dtype": "F32", "shape": [1, 1], "data_offsets": [4, 8]}}', b"\0" * 8))
print("wrote", len(os.listdir(out)), "archives and", len(os.listdir(bad)), "malformed files")

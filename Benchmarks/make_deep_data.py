#!/usr/bin/env python3
"""Deep benchmark models (issue 14) as PyTorch-keyed float32 .safetensors, written
with NumPy only (the format is a JSON header and raw little-endian bytes):
    python3 Benchmarks/make_deep_data.py OUT_DIR
writes mlp_784_1024_1024_1.safetensors and mlp_784_4096_4096_4096_10.safetensors
(Kaiming-uniform weights and biases as nn.Linear initialises them, seed 0)."""
import json, os, struct, sys
import numpy as np

def save(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, array in tensors:
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)

def mlp(widths, rng):
    tensors = []
    for h in range(len(widths) - 1):
        bound = 1 / np.sqrt(widths[h])
        tensors.append((f"net.{2 * h}.weight", rng.uniform(-bound, bound, size=(widths[h + 1], widths[h]))))
        tensors.append((f"net.{2 * h}.bias", rng.uniform(-bound, bound, size=widths[h + 1])))
    return tensors

if len(sys.argv) < 2 or sys.argv[1].startswith("-"):   # --help, or a flag taken for the output path
    sys.exit(__doc__)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)
save(os.path.join(out, "mlp_784_1024_1024_1.safetensors"), mlp([784, 1024, 1024, 1], rng))
save(os.path.join(out, "mlp_784_4096_4096_4096_10.safetensors"), mlp([784, 4096, 4096, 4096, 10], rng))
print(out)

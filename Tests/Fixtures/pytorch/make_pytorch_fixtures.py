#!/usr/bin/env python3
"""Writes the PyTorch fixtures of relutopo's .pt reader (issue 18) and their
expected values. Development time only (the tests never need torch):

    python3 Tests/Fixtures/pytorch/make_pytorch_fixtures.py

good/     files written by torch.save (PyTorch 2.13), plus two rewritten by hand
          (big-endian storages; a misnamed copy). expected.json holds every
          tensor's name, shape and values (Python's repr of each value as a
          binary64: the shortest text that reads back to exactly that number),
          the keys auto-detection must choose, and the invariants c_k computed
          exactly with fractions.
bad/      hostile or damaged files, each refused with exit 3 and one line. The
          pickles are written byte by byte here (never loaded by any unpickler):
          a payload such as GLOBAL os.system + REDUCE would run `touch
          relutopo-pwned` in an unpickler that executes files.
"""
import io, json, os, shutil, struct, zipfile
from fractions import Fraction

import torch

here = os.path.dirname(os.path.abspath(__file__))
good = os.path.join(here, "good")
bad = os.path.join(here, "bad")
for d in (good, bad):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
expected = {}


def values(t):
    return [repr(float(x)) for x in t.detach().to(torch.float64).reshape(-1).tolist()]


def invariants(W1, b1, W2):
    cs = []
    for k in range(W1.shape[0]):
        c = sum(Fraction(float(x)) ** 2 for x in W1[k].tolist())
        if b1 is not None:
            c += Fraction(float(b1[k])) ** 2
        c -= sum(Fraction(float(x)) ** 2 for x in W2[:, k].tolist())
        cs.append(str(c.numerator) if c.denominator == 1 else f"{c.numerator}/{c.denominator}")
    return cs


def record(name, tensors, keys=None):
    """tensors: name -> tensor, in the order the file holds them; keys: W1, b1, W2, b2 names."""
    entry = {"tensors": [{"name": k, "shape": list(v.shape), "values": values(v)} for k, v in tensors.items()]}
    if keys:
        w1, b1, w2, b2 = keys
        entry["keys"] = f"W1 = {w1}, b1 = {b1 or '-'}, W2 = {w2}, b2 = {b2 or '-'}"
        f64 = {k: v.detach().to(torch.float64) for k, v in tensors.items()}
        entry["c"] = invariants(f64[w1], f64[b1] if b1 else None, f64[w2])
    expected[name] = entry


torch.manual_seed(18)
net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
sd = net.state_dict()
seq_keys = ("0.weight", "0.bias", "2.weight", "2.bias")

# 1. The plain case: torch.save(model.state_dict()) of nn.Sequential(Linear, ReLU, Linear).
torch.save(sd, os.path.join(good, "sequential.pt"))
record("sequential.pt", sd, seq_keys)
# The same file as pytorch_model.bin and misnamed .npz: detection is by content.
shutil.copy(os.path.join(good, "sequential.pt"), os.path.join(good, "pytorch_model.bin"))
record("pytorch_model.bin", sd, seq_keys)
shutil.copy(os.path.join(good, "sequential.pt"), os.path.join(good, "misnamed.npz"))
record("misnamed.npz", sd, seq_keys)
# 2. The legacy (non-zip) format.
torch.save(sd, os.path.join(good, "legacy.pt"), _use_new_zipfile_serialization=False)
record("legacy.pt", sd, seq_keys)
# 3. Pickle protocol 4 (FRAME, STACK_GLOBAL, MEMOIZE, SHORT_BINUNICODE).
torch.save(sd, os.path.join(good, "protocol4.pth"), pickle_protocol=4)
record("protocol4.pth", sd, seq_keys)
# 4. Other dtypes (values of the float32 model rounded by torch itself).
for dtype, tag in [(torch.float16, "half"), (torch.bfloat16, "bf16"), (torch.float64, "double")]:
    converted = {k: v.to(dtype) for k, v in sd.items()}
    torch.save(converted, os.path.join(good, f"{tag}.pt"))
    record(f"{tag}.pt", converted, seq_keys)
# 5. Views: a transposed weight (strides (1, 3)), a strided slice, a bias at a
#    storage offset, and two keys sharing one storage.
base = torch.arange(1, 13, dtype=torch.float32).reshape(4, 3) / 8  # exact in binary
W1 = base.t()                      # 3×4, stride (1, 3), storage of 12
vec = torch.arange(-4, 6, dtype=torch.float32) / 4    # storage of 10
b1 = vec[2:5]                      # offset 2
W2 = torch.arange(0, 6, dtype=torch.float32).reshape(1, 6)[:, ::2] / 2  # 1×3, stride (6, 2)
b2 = vec[7:8]                      # shares vec's storage, offset 7
views = {"fc1.weight": W1, "fc1.bias": b1, "fc2.weight": W2, "fc2.bias": b2}
torch.save(views, os.path.join(good, "views.pt"))
record("views.pt", views, ("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"))
# 6. Parameters saved themselves (torch._utils._rebuild_parameter), no biases.
params = {"layer1.weight": net[0].weight, "layer2.weight": net[2].weight}
torch.save(params, os.path.join(good, "parameters.pt"))
record("parameters.pt", params, ("layer1.weight", None, "layer2.weight", None))
# 7. A training checkpoint: nested dicts, plain values beside the state dict.
checkpoint = {"epoch": 3, "lr": 0.125, "note": "warm-up", "steps": [1, 2, 3], "model": sd, "best": None, "done": False}
torch.save(checkpoint, os.path.join(good, "checkpoint.pt"))
record("checkpoint.pt", {f"model.{k}": v for k, v in sd.items()}, tuple(f"model.{k}" for k in seq_keys))
# 8. Integers: int64 (v2, LongStorage) and uint16 (v3 over an untyped storage with a dtype).
ints = {"fc1.weight": torch.tensor([[1, -2], [3, 4], [-5, 6]], dtype=torch.int64),
        "fc2.weight": torch.tensor([[7, 8, 9]], dtype=torch.uint16)}
torch.save(ints, os.path.join(good, "ints.pt"))
record("ints.pt", ints, ("fc1.weight", None, "fc2.weight", None))


def rewrite(source, target, change):
    """Copies a torch zip, passing each (name, bytes) through change (stored, like torch)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)


# 9. Big-endian storages (byteorder "big"): the same values as sequential.pt.
def to_big(name, data):
    if name.endswith("/byteorder"):
        return b"big"
    if "/data/" in name:
        return b"".join(data[i:i + 4][::-1] for i in range(0, len(data), 4))
    return data
rewrite(os.path.join(good, "sequential.pt"), os.path.join(good, "big_endian.pt"), to_big)
record("big_endian.pt", sd, seq_keys)

with open(os.path.join(here, "expected.json"), "w") as fh:
    json.dump(expected, fh, indent=1, sort_keys=True)

# ---- hostile and damaged files (bad/): each must be refused with exit 3 ----


def unicode(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def glob(module, name):
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def storage_pid(key, numel, storage="FloatStorage"):
    return b"(" + unicode("storage") + glob("torch", storage) + unicode(key) + unicode("cpu") + b"J" + struct.pack("<i", numel) + b"tQ"


def ints_tuple(xs):
    return b"(" + b"".join(b"J" + struct.pack("<i", x) for x in xs) + b"t"


def tensor(key, numel, size, stride, offset=0, storage="FloatStorage"):
    return (glob("torch._utils", "_rebuild_tensor_v2") + b"(" + storage_pid(key, numel, storage) + b"J" + struct.pack("<i", offset)
            + ints_tuple(size) + ints_tuple(stride) + b"\x89" + glob("collections", "OrderedDict") + b")Rt" + b"R")


def state_dict(items):
    """{name: tensor pickle} as torch writes it: OrderedDict() then SETITEMS."""
    body = b"".join(unicode(k) + v for k, v in items)
    return b"\x80\x02" + glob("collections", "OrderedDict") + b")R(" + body + b"u."


def torch_zip(name, pickle, storages=None, prefix="archive", byteorder=b"little", extra=(), deflate=False):
    """A torch zip archive (deflate: compressed entries, to keep the long repetitive pickles small)."""
    with zipfile.ZipFile(os.path.join(bad, name), "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as z:
        z.writestr(f"{prefix}/data.pkl", pickle)
        if byteorder is not None:
            z.writestr(f"{prefix}/byteorder", byteorder)
        for key, data in (storages or {}).items():
            z.writestr(f"{prefix}/data/{key}", data)
        z.writestr(f"{prefix}/version", b"3\n")
        for entry, data in extra:
            z.writestr(entry, data)


ones6 = struct.pack("<6f", *[1.0] * 6)
ones3 = struct.pack("<3f", *[1.0] * 3)
w1 = tensor("0", 6, [3, 2], [2, 1])
w2 = tensor("1", 3, [1, 3], [3, 1])
fine = {"0": ones6, "1": ones3}
payload = b"(" + unicode("touch relutopo-pwned") + b"tR"

# Code execution: a global outside the allow-list, called with REDUCE.
torch_zip("os_system.pt", b"\x80\x02" + glob("os", "system") + payload + b".")
torch_zip("builtins_eval.pt", b"\x80\x02" + glob("builtins", "eval") + b"(" + unicode("__import__('os').system('touch relutopo-pwned')") + b"tR.")
torch_zip("subprocess.pt", b"\x80\x02" + glob("subprocess", "check_call") + b"((" + unicode("touch") + unicode("relutopo-pwned") + b"ltR.")
# The same through STACK_GLOBAL (protocol 4) and nested inside an otherwise valid state dict.
torch_zip("stack_global_posix.pt", b"\x80\x04\x8c\x05posix\x8c\x06system\x93" + payload + b".")
torch_zip("eval_inside_state_dict.pt", state_dict([("0.weight", w1), ("2.weight", w2), ("x", glob("builtins", "exec") + payload)]), fine)
# INST and OBJ build objects from a class named in the file.
torch_zip("inst_os_system.pt", b"\x80\x02(" + unicode("touch relutopo-pwned") + b"ios\nsystem\n.")
# REDUCE on an allow-listed name that is not a callable, and on a plain value.
torch_zip("reduce_on_storage_type.pt", b"\x80\x02" + glob("torch", "FloatStorage") + payload + b".")
torch_zip("reduce_on_string.pt", b"\x80\x02" + unicode("os.system") + payload + b".")
# BUILD on a tensor with a non-dict state (what __setstate__ exploits use).
torch_zip("build_on_tensor.pt", state_dict([("0.weight", w1 + unicode("state") + b"b"), ("2.weight", w2)]), fine)
# Whole pickled models: torch.save(model) and a TorchScript archive.
torch.save(net, os.path.join(bad, "whole_module.pt"))
torch.jit.save(torch.jit.script(net), os.path.join(bad, "torchscript.pt"))
# Damage: truncated pickle, bad memo index, stack underflow, no STOP, trailing bytes.
good_pickle = state_dict([("0.weight", w1), ("2.weight", w2)])
torch_zip("truncated_pickle.pt", good_pickle[: len(good_pickle) // 2], fine)
torch_zip("memo_out_of_range.pt", b"\x80\x02}q\x00h\xc8.", fine)
torch_zip("stack_underflow.pt", b"\x80\x02R.", fine)
torch_zip("tuple_underflow.pt", b"\x80\x02K\x01\x86.", fine)
torch_zip("trailing_bytes.pt", good_pickle + b"garbage", fine)
torch_zip("unknown_opcode.pt", b"\x80\x02\xff.", fine)
torch_zip("long_integer.pt", b"\x80\x02\x8a\x10" + b"\xff" * 16 + b".", fine)
torch_zip("odd_setitems.pt", b"\x80\x02}(K\x01u.", fine)
# Deep nesting: 70 000 MARKs (past the 65 536 bound) and 200 000 nested tuples (a container, not a state dict).
torch_zip("deep_marks.pt", b"\x80\x02" + b"(" * 70000 + b"N" + b"t" * 70000 + b".", deflate=True)
torch_zip("deep_tuples.pt", b"\x80\x02N" + b"\x85" * 200000 + b".", deflate=True)
# Sizes: 2^31-1 squared elements (more than the storage), an overflowing product, a negative stride.
torch_zip("huge_sizes.pt", state_dict([("0.weight", tensor("0", 6, [2147483647, 2147483647], [1, 1])), ("2.weight", w2)]), fine)
torch_zip("overflow_sizes.pt", state_dict([("0.weight", tensor("0", 6, [2147483647] * 3, [2147483647] * 3)), ("2.weight", w2)]), fine)
torch_zip("negative_stride.pt", state_dict([("0.weight", tensor("0", 6, [3, 2], [-2, 1], offset=4)), ("2.weight", w2)]), fine)
torch_zip("repeat_bomb.pt", state_dict([("0.weight", tensor("0", 6, [65536, 65536], [0, 0])), ("2.weight", w2)]), fine)
# A view that reaches past its storage; a storage record shorter than data.pkl says; a missing record.
torch_zip("view_past_storage.pt", state_dict([("0.weight", tensor("0", 6, [3, 2], [2, 1], offset=1)), ("2.weight", w2)]), fine)
torch_zip("storage_short.pt", good_pickle, {"0": ones6[:20], "1": ones3})
torch_zip("storage_missing.pt", good_pickle, {"0": ones6})
# Types relutopo does not read, and a dtype that does not match the storage.
torch_zip("complex_storage.pt", state_dict([("0.weight", tensor("0", 6, [3, 2], [2, 1], storage="ComplexFloatStorage")), ("2.weight", w2)]), fine)
torch_zip("v3_dtype_mismatch.pt", state_dict([("0.weight", glob("torch._utils", "_rebuild_tensor_v3") + b"(" + storage_pid("0", 6) + b"K\x00" + ints_tuple([3, 2]) + ints_tuple([2, 1])
                                                + b"\x89" + glob("collections", "OrderedDict") + b")R" + glob("torch", "float64") + b"tR"), ("2.weight", w2)]), fine)
# A NaN weight.
nan6 = struct.pack("<6f", 1.0, 2.0, float("nan"), 4.0, 5.0, 6.0)
torch_zip("nan_weight.pt", good_pickle, {"0": nan6, "1": ones3})
# Byte order neither little nor big; no tensors at all; a lone tensor.
torch_zip("byteorder_middle.pt", good_pickle, fine, byteorder=b"middle")
torch_zip("no_tensors.pt", b"\x80\x02}(" + unicode("epoch") + b"K\x03u.")
torch_zip("lone_tensor.pt", b"\x80\x02" + w1 + b".", {"0": ones6})
# Two data.pkl records (which one would torch read?).
torch_zip("two_pickles.pt", good_pickle, fine, extra=[("other/data.pkl", good_pickle)])
# Legacy format: a hostile global after a valid header; and a truncated legacy file.
legacy_head = open(os.path.join(good, "legacy.pt"), "rb").read()
magic_end = 15
version_end = legacy_head.index(b".", magic_end) + 1
info_end = legacy_head.index(b"u.", version_end) + 2
with open(os.path.join(bad, "legacy_os_system.pt"), "wb") as fh:
    fh.write(legacy_head[:info_end] + b"\x80\x02" + glob("os", "system") + payload + b".")
with open(os.path.join(bad, "legacy_truncated.pt"), "wb") as fh:
    fh.write(legacy_head[:-7])
# Not a torch file at all under a torch extension.
with open(os.path.join(bad, "not_torch.pth"), "wb") as fh:
    fh.write(b"\x00\x01 this is not a torch file")
print(f"wrote {len(os.listdir(good))} good and {len(os.listdir(bad))} bad fixtures")

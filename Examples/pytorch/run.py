#!/usr/bin/env python3
"""From a PyTorch state_dict to a verdict and back (issue 7), exactly as README says.

    python3 Examples/pytorch/run.py [RELUTOPO]

Needs torch and safetensors (pip). Builds a small nn.Sequential whose two hidden
neurons are both pathological (c_k < 0, output weights negative), saves it with
safetensors.torch.save_file, asks relutopo whether gradient flow can reach a
teacher with one positive output neuron (no: the way is blocked by topology),
repairs it without changing its function (bfloat16 kept), loads the repaired
state_dict back into PyTorch, checks the outputs are identical, and asks again.
"""
import json
import os
import subprocess
import sys
import tempfile

import torch
from safetensors.torch import load_file, save_file

here = os.path.dirname(os.path.abspath(__file__))
relutopo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", ".build", "release", "relutopo")

def run(*arguments):
    out = subprocess.run([relutopo, *arguments, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)

def network():
    return torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))

with tempfile.TemporaryDirectory() as work:
    init, teacher, repaired = (os.path.join(work, name) for name in ("init.safetensors", "teacher.safetensors", "repaired.safetensors"))
    model = network()
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[0.5, 0.25], [0.25, -0.5]])); model[0].bias.zero_()
        model[2].weight.copy_(torch.tensor([[-1.0, -1.0]])); model[2].bias.zero_()
    model = model.to(torch.bfloat16)
    save_file(model.state_dict(), init)
    target = network()
    with torch.no_grad():
        target[0].weight.copy_(torch.tensor([[1.0, 1.0], [1.0, -1.0]])); target[0].bias.zero_()
        target[2].weight.copy_(torch.tensor([[1.0, 0.5]])); target[2].bias.zero_()
    save_file(target.state_dict(), teacher)

    analysis = run("analyze", init)
    print("keys:", analysis["keys"])
    print("c_k:", [n["c"] for n in analysis["neurons"]], "→ components", analysis["components"]["topological"])
    verdict = run("obstruct", "--init", init, "--teacher", teacher)
    print("before repair:", verdict["verdict"], verdict["counts"])
    report = run("repair", init, "-o", repaired)
    print("repair: exponents", report["exponents"], "max |Δf| =", report["max_abs_change_f"], report["notes"])

    fixed = network().to(torch.bfloat16)
    fixed.load_state_dict(load_file(repaired))
    x = torch.randn(1000, 2).to(torch.bfloat16)
    change = (fixed(x) - model(x)).abs().max().item()
    print("PyTorch: max |f_repaired(x) − f_init(x)| over 1000 inputs =", change)
    after = run("obstruct", "--init", repaired, "--teacher", teacher)
    print("after repair:", after["verdict"], after["counts"])
    assert verdict["verdict"] == "obstructed" and after["verdict"] == "reachable" and change == 0.0

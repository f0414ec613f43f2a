#!/usr/bin/env bash
# Locks that per-neuron rules miss (docs/THEORY.md §13.3), on two small
# PyTorch-shaped networks (W_h is out × in, as nn.Linear stores it).
#
# chain.json: x → w₁ → w₂ → w₃, widths 1 → 1 → 1 → 1, w = (2, 5/2, 1).
#   c₁ = 4 − 25/4 = −9/4 < 0 locks w₂ (the only edge out of neuron 1), as the
#   per-neuron rule says; c₁ + c₂ = −9/4 + 21/4 = 3 > 0 also locks w₁ (the only
#   edge into {neuron 1, neuron 2}): 4 components where per-neuron rules see 2.
# bottleneck.json: 3 → 4 → 1 → 1. The bottleneck neuron has c = 1 − 1/4 = 3/4 > 0,
#   so per neuron its output weight looks free; but the four neurons below have
#   c = −6/25 (three of them) and −11/50, and 3/4 − 47/50 < 0: its output weight
#   is the only edge out of {bottleneck, the four} and can never change sign.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
relutopo="$here/../../scripts/relutopo"
echo "== chain.json"
"$relutopo" analyze "$here/chain.json"
echo
echo "== bottleneck.json"
"$relutopo" analyze "$here/bottleneck.json"

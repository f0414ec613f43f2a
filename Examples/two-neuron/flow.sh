#!/usr/bin/env bash
# The two-neuron teacher–student experiment (docs/THEORY.md §9, paper's Figure 3 setting):
# teacher relu(x1 + x2), 100 samples x ~ N(0, I) (seed 0); the obstructed init
# (both neurons pathological, negative outputs) stalls at the loss of predicting
# 0 where the target is positive; the same magnitudes with c_k > 0 reach ≈ 0.
# Dormand–Prince and CVODE BDF (both with sliding) agree; GD is shown beside them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
relutopo="$here/../../scripts/relutopo"
teacher=$(mktemp --suffix .json); trap 'rm -f "$teacher" "$obstructed" "$good"' EXIT
obstructed=$(mktemp --suffix .json); good=$(mktemp --suffix .json)
echo '{"W1": [[1, 1]], "W2": [[1]]}' > "$teacher"
echo '{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}' > "$obstructed"
echo '{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}' > "$good"
for init in "$obstructed" "$good"; do
    for method in dopri5 bdf gd; do   # two independent integrators of the flow, and plain GD
        echo "== $( [ "$init" = "$obstructed" ] && echo obstructed || echo good ) init, $method"
        "$relutopo" flow --init "$init" --teacher "$teacher" --samples 100 --seed 0 --method "$method" \
            --lr 0.05 --t-max 500 --loss-tol 1e-10 --grad-tol 1e-10
    done
done

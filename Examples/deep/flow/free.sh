#!/usr/bin/env bash
# (b) The same toy from an init with no lock (docs/THEORY.md §13.3): W3 = [[-0.1, -0.1]]
# instead of [[-1, -1]], so every c > 0 (layer 1: 1/4 − 1/16, layer 2: 1/16 − 1/100).
# The flow fits the data: loss below 1e-6 (then it creeps on like 1/t: loss_tol
# 1e-8 would take t ≈ 10^5), with dopri5, bdf and adams; and to t = 2000 at the
# default tolerances.
#   bash Examples/deep/flow/free.sh [relutopo binary]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relutopo=${1:-$here/../../../.build/release/relutopo}
"$relutopo" analyze "$here/free.json" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print('analyze: locked coordinates', len(d['locked_coordinates']), 'c', [n['c'] for n in d['neurons']])"
for method in dopri5 bdf adams; do
    for arguments in "--t-max 1000 --loss-tol 1e-6" "--t-max 2000"; do
        # shellcheck disable=SC2086
        "$relutopo" flow --init "$here/free.json" --data "$here/toy.csv" --target y --method "$method" $arguments --json |
        python3 -c "
import json, sys
d = json.load(sys.stdin)
keys = ['verdict', 'final_loss', 't_final', 'prediction', 'rhs_evaluations', 'max_relative_drift', 'loss_trend', 'loss_change_last_tenth']
print('flow $method $arguments', {k: d[k] for k in keys})"
    done
done

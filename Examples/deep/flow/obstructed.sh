#!/usr/bin/env bash
# (a) Deep teacher–student toy (docs/THEORY.md §13.8): student 2 → 2 → 2 → 1 with
# W1 = 0.5·I, W2 = 0.25·I, W3 = [[-1, -1]] (layer-2 c = 1/16 − 1 < 0: both output
# weights locked negative), data: the teacher relu(x1 + x2) on the 40 inputs of
# toy.csv. The exact floor from `obstruct`, then the flow with dopri5, bdf and
# adams, each with and without the orbit projection.
#   bash Examples/deep/flow/obstructed.sh [relutopo binary]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relutopo=${1:-$here/../../../.build/release/relutopo}
"$relutopo" obstruct --init "$here/obstructed.json" --data "$here/toy.csv" --target y --json |
    python3 -c "import json,sys; d=json.load(sys.stdin); c=d['certificate']; print('obstruct:', d['verdict'], 'floor', c['lower_bound'], '=', eval(c['lower_bound']))"
for method in dopri5 bdf adams; do
    for projection in "" --no-projection; do
        # shellcheck disable=SC2086
        "$relutopo" flow --init "$here/obstructed.json" --data "$here/toy.csv" --target y --method "$method" --t-max 200 \
            $projection --json |
        python3 -c "
import json, sys
d = json.load(sys.stdin)
keys = ['verdict', 'final_loss', 't_final', 'prediction', 'agree', 'rhs_evaluations', 'max_relative_drift',
        'max_relative_drift_after_projection', 'locked_sign_changes', 'sliding_entries', 'multilayer_sliding_evaluations']
print('flow $method ${projection:-(projected)}', {k: d[k] for k in keys})"
    done
done

#!/usr/bin/env bash
# (c) Breast cancer (569 rows, 30 features z-scored as the SciPy reference does,
# BCE) with a 30 → 16 → 16 → 1 network: the SciPy reference's Kaiming init
# extended to depth 3 (Benchmarks/scipy_deep_flow_reference.py dump-init: W_h ~
# N(0, 2/fan_in), layer by layer from numpy default_rng(0), biases 0), t = 200,
# rtol 1e-6, atol 1e-9; relutopo dopri5, bdf and adams, and dopri5 without the
# orbit projection. SciPy side by side: Benchmarks/run_bc_deep_flow.sh.
#   bash Examples/deep/flow/breast-cancer.sh [relutopo binary] [breast_cancer.csv]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relutopo=${1:-$here/../../../.build/release/relutopo}
data=${2:-$here/../../../../shared/data/breast_cancer.csv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/../../../Benchmarks/scipy_deep_flow_reference.py" dump-init --data "$data" --widths 16,16 --out "$work/init.json" > /dev/null
for run in "dopri5" "bdf" "adams" "dopri5 --no-projection"; do
    # shellcheck disable=SC2086
    "$relutopo" flow --init "$work/init.json" --data "$data" --target target --standardise --loss bce --method $run \
        --t-max 200 --rtol 1e-6 --atol 1e-9 --json |
    python3 -c "
import json, sys
d = json.load(sys.stdin)
keys = ['verdict', 'final_loss', 't_final', 'prediction', 'rhs_evaluations', 'wall_seconds', 'max_relative_drift',
        'max_relative_drift_after_projection', 'switches', 'sliding_entries', 'multilayer_sliding_evaluations',
        'multilayer_sliding_samples_max', 'loss_floor_explanation']
print('flow $run', {k: d[k] for k in keys})"
done

#!/usr/bin/env bash
# The obstructed and good toy inits of the SciPy reference on the SAME data
# (numpy default_rng(0), n = 100, teacher relu(x1 + x2)), relutopo dopri5 vs
# SciPy RK45 (rtol 1e-6, atol 1e-9), side by side in one run.
#   bash Benchmarks/run_toy_flow.sh .build/release/relutopo [scipy_budget_seconds]
set -euo pipefail
case "${1:-}" in ""|-*) sed -n '2,/^set /p' "$0" | grep "^#" >&2; exit 2 ;; esac   # usage
relutopo=$1; budget=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/toy_data.py" "$work/toy.csv" 0
echo '{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}' > "$work/obstructed.json"
echo '{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}' > "$work/good.json"
for init in obstructed good; do
    "$relutopo" flow --init "$work/$init.json" --data "$work/toy.csv" --target y --t-max 500 \
        --rtol 1e-6 --atol 1e-9 --loss-tol 1e-10 --grad-tol 1e-10 --run-to-t-max --json |
        python3 -c "import json,sys; d=json.load(sys.stdin); print('relutopo dopri5 $init', {k: d[k] for k in ['verdict','final_loss','t_final','rhs_evaluations','max_relative_drift','locked_sign_changes','prediction','agree','wall_seconds']})"
done
python3 "$here/../../shared/bench/scipy_flow_reference.py" toy --methods RK45 --tols 1e-6,1e-9 --t-end 500 \
    --budget "$budget" --repeats 1 --gd '' 2>/dev/null | python3 -c "
import json, sys
for line in sys.stdin:
    if line.startswith('{'):
        d = json.loads(line)
        if d.get('method') == 'RK45':
            print('scipy', d['method'], d['init'], {k: d.get(k) for k in ['finished','t_final','rhs_calls','final_loss','max_rel_drift','wall_s']})
"
rm -rf "$work"

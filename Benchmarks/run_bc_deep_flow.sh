#!/usr/bin/env bash
# Breast cancer with a 30 → 16 → 16 → 1 network (standardised, BCE, all 569
# rows, hidden and output biases), the SciPy reference's Kaiming init extended
# to depth 3 (scipy_deep_flow_reference.py dump-init, seed 0), rtol 1e-6,
# atol 1e-9, t = 200: relutopo and SciPy solve_ivp side by side in one run.
# relutopo dopri5 and SciPy RK45 alternate `repeats` times (medians in the
# notes); then relutopo bdf and adams once; then every other SciPy method once
# under a wall-time budget (its fate recorded). OpenBLAS on one thread on both
# sides (relutopo does this itself). One JSON object per line on stdout.
#   bash Benchmarks/run_bc_deep_flow.sh RELUTOPO [repeats=3] [budget_seconds=600] [scipy_methods=RK23,DOP853,Radau,BDF,LSODA]
set -euo pipefail
case "${1:-}" in ""|-*) sed -n '2,/^set /p' "$0" | grep "^#" >&2; exit 2 ;; esac   # usage
relutopo=$1; repeats=${2:-3}; budget=${3:-600}; methods=${4:-RK23,DOP853,Radau,BDF,LSODA}
here=$(cd "$(dirname "$0")" && pwd)
data="$here/../../shared/data/breast_cancer.csv"
python=$(python3 -c 'import sys; print(sys.executable)')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" "$here/scipy_deep_flow_reference.py" dump-init --data "$data" --widths 16,16 --seed 0 --out "$work/init.json" > /dev/null
run_relutopo() {
    # shellcheck disable=SC2086
    "$relutopo" flow --init "$work/init.json" --data "$data" --target target --standardise --loss bce --method $1 \
        --t-max 200 --rtol 1e-6 --atol 1e-9 --json |
    "$python" -c "
import json, sys
d = json.load(sys.stdin)
keys = ['method', 'verdict', 'wall_seconds', 'rhs_evaluations', 't_final', 'final_loss', 'max_relative_drift',
        'max_relative_drift_after_projection', 'switches', 'sliding_entries', 'multilayer_sliding_evaluations']
print(json.dumps({'program': 'relutopo', 'arguments': '$1', **{k: d[k] for k in keys}}), flush=True)"
}
run_scipy() {
    OPENBLAS_NUM_THREADS=1 "$python" "$here/scipy_deep_flow_reference.py" bc --data "$data" --widths 16,16 --seed 0 \
        --methods "$1" --t-end 200 --rtol 1e-6 --atol 1e-9 --budget "$2" |
    "$python" -c "
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    keys = ['method', 'finished', 'message', 'wall_s', 'nfev', 'rhs_calls', 'njev', 'nlu', 'steps', 't_final', 'final_loss', 'max_rel_drift']
    print(json.dumps({'program': 'scipy', **{k: d[k] for k in keys}}), flush=True)"
}
for _ in $(seq "$repeats"); do
    run_relutopo dopri5
    run_scipy RK45 3600
done
run_relutopo bdf
run_relutopo adams
run_relutopo "dopri5 --no-projection"
for method in ${methods//,/ }; do run_scipy "$method" "$budget"; done

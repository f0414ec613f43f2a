#!/usr/bin/env bash
# Breast cancer (standardised, BCE, all 569 rows), the SciPy reference's Kaiming
# init (seed 0), rtol 1e-6, atol 1e-9, t = 200: relutopo (dopri5 with sliding,
# CVODE Adams and BDF) and SciPy solve_ivp side by side in one run, then the
# reference's bare NumPy right-hand side per call (numpy_bare_rhs.py). Each run
# prints its cost per right-hand-side evaluation (wall / evaluations). OpenBLAS
# is pinned to one thread on both sides (relutopo does this itself).
#   bash Benchmarks/run_bc_flow.sh .build/release/relutopo [width=32] [repeats=3] \
#        [scipy_methods=RK45] [scipy_budget_seconds=600]
set -euo pipefail
case "${1:-}" in ""|-*) sed -n '2,/^set /p' "$0" | grep "^#" >&2; exit 2 ;; esac   # usage
relutopo=$1; width=${2:-32}; repeats=${3:-3}; methods=${4:-RK45}; budget=${5:-600}
here=$(cd "$(dirname "$0")" && pwd)
shared="$here/../../shared"
python=$(python3 -c 'import sys; print(sys.executable)')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" "$shared/bench/scipy_flow_reference.py" dump-inits --data "$shared/data/breast_cancer.csv" \
    --widths "$width" --seed 0 --out "$work" > /dev/null
init="$work/bc_kaiming_l${width}_seed0.json"
run_relutopo() {
    "$relutopo" flow --init "$init" --data "$shared/data/breast_cancer.csv" --target target --standardise \
        --loss bce --method "$1" --t-max 200 --rtol 1e-6 --atol 1e-9 --json |
    "$python" -c "import json,sys; d=json.load(sys.stdin); r={k: d[k] for k in ['wall_seconds','rhs_evaluations','t_final','final_loss','max_relative_drift','max_relative_drift_after_projection','switches','sliding_entries','verdict']}; r['us_per_evaluation']=round(1e6*d['wall_seconds']/d['rhs_evaluations'],1); print('relutopo $1', json.dumps(r))"
}
for _ in $(seq "$repeats"); do run_relutopo dopri5; done
run_relutopo adams
run_relutopo bdf
OPENBLAS_NUM_THREADS=1 "$python" "$shared/bench/scipy_flow_reference.py" bc --data "$shared/data/breast_cancer.csv" \
    --widths "$width" --methods "$methods" --repeats 1 --budget "$budget" |
"$python" -c "
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    r = {k: d[k] for k in ['wall_s','rhs_calls','finished','t_final','final_loss','max_rel_drift']}
    r['us_per_evaluation'] = round(1e6 * d['wall_s'] / d['rhs_calls'], 1)
    print('scipy', d['method'], json.dumps(r))
"
OPENBLAS_NUM_THREADS=1 "$python" "$here/numpy_bare_rhs.py" "$width" | sed 's/^/numpy bare rhs /'

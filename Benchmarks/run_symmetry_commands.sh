#!/usr/bin/env bash
# Wall time of equiv / obstruct / repair on the d = 784, l = 4096, e = 1 float32
# benchmark model (issue 3), medians of 5 runs, release build.
#   python3 Benchmarks/make_invariants_data.py /tmp/rt-bench
#   bash Benchmarks/run_symmetry_commands.sh /tmp/rt-bench .build/release/relutopo
set -euo pipefail
data=$1; relutopo=$2
work=$(mktemp -d)
python3 - "$work" <<'PY'
import numpy as np, os, sys
work = sys.argv[1]
os.makedirs(f"{work}/teacher", exist_ok=True)
rng = np.random.default_rng(3)
np.save(f"{work}/teacher/W1.npy", rng.standard_normal((3, 784)))
np.save(f"{work}/teacher/W2.npy", np.array([[1.0, -1.0, 2.0]]))
PY
"$relutopo" repair "$data/invariants_float32" -o "$work/repaired" > /dev/null
median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
time_of() {
    local runs=()
    for _ in 1 2 3 4 5; do
        local start end
        start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N)
        runs+=("$(python3 -c "print($end - $start)")")
    done
    median "${runs[@]}"
}
echo "equiv (exact, same orbit): $(time_of "$relutopo" equiv "$data/invariants_float32" "$work/repaired") s"
echo "equiv --tolerance 1e-9:    $(time_of "$relutopo" equiv "$data/invariants_float32" "$work/repaired" --tolerance 1e-9) s"
echo "obstruct --teacher (l*=3): $(time_of "$relutopo" obstruct --init "$data/invariants_float32" --teacher "$work/teacher") s"
echo "repair -o (float32 out):   $(time_of "$relutopo" repair "$data/invariants_float32" -o "$work/out" --force) s"
rm -rf "$work"

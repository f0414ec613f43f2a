#!/usr/bin/env bash
# The paper's two-neuron example (Nurisso, Leroy, Vaccarino, NeurIPS 2024):
# the student as given (both neurons pathological: 4 components, 3 effective),
# then the same function with every neuron rescaled by α = 2
# (a → 2a, v → v/2, docs/THEORY.md §7): every c_k > 0 and the invariant set is connected.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
relutopo="$here/../../scripts/relutopo"
echo "== student.json (as initialised)"
"$relutopo" analyze "$here/student.json"
echo
echo "== student-rescaled.json (same function, α = 2 per neuron)"
"$relutopo" analyze "$here/student-rescaled.json"

#!/usr/bin/env bash
# Does the obstruction matter with the optimisers people use? Trains the
# obstructed toy and a breast-cancer net with SGD (small and large step),
# momentum and Adam, saves checkpoints, and traces them (docs/THEORY.md §14.6).
# One command: bash Examples/pytorch-training/run.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$(mktemp -d)}
"$here/../../scripts/relutopo" --version >/dev/null
python3 "$here/train.py" "$out" "$here/../../.build/release/relutopo"
echo "(checkpoints in $out)"

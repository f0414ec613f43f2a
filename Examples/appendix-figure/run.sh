#!/usr/bin/env bash
# The paper's appendix figure: the probability of a topological obstruction at
# initialisation against the input dimension d and the width l, for Xavier and
# Kaiming normal (docs/THEORY.md §10), in closed form and by exact-predicate Monte Carlo.
#
#   bash Examples/appendix-figure/run.sh [RELUTOPO] [OUTPUT_DIR] [SAMPLES]
#
# One relutopo command computes the whole figure (closed forms and Monte Carlo
# for all 800 cells); `sweep merge DOC` redraws the same document with another
# metric or source without recomputing. compare.py measures how far the Monte
# Carlo estimates are from the closed forms, in standard errors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
relutopo="${1:-$here/../../.build/release/relutopo}"
out="${2:-$here/../../Notes/results/appendix-figure}"
samples="${3:-100000}"
mkdir -p "$out"

start=$(date +%s.%N)
"$relutopo" sweep --scheme xavier_normal,kaiming_normal --inputs 1:20 --hidden 1:20 \
    --samples "$samples" --seed 1 --json --csv "$out/sweep.csv" --svg "$out/p_multiple_effective.svg" > "$out/sweep.json"
end=$(date +%s.%N)
echo "sweep: $(echo "$end - $start" | bc) s for 800 cells × $samples samples"

"$relutopo" sweep merge "$out/sweep.json" --svg "$out/p_multiple_effective_mc.svg" --source mc > /dev/null
"$relutopo" sweep merge "$out/sweep.json" --svg "$out/p_pathological.svg" --metric p_pathological > /dev/null
python3 "$here/compare.py" "$out/sweep.json"

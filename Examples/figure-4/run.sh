#!/usr/bin/env bash
# The paper's Figure 4 done properly (issue 17): does the number l⁺ of free
# (non-pathological, c_k > 0) neurons drive the test loss on breast cancer?
#
#   bash Examples/figure-4/run.sh RELUTOPO [OUTDIR]
#
# One command: draws the inits (make_inits.py, every count checked with
# `relutopo analyze`), trains each by gradient descent and by relutopo's flow
# on two 80/20 splits (run_study.py), and writes the table, figures and
# regressions (analyze.py). OUTDIR defaults to Notes/results/figure-4.
#
# Environment:
#   SEEDS=30          seeds per (l, l⁺) cell (SEEDS=2: a smoke run, ≈ 4 min on two idle cores)
#   WIDTHS=2,4,8,16,32    the widths l
#   ETA=0.05 STEPS=1000   gradient-descent step and number of steps; the flow runs to t = STEPS·ETA
#   JOBS=2            processes (or --threads of `flow --batch`)
#   FLOW_SPLITS=0,1   splits for the flow (GD always runs both)
#   RESUME=1          keep OUTDIR/runs/*.jsonl and run only what is missing
#   REDRAW=1          no training: redraw table, figures and regressions from OUTDIR/runs.csv
#   DATA=…            the breast-cancer CSV (default ../shared/data/breast_cancer.csv beside the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
usage="usage: bash Examples/figure-4/run.sh RELUTOPO [OUTDIR] (RELUTOPO: the relutopo binary)"
case "${1:-}" in ""|-*) echo "$usage" >&2; exit 2 ;; esac
# Checked before anything is removed: a typo here must not cost OUTDIR's runs.
[ -f "$1" ] && [ -x "$1" ] || { echo "run.sh: $1 is not an executable file; $usage" >&2; exit 2; }
"$1" --help 2>/dev/null | grep -q "USAGE: relutopo" || { echo "run.sh: $1 --help is not relutopo's" >&2; exit 2; }
relutopo="$(realpath "$1")"
out="${2:-$here/../../Notes/results/figure-4}"
seeds="${SEEDS:-30}"; widths="${WIDTHS:-2,4,8,16,32}"; eta="${ETA:-0.05}"; steps="${STEPS:-1000}"; jobs="${JOBS:-2}"
flow_splits="${FLOW_SPLITS:-0,1}"
data="${DATA:-$here/../../../shared/data/breast_cancer.csv}"
[ -f "$data" ] && [ -r "$data" ] || { echo "run.sh: the data $data is not a readable file (set DATA=…)" >&2; exit 2; }
mkdir -p "$out"

start=$(date +%s)
if [ "${REDRAW:-0}" = 1 ]; then
    # The inits are deterministic: redraw them (no check) for the split check and obstruct.
    python3 "$here/make_inits.py" "$out/inits" --widths "$(awk -F, 'NR > 1 && !seen[$1]++ { printf "%s%s", sep, $1; sep = "," }' "$out/inits.csv")" --seeds "$(awk -F, 'NR > 1 && $3 + 1 > m { m = $3 + 1 } END { print m }' "$out/inits.csv")" \
        --table "$out/inits.redrawn.csv"
    cmp -s "$out/inits.csv" "$out/inits.redrawn.csv" || { echo "run.sh: redrawn inits differ from $out/inits.csv" >&2; exit 1; }
    rm "$out/inits.redrawn.csv"
else
    rm -rf "$out/inits"
    [ "${RESUME:-0}" = 1 ] || rm -rf "$out/runs"
    python3 "$here/make_inits.py" "$out/inits" --seeds "$seeds" --widths "$widths" --relutopo "$relutopo" --jobs "$jobs"
    python3 "$here/run_study.py" "$relutopo" "$out" --eta "$eta" --steps "$steps" --jobs "$jobs" \
        --flow-splits "$flow_splits" --data "$data"
fi
python3 "$here/analyze.py" "$out" --relutopo "$relutopo" --data "$data" > /dev/null
echo "run.sh: done in $(( $(date +%s) - start )) s; see $out/summary.md, cells.md, regressions.md and the SVGs" >&2

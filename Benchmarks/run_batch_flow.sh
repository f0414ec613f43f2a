#!/usr/bin/env bash
# Batch flow runs (issue 17): COUNT breast-cancer inits (d = 30, l = WIDTH,
# Kaiming normal, make_batch_inits.py), standardised, BCE, 80/20 split (seed 0),
# dopri5 to t = T, four ways, each REPEATS times (wall clock of the whole set):
#   (a) one relutopo process per run, one after another
#   (b) one process per run, two at a time (xargs -P 2)
#   (c) relutopo flow --batch --threads 1
#   (d) relutopo flow --batch --threads 2
# Then checks that (a) and (d) give the same numbers (wall_seconds aside).
#   bash Benchmarks/run_batch_flow.sh .build/release/relutopo [count=40] [width=8] [t=50] [repeats=3]
set -euo pipefail
case "${1:-}" in ""|-*) sed -n '2,/^set /p' "$0" | grep "^#" >&2; exit 2 ;; esac   # usage
relutopo=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); count=${2:-40}; width=${3:-8}; tmax=${4:-50}; repeats=${5:-3}
here=$(cd "$(dirname "$0")" && pwd)
data="$here/../../shared/data/breast_cancer.csv"
[ -f "$data" ] || data=/work/shared/data/breast_cancer.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/make_batch_inits.py" "$work/inits" "$count" 30 "$width" 0 > /dev/null
flags=(--data "$data" --target target --standardise --loss bce --test-fraction 0.2 --split-seed 0 --method dopri5 --t-max "$tmax")
export RELUTOPO="$relutopo" FLAGS="${flags[*]}" WORK="$work"
# (FLAGS is split on spaces: the data path must hold none.)
one() { "$RELUTOPO" flow --init "$1" $FLAGS --json > "$WORK/single/$(basename "$1").json"; }
export -f one
mkdir -p "$work/single"
# clock WAY COMMAND…: wall and CPU (user + system, children included) seconds of one way, appended to $work/times.
clock() { local way=$1; shift; /usr/bin/time -f "$way %e %U %S" -a -o "$work/times" "$@"; }
for repeat in $(seq "$repeats"); do
    clock a bash -c 'for f in $(ls "$WORK/inits" | sort -V); do one "$WORK/inits/$f"; done'
    clock b bash -c 'ls "$WORK/inits" | sort -V | sed "s|^|$WORK/inits/|" | xargs -P 2 -I{} bash -c '"'"'one "$1"'"'"' _ {}'
    clock c bash -c '"$RELUTOPO" flow --batch "$WORK/inits" $FLAGS --threads 1 > "$WORK/batch1.jsonl"'
    clock d bash -c '"$RELUTOPO" flow --batch "$WORK/inits" $FLAGS --threads 2 > "$WORK/batch2.jsonl"'
done
python3 - "$count" "$work/times" <<'PY'
import statistics, sys
count = int(sys.argv[1])
labels = {"a": "(a) one process per run, sequential", "b": "(b) one process per run, xargs -P 2",
          "c": "(c) flow --batch --threads 1", "d": "(d) flow --batch --threads 2"}
rows = {}
for line in open(sys.argv[2]):
    way, wall, user, system = line.split()
    rows.setdefault(way, []).append((float(wall), float(user) + float(system)))
print("| way | wall, median (all) | runs/s | vs (a) | CPU s, median | CPU s per run |")
print("|---|---|---|---|---|---|")
base = statistics.median(w for w, _ in rows["a"])
for way in "abcd":
    walls = [w for w, _ in rows[way]]
    wall, cpu = statistics.median(walls), statistics.median(c for _, c in rows[way])
    print(f"| {labels[way]} | {wall:.2f} s ({', '.join(f'{w:.2f}' for w in walls)}) | {count / wall:.2f} | {base / wall:.2f}x | {cpu:.2f} | {cpu / count:.3f} |")
PY
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
lines = [json.loads(l) for l in open(os.path.join(work, "batch2.jsonl"))]
other = [json.loads(l) for l in open(os.path.join(work, "batch1.jsonl"))]
same = 0
for line, line1 in zip(lines, other):
    single = json.load(open(os.path.join(work, "single", line["init"] + ".json")))
    for d in (line, line1, single): d.pop("wall_seconds")
    line.pop("init"); line1.pop("init")
    same += line == single == line1
evaluations = sum(l["rhs_evaluations"] for l in lines)
integration = sum(l["wall_seconds"] for l in (json.loads(x) for x in open(os.path.join(work, "batch1.jsonl"))))
print(f"sum of wall_seconds (integration only) in the last (c): {integration:.2f} s")
print(f"{same}/{len(lines)} runs identical in (a), (c), (d) (wall_seconds aside); {evaluations} RHS evaluations in all; verdicts:",
      {v: sum(l['verdict'] == v for l in lines) for v in sorted({l['verdict'] for l in lines})})
PY

# flow --batch --out may replace an older output, never an input: an init in
# DIR (by name, through `..`, through a link), DIR itself, the data CSV.
# Usage error (exit 2) and nothing changes; an output inside DIR is allowed
# and is not taken for an init by the next batch.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n' > "$WORK/d.csv"
mkdir "$WORK/inits"
model_json "$WORK/inits/a.json"
model_json "$WORK/inits/b.json"
ln -s inits/a.json "$WORK/alias.json"
snapshot "$WORK" > "$WORK/.snap"
batch=(flow --batch "$WORK/inits" --data "$WORK/d.csv" --target y --loss bce --t-max 1)
for out in "$WORK/inits/a.json" "$WORK/inits/../inits/b.json" "$WORK/alias.json" "$WORK/d.csv" "$WORK/inits" "$WORK"; do
    expect 2 "${batch[@]}" --out "$out"
    stderr_has "--out"
done
unchanged "$WORK" "$WORK/.snap"
# A new file named like a model inside DIR would be read as an init by the next batch.
expect 2 "${batch[@]}" --out "$WORK/inits/runs.json"
stderr_has "would read it as an init"
expect 2 "${batch[@]}" --out "$WORK/inits/../inits/RUNS.NPZ"
unchanged "$WORK" "$WORK/.snap"
expect 0 "${batch[@]}" --out "$WORK/inits/runs.jsonl" --no-timing
[ "$(grep -c '' "$WORK/inits/runs.jsonl")" -eq 2 ] || fail "two inits did not give two lines"
cp "$WORK/inits/runs.jsonl" "$WORK/first.jsonl"
expect 0 "${batch[@]}" --out "$WORK/inits/runs.jsonl" --no-timing
cmp -s "$WORK/inits/runs.jsonl" "$WORK/first.jsonl" || fail "the second batch read its own output as an init"
ls -A "$WORK/inits" | grep -q '^\.relutopo-' && fail "staging left: $(ls -A "$WORK/inits")"
exit 0

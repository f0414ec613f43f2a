# flow --batch on a directory with no model in it (empty; only a dotfile model,
# notes and the data CSV), on a file and on a missing path: bad input, exit 3,
# one line naming DIR, nothing on stdout.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n' > "$WORK/d.csv"
mkdir "$WORK/empty" "$WORK/none"
model_json "$WORK/none/.hidden.json"
echo "notes" > "$WORK/none/README.txt"
cp "$WORK/d.csv" "$WORK/none/d.csv"
data=(--data "$WORK/d.csv" --target y --loss bce --t-max 1)
for dir in empty none; do
    expect 3 flow --batch "$WORK/$dir" "${data[@]}"
    stderr_has "$WORK/$dir: no model file"
    [ -s "$OUT" ] && fail "stdout not empty for $dir"
done
expect 3 flow --batch "$WORK/d.csv" "${data[@]}"
stderr_has "not a directory"
expect 3 flow --batch "$WORK/missing" "${data[@]}"
stderr_has "$WORK/missing: no such directory"
# A shard may hold no init (more shards than inits): a header line only, and it merges.
model_json "$WORK/empty/one.json"
expect 0 flow --batch "$WORK/empty" "${data[@]}" --shard 2/2 --out "$WORK/p2.jsonl"
[ "$(grep -c '' "$WORK/p2.jsonl")" -eq 1 ] || fail "shard 2/2 of one init is not a header line only"
expect 0 flow --batch "$WORK/empty" "${data[@]}" --shard 1/2 --out "$WORK/p1.jsonl"
expect 0 flow merge "$WORK/p2.jsonl" "$WORK/p1.jsonl"
[ "$(grep -c '"init": "one.json"' "$OUT")" -eq 1 ] || fail "merge lost the one run"
exit 0

# flow merge with parts that do not make one batch: a shard missing, a shard
# twice, a part of a run with another --t-max, of other inits (another name;
# the same names with other contents), a cut-off part, an unsharded output, a
# part whose run line was swapped. Each refused (exit 3) naming the part;
# --out never written.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n2,-1,1\n' > "$WORK/d.csv"
mkdir "$WORK/inits" "$WORK/other" "$WORK/same"
for i in 1 2 3 4 5; do
    printf '{"W1": [[1, 0], [0, %s]], "W2": [[2, -3]], "b2": [0.5]}\n' "$i" > "$WORK/inits/i$i.json"
    printf '{"W1": [[1, 0], [0, %s]], "W2": [[2, -3]], "b2": [0.5]}\n' "$i" > "$WORK/other/j$i.json"
    printf '{"W1": [[1, 0], [0, %s]], "W2": [[2, -2]], "b2": [0.5]}\n' "$i" > "$WORK/same/i$i.json"
done
data=(--data "$WORK/d.csv" --target y --loss bce --t-max 1 --no-timing)
for i in 1 2 3; do
    expect 0 flow --batch "$WORK/inits" "${data[@]}" --shard $i/3 --out "$WORK/p$i.jsonl"
done
expect 0 flow --batch "$WORK/inits" "${data[@]}"
cp "$OUT" "$WORK/whole.jsonl"
expect 0 flow merge "$WORK/p2.jsonl" "$WORK/p3.jsonl" "$WORK/p1.jsonl"
cmp -s "$OUT" "$WORK/whole.jsonl" || fail "merged parts differ from the unsharded batch"
expect 0 flow --batch "$WORK/inits" "${data[@]}" --shard 2/3 --t-max 2 --out "$WORK/tmax.jsonl"
expect 0 flow --batch "$WORK/other" "${data[@]}" --shard 2/3 --out "$WORK/names.jsonl"
expect 0 flow --batch "$WORK/same" "${data[@]}" --shard 2/3 --out "$WORK/contents.jsonl"
head -c 200 "$WORK/p2.jsonl" > "$WORK/cut.jsonl"
# Swap the two run lines of part 1 (positions 0 and 3).
{ head -1 "$WORK/p1.jsonl"; sed -n 3p "$WORK/p1.jsonl"; sed -n 2p "$WORK/p1.jsonl"; } > "$WORK/swapped.jsonl"
snapshot "$WORK" > "$WORK/.snap"
refuse() {  # refuse PART TEXT PARTS…
    local part=$1 text=$2; shift 2
    expect 3 flow merge "$@" --out "$WORK/merged.jsonl"
    stderr_has "$part"
    stderr_has "$text"
}
refuse "$WORK/p1.jsonl" "2/3 missing" "$WORK/p1.jsonl" "$WORK/p3.jsonl"
refuse "$WORK/p2.jsonl" "also in" "$WORK/p1.jsonl" "$WORK/p2.jsonl" "$WORK/p3.jsonl" "$WORK/p2.jsonl"
refuse "$WORK/tmax.jsonl" "t_max" "$WORK/p1.jsonl" "$WORK/tmax.jsonl" "$WORK/p3.jsonl"
refuse "$WORK/names.jsonl" "inits differ" "$WORK/p1.jsonl" "$WORK/names.jsonl" "$WORK/p3.jsonl"
refuse "$WORK/contents.jsonl" "digests differ" "$WORK/p1.jsonl" "$WORK/contents.jsonl" "$WORK/p3.jsonl"
refuse "$WORK/cut.jsonl" "cut short" "$WORK/p1.jsonl" "$WORK/cut.jsonl" "$WORK/p3.jsonl"
refuse "$WORK/whole.jsonl" "not a shard header" "$WORK/whole.jsonl"
refuse "$WORK/swapped.jsonl" "line 2" "$WORK/swapped.jsonl" "$WORK/p2.jsonl" "$WORK/p3.jsonl"
unchanged "$WORK" "$WORK/.snap"
exit 0

# Two flow --batch runs write the same --out at once: each stages its whole
# output and renames it into place, so the file is one complete, valid batch
# (the bytes of a single run with --no-timing), never a mix or a part, and no
# staging file is left.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n2,-1,1\n' > "$WORK/d.csv"
mkdir "$WORK/inits"
for i in 1 2 3 4 5 6; do
    printf '{"W1": [[1, 0.%s], [0, 1]], "W2": [[2, -3]], "b2": [0.5]}\n' "$i" > "$WORK/inits/i$i.json"
done
batch=(flow --batch "$WORK/inits" --data "$WORK/d.csv" --target y --loss bce --t-max 3 --no-timing)
expect 0 "${batch[@]}"
cp "$OUT" "$WORK/expected.jsonl"
for round in 1 2 3; do
    timeout -s KILL 60 "$RELUTOPO" "${batch[@]}" --threads 1 --out "$WORK/r.jsonl" 2>"$WORK/e1" </dev/null & one=$!
    timeout -s KILL 60 "$RELUTOPO" "${batch[@]}" --threads 2 --out "$WORK/r.jsonl" 2>"$WORK/e2" </dev/null & two=$!
    wait $one || fail "round $round: first run failed: $(cat "$WORK/e1")"
    wait $two || fail "round $round: second run failed: $(cat "$WORK/e2")"
    cmp -s "$WORK/r.jsonl" "$WORK/expected.jsonl" || fail "round $round: --out is not one complete batch"
done
ls -A "$WORK" | grep -q '^\.relutopo-' && fail "staging left: $(ls -A "$WORK")"
exit 0

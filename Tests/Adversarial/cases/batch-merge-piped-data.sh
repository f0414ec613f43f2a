# Parts of batches over different data read from pipes (--data <(…)): the
# shard header's digest is of the table read, not of the file named, so the
# merge refuses them (exit 3, naming the part); parts over the same piped
# data merge into the unsharded batch's bytes.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n2,-1,1\n' > "$WORK/a.csv"
printf 'x1,x2,y\n1,2,1\n3,4,1\n-1,0,0\n2,-1,0\n' > "$WORK/b.csv"
mkdir "$WORK/inits"
for i in 1 2 3 4; do printf '{"W1": [[1, 0], [0, %s]], "W2": [[2, -3]], "b2": [0.5]}\n' "$i" > "$WORK/inits/i$i.json"; done
flags=(--target y --loss bce --t-max 1 --no-timing)
expect 0 flow --batch "$WORK/inits" --data <(cat "$WORK/a.csv") "${flags[@]}" --shard 1/2 --out "$WORK/p1.jsonl"
expect 0 flow --batch "$WORK/inits" --data <(cat "$WORK/b.csv") "${flags[@]}" --shard 2/2 --out "$WORK/p2b.jsonl"
expect 0 flow --batch "$WORK/inits" --data <(cat "$WORK/a.csv") "${flags[@]}" --shard 2/2 --out "$WORK/p2.jsonl"
expect 3 flow merge "$WORK/p1.jsonl" "$WORK/p2b.jsonl" --out "$WORK/merged.jsonl"
stderr_has "p2b.jsonl"
[ ! -e "$WORK/merged.jsonl" ] || fail "a refused merge wrote --out"
expect 0 flow --batch "$WORK/inits" --data "$WORK/a.csv" "${flags[@]}"
cp "$OUT" "$WORK/whole.jsonl"
expect 0 flow merge "$WORK/p2.jsonl" "$WORK/p1.jsonl"
cmp -s "$OUT" "$WORK/whole.jsonl" || fail "parts over the same piped data do not merge into the unsharded batch"
# Per-init setups are part of what was read: the same weights with other
# node scales stored beside them (--node-scales KEY) make another batch.
mkdir "$WORK/kA" "$WORK/kB"
# (The last init, c, is the same in both: the setup of one init is not the batch's.)
for name in a b; do
    st "$WORK/kA/$name.safetensors" "W1:2,2:1,0,0,2" "W2:1,2:3,-2" "s:2:1,2"
    st "$WORK/kB/$name.safetensors" "W1:2,2:1,0,0,2" "W2:1,2:3,-2" "s:2:2,1"
done
st "$WORK/kA/c.safetensors" "W1:2,2:1,0,0,2" "W2:1,2:3,-2" "s:2:1,1"
cp "$WORK/kA/c.safetensors" "$WORK/kB/c.safetensors"
keyed=(--data "$WORK/a.csv" "${flags[@]}" --node-scales s)
expect 0 flow --batch "$WORK/kA" "${keyed[@]}" --shard 1/2 --out "$WORK/kA1.jsonl"
expect 0 flow --batch "$WORK/kB" "${keyed[@]}" --shard 2/2 --out "$WORK/kB2.jsonl"
expect 3 flow merge "$WORK/kA1.jsonl" "$WORK/kB2.jsonl"
stderr_has "kB2.jsonl"

# flow --batch over good inits and one bad one (last in natural order: a JSON
# syntax error, an init of the wrong width, a truncated .npz): the whole batch
# fails before any run, exit 3, one line naming the bad file; nothing on
# stdout (earlier runs never started), no --out written.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n2,-1,1\n' > "$WORK/d.csv"
mkdir "$WORK/inits"
for i in 1 2 3; do model_json "$WORK/inits/init-$i.json"; done
data=(--data "$WORK/d.csv" --target y --loss bce --t-max 1)
expect 0 flow --batch "$WORK/inits" "${data[@]}"
[ "$(grep -c '' "$OUT")" -eq 3 ] || fail "three good inits did not give three lines"
printf '{"W1": [[1, 0], [0, 1]], "W2": [[2, ' > "$WORK/inits/init-10.json"
snapshot "$WORK" > "$WORK/.snap"
expect 3 flow --batch "$WORK/inits" "${data[@]}"
stderr_has "$WORK/inits/init-10.json"
[ -s "$OUT" ] && fail "runs started before the bad init was found"
expect 3 flow --batch "$WORK/inits" "${data[@]}" --out "$WORK/r.jsonl" --threads 2
stderr_has "init-10.json"
unchanged "$WORK" "$WORK/.snap"
# The wrong width: named in the message (the data have d = 2).
echo '{"W1": [[1, 0, 2]], "W2": [[1]]}' > "$WORK/inits/init-10.json"
expect 3 flow --batch "$WORK/inits" "${data[@]}"
stderr_has "init-10.json has d = 3"
[ -s "$OUT" ] && fail "runs started before the wrong width was found"
# Two outputs against one output row.
echo '{"W1": [[1, 0]], "W2": [[1], [2]]}' > "$WORK/inits/init-10.json"
expect 3 flow --batch "$WORK/inits" "${data[@]}" --shard 1/3
stderr_has "$WORK/inits/init-10.json"
# A truncated archive.
rm "$WORK/inits/init-10.json"
printf 'PK\003\004\024\000\000\000' > "$WORK/inits/init-10.npz"
expect 3 flow --batch "$WORK/inits" "${data[@]}"
stderr_has "$WORK/inits/init-10.npz"
[ -s "$OUT" ] && fail "runs started before the truncated archive was found"
exit 0

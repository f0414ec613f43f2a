# flow --batch DIR never walks below DIR: a link loop named like a model and a
# dangling link are bad input naming them (exit 3); a link to `..` (a
# subdirectory) is refused; a looping dotfile is skipped; `DIR/../DIR` runs
# the same inits; names with a newline or a quote stay one JSON line each.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n' > "$WORK/d.csv"
mkdir "$WORK/inits"
model_json "$WORK/inits/a.json"
data=(--data "$WORK/d.csv" --target y --loss bce --t-max 1)
ln -s loop.json "$WORK/inits/loop.json"
expect 3 flow --batch "$WORK/inits" "${data[@]}"
stderr_has "$WORK/inits/loop.json"
rm "$WORK/inits/loop.json"
ln -s nowhere "$WORK/inits/gone.npz"
expect 3 flow --batch "$WORK/inits" "${data[@]}"
stderr_has "$WORK/inits/gone.npz"
rm "$WORK/inits/gone.npz"
ln -s .. "$WORK/inits/up"
expect 3 flow --batch "$WORK/inits" "${data[@]}"
stderr_has "$WORK/inits/up: a subdirectory"
rm "$WORK/inits/up"
ln -s .loop "$WORK/inits/.loop"
model_json "$WORK/inits/b\"quote.json"
model_json "$WORK/inits/c
newline.json"
expect 0 flow --batch "$WORK/inits/../inits" "${data[@]}" --no-timing
[ "$(grep -c '' "$OUT")" -eq 3 ] || fail "three inits did not give three lines"
python3 - "$OUT" <<'PY' || fail "lines are not the three inits in order"
import json, sys
names = [json.loads(line)["init"] for line in open(sys.argv[1], encoding="utf-8")]
assert names == ["a.json", 'b"quote.json', "c\nnewline.json"], names
PY
exit 0

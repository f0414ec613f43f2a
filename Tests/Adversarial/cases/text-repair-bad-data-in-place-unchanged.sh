# repair wrote (even in place) before reading --data, then failed on a bad
# cell with exit 3: the model was replaced though the command "failed". The
# data are now read first: exit 3 and the model untouched.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/m"
model_json "$WORK/m/model.json"     # c = 1 − 4 < 0 and 1 − 9 < 0: both neurons need rescaling
printf 'x1,x2,y\n1,0,1\n\n1,NaN,0\n' > "$WORK/d.csv"
snapshot "$WORK/m" > "$WORK/.snap"
expect 3 repair "$WORK/m/model.json" -o "$WORK/m/model.json" --in-place --data "$WORK/d.csv" --target y
stderr_has 'd.csv: line 4, column "x2": NaN is not allowed'
unchanged "$WORK/m" "$WORK/.snap"
# With good data the same command does rewrite it (so the check above can fail).
printf 'x1,x2,y\n1,0,1\n\n1,2,0\n' > "$WORK/d.csv"
expect 0 repair "$WORK/m/model.json" -o "$WORK/m/model.json" --in-place --data "$WORK/d.csv" --target y
[ "$(snapshot "$WORK/m")" != "$(cat "$WORK/.snap")" ] || fail "repair did not rewrite the model"
exit 0

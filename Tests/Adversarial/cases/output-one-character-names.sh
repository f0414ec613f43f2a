# One-character relative output names (`-o q`, `--csv c`, `--trajectory t`)
# trapped in Foundation's path helpers: they are ordinary names.
source "$ADVERSARIAL/lib.sh"
cd "$WORK" || fail "no work directory"
model_json a.json
model_json teacher.json
cp -r "$ADVERSARIAL/fixtures/pathological_bias" m
expect 0 repair m -o q
expect 0 analyze q
expect 0 repair m -o m --in-place
expect 0 sweep --scheme kaiming_normal --inputs 2 --hidden 2 --samples 10 --csv c
expect 0 flow --init a.json --teacher teacher.json --samples 5 --t-max 0.1 --trajectory t
expect 2 repair a.json -o -
expect 0 repair a.json -o é.json
exit 0

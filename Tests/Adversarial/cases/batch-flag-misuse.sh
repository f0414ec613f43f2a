# flow --batch misused: with --init, with --trajectory or --svg (one run's
# files), --out/--threads/--shard/--no-timing without --batch, bad --threads
# and --shard values, batch flags and flow options given to `flow merge`: usage errors (exit 2),
# nothing run or written.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n' > "$WORK/d.csv"
mkdir "$WORK/inits"
model_json "$WORK/inits/a.json"
snapshot "$WORK" > "$WORK/.snap"
data=(--data "$WORK/d.csv" --target y --loss bce --t-max 1)
expect 2 flow --batch "$WORK/inits" --init "$WORK/inits/a.json" "${data[@]}"
stderr_has "cannot be combined"
expect 2 flow "${data[@]}"
stderr_has "--init"
expect 2 flow --batch "$WORK/inits" "${data[@]}" --trajectory "$WORK/t.csv"
expect 2 flow --batch "$WORK/inits" "${data[@]}" --svg "$WORK/t.svg"
for flag in "--out $WORK/r.jsonl" "--threads 2" "--shard 1/2" "--no-timing"; do
    expect 2 flow --init "$WORK/inits/a.json" "${data[@]}" $flag
    stderr_has "goes with --batch"
done
for value in 0 -1 257 x ""; do expect 2 flow --batch "$WORK/inits" "${data[@]}" --threads "$value"; done
for value in 0/3 4/3 3 1/0 x/y -1/2 ""; do expect 2 flow --batch "$WORK/inits" "${data[@]}" --shard "$value"; done
expect 2 flow merge
expect 2 flow merge "$WORK/d.csv" --threads 2
# flow's own options are not a merge's (the parts record their settings): refused, not ignored.
expect 2 flow merge "$WORK/d.csv" --t-max -5
stderr_has "--t-max"
expect 2 flow merge "$WORK/d.csv" --init=/nonexistent
stderr_has "--init"
expect 2 flow merge "$WORK/d.csv" --out "$WORK/d.csv"
unchanged "$WORK" "$WORK/.snap"
exit 0

# -o naming the run's own --data CSV is refused even with --force.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/a.json"
printf 'x1,x2,y\n1,2,0\n3,4,1\n' > "$WORK/d.csv"
snapshot "$WORK" > "$WORK/.snap"
expect 2 repair "$WORK/a.json" -o "$WORK/d.csv" --force --data "$WORK/d.csv" --target y
unchanged "$WORK" "$WORK/.snap"
exit 0

# A data CSV with two columns named x: the second silently became the first.
# Refused (exit 3) by every --data command, naming the file and the column.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
printf 'x,x,y\n1,5,1\n2,6,0\n' > "$WORK/d.csv"
for command in "obstruct --init $WORK/m.json" "flow --init $WORK/m.json --t-max 1"; do
    expect 3 $command --data "$WORK/d.csv" --target y
    stderr_has "d.csv: line 1: column \"x\" appears twice"
done
expect 3 verify lie --data "$WORK/d.csv" --target y --point "$WORK/m.json"
stderr_has "d.csv: line 1: column \"x\" appears twice"
expect 3 repair "$WORK/m.json" -o "$WORK/out.json" --data "$WORK/d.csv" --target y
stderr_has "d.csv: line 1: column \"x\" appears twice"
[ -e "$WORK/out.json" ] && fail "repair wrote its output although --data was refused"
exit 0

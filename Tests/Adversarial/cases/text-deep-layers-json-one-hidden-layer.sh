# {"layers": [two entries]} is a network with ONE hidden layer (analyze reads
# it so), yet repair, equiv, flow and obstruct --teacher refused it with
# "the document describes a network with more than one hidden layer". They
# must read it, or refuse it without that false reason.
source "$ADVERSARIAL/lib.sh"
printf '{"layers": [{"W": [[1, 0], [0, 2]]}, {"W": [[1, -3]]}]}\n' > "$WORK/two.json"
printf 'x1,x2,y\n1,0,2\n0,1,-1\n' > "$WORK/d.csv"
expect 0 analyze "$WORK/two.json"
stdout_has "l = 2 hidden neurons"
for command in "repair $WORK/two.json -o $WORK/fixed.json" "equiv $WORK/two.json $WORK/two.json" \
               "flow --init $WORK/two.json --data $WORK/d.csv --target y --t-max 0.1" \
               "obstruct --init $WORK/two.json --teacher $WORK/two.json"; do
    # shellcheck disable=SC2086
    run $command
    grep -q "more than one hidden layer" "$ERR" && fail "relutopo $command: $(cat "$ERR")"
done
exit 0

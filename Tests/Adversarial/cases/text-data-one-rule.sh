# obstruct --data accepted NaN, empty cells and a wrong number of feature
# columns (exit 0) while flow refused them. One reader, one rule: every --data
# command refuses each (exit 3) naming file, column and line.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/m.json"
printf 'x1,x2,y\n1,0,1\n1,nan,0\n' > "$WORK/nan.csv"
printf 'x1,x2,y\n1,0,1\n1,,0\n' > "$WORK/empty.csv"
printf 'x1,x2,x3,y\n1,0,2,1\n1,1,2,0\n' > "$WORK/wide.csv"
printf 'x1,x2,y\n1,0,1\n1,1e400,0\n' > "$WORK/huge.csv"
for command in "obstruct --init $WORK/m.json --target y" "flow --init $WORK/m.json --target y --t-max 1" \
               "verify lie --point $WORK/m.json --target y" "repair $WORK/m.json -o $WORK/out.json --target y"; do
    expect 3 $command --data "$WORK/nan.csv"
    stderr_has 'nan.csv: line 3, column "x2": NaN is not allowed'
    expect 3 $command --data "$WORK/empty.csv"
    stderr_has 'empty.csv: line 3, column "x2": empty cell'
    expect 3 $command --data "$WORK/wide.csv"
    stderr_has "wide.csv: 3 feature columns"
    stderr_has "m.json has d = 2"
    expect 3 $command --data "$WORK/huge.csv"
    stderr_has 'huge.csv: line 3, column "x2": "1e400" is beyond'
done
[ -e "$WORK/out.json" ] && fail "repair wrote its output although --data was refused"
exit 0

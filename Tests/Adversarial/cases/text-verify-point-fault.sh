# verify lie --data CSV --point MODEL: a fault of the point (a denominator the
# rank computation cannot reduce) is reported against MODEL, not the CSV.
source "$ADVERSARIAL/lib.sh"
printf 'x1,x2,y\n1,2,0\n2,1,1\n' > "$WORK/d.csv"
printf '{"W1": [[1, "1/2305843009213693951"]], "W2": [[1]]}' > "$WORK/point.json"
expect 3 verify lie --data "$WORK/d.csv" --target y --point "$WORK/point.json"
stderr_has "point.json"
grep -q "d.csv" "$ERR" && fail "the point's fault is blamed on the CSV"
# The same value in the data is the CSV's fault, with its line and column.
printf 'x1,x2,y\n1,2,0\n\n2,1/2305843009213693951,1\n' > "$WORK/bad.csv"
printf '{"W1": [[1, 1]], "W2": [[1]]}' > "$WORK/good.json"
expect 3 verify lie --data "$WORK/bad.csv" --target y --point "$WORK/good.json"
stderr_has 'bad.csv: line 4, column "x2"'
# A target that is not a column was silently ignored (every column a feature).
expect 3 verify lie --data "$WORK/d.csv" --target z --point "$WORK/good.json"
stderr_has 'd.csv: no target column "z"'
exit 0

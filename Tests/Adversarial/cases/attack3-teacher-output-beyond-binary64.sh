# obstruct --init DEEP --teacher T names the first sampled input where the
# teacher has the forbidden sign and prints the teacher's output there as a
# binary64 double: a deep teacher with weights 1e300 (output ~1e900·x) is
# "teacher output inf", one with weights 5e-324 (output ~1e-970·x, positive)
# is "teacher output 0.0" in the sentence "It is positive at 121 of them".
# The value is exact (the floor beside it is printed as "about 10^1799").
# Expected: obstructed, and the output is never written as inf or as 0.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1]], "W2": [[1]], "W3": [[-2]]}\n' > "$WORK/init.json"
printf '{"W1": [[1e300]], "W2": [[1e300]], "W3": [[1e300]]}\n' > "$WORK/huge.json"
printf '{"W1": [["5e-324"]], "W2": [["5e-324"]], "W3": [["5e-324"]]}\n' > "$WORK/tiny.json"
expect 0 obstruct --init "$WORK/init.json" --teacher "$WORK/huge.json"
stdout_has "verdict: obstructed"
grep -q 'teacher output [-+]\?inf' "$OUT" && fail "a positive teacher output is written as inf: $(grep -o 'teacher output [^)]*' "$OUT")"
expect 0 obstruct --init "$WORK/init.json" --teacher "$WORK/tiny.json"
stdout_has "verdict: obstructed"
grep -q 'teacher output 0\(\.0*\)\?)' "$OUT" && fail "a positive teacher output is written as 0: $(grep -o 'teacher output [^)]*' "$OUT")"
expect 0 obstruct --init "$WORK/init.json" --teacher "$WORK/huge.json" --json
grep -q 'teacher output [-+]\?inf' "$OUT" && fail "--json explanation: teacher output inf"
exit 0

# `flow --t-max -1` said "Missing value for '--t-max'" ("-1" was taken for a flag).
# Every numeric flag now reaches validation and the message names the flag and
# what is wrong with its value.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 1]], "W2": [[1]]}' > "$WORK/m.json"
check() {   # check PROBLEM ARGS…
    local problem=$1; shift
    run flow --init "$WORK/m.json" --teacher "$WORK/m.json" "$@"
    [ "$STATUS" -eq 2 ] || fail "flow $*: exit $STATUS, expected 2"
    stderr_has "$1"
    stderr_has "$problem"
    grep -q 'Missing value' "$ERR" && fail "flow $*: 'Missing value'"
    return 0
}
check negative --t-max -1
check zero --t-max 0
check "not a number" --t-max nan
check infinite --t-max inf
check negative --rtol -1e-6
check zero --lr 0
check negative --drift-tol -1
check "not a number" --loss-tol nan
check negative --samples -5
check negative --seed -1
run sweep --scheme kaiming_normal --inputs 2 --hidden 2 --samples -5
[ "$STATUS" -eq 2 ] || fail "sweep --samples -5: exit $STATUS"
stderr_has "--samples"; stderr_has negative
run equiv "$WORK/m.json" "$WORK/m.json" --tolerance -1
[ "$STATUS" -eq 2 ] || fail "equiv --tolerance -1: exit $STATUS"
stderr_has "--tolerance"; stderr_has negative
exit 0

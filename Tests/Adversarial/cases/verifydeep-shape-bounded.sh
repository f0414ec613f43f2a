# `verify lie --widths` on shapes whose closure could not finish: 10000,10000,
# 10000,1 (D = 2·10⁸ parameters) and 30,30,30,30,1 (810 000 paths) are refused
# at once (exit 2, the reason named), as is 200,200,1 (its dense trace basis,
# 40 200 × 40 000 entries, would need 13 GB), and a 16-layer chain with biases (its two
# longest paths have a bracket of degree 29, past the 16 the fields hold) is
# refused naming --depth; with --depth 1 the same chain is counted and
# certified (15 laws). All in under 1 GB of address space.
source "$ADVERSARIAL/lib.sh"
bounded() { ( ulimit -v 1000000; exec timeout -s KILL 60 "$RELUTOPO" verify lie "$@" ) > "$OUT" 2> "$ERR"; STATUS=$?; }
bounded --widths 10000,10000,10000,1
[ "$STATUS" -eq 2 ] || fail "10000,10000,10000,1: exit $STATUS, expected 2"
stderr_has "parameters"
bounded --widths 30,30,30,30,1
[ "$STATUS" -eq 2 ] || fail "30,30,30,30,1: exit $STATUS, expected 2"
stderr_has "paths"
bounded --widths 200,200,1
[ "$STATUS" -eq 2 ] || fail "200,200,1: exit $STATUS, expected 2"
stderr_has "dense vectors of length D = 40200"
chain=1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1
bounded --widths $chain --bias
[ "$STATUS" -eq 2 ] || fail "16-layer chain: exit $STATUS, expected 2"
stderr_has "degree above 16"
stderr_has "--depth"
bounded --widths $chain --bias --depth 1 --json
[ "$STATUS" -eq 0 ] || fail "16-layer chain --depth 1: exit $STATUS"
stdout_has '"conservation_laws": 15'
stdout_has '"certified": true'
exit 0

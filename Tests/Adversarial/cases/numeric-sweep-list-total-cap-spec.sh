# A 30 KB spec file of 3300 `1:100000` pieces (3.3·10⁸ values; each piece under
# the per-piece cap) allocated > 8 GB. The total is now measured before anything
# is expanded: exit 3 naming the file and the key, fast, in little memory.
source "$ADVERSARIAL/lib.sh"
pieces=$(printf '1:100000,%.0s' $(seq 3300)); pieces=${pieces%,}
printf '{"scheme": "kaiming_normal", "inputs": "%s", "hidden": "1", "samples": 0}\n' "$pieces" > "$WORK/big.json"
ulimit -v 2000000
timeout -s KILL 20 "$RELUTOPO" sweep --spec "$WORK/big.json" --json >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 3 ] || fail "exit $STATUS, expected 3 (124 = timed out)"
[ "$(grep -c '' "$ERR")" -eq 1 ] || fail "expected one line on stderr"
stderr_has "big.json"
stderr_has "inputs"
stderr_has "1048576"
# The same as a YAML block list.
{ echo "scheme: kaiming_normal"; echo "hidden: 1"; echo "inputs:"; for i in $(seq 3300); do echo "  - 1:100000"; done; } > "$WORK/big.yaml"
timeout -s KILL 20 "$RELUTOPO" sweep --spec "$WORK/big.yaml" >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 3 ] || fail "YAML: exit $STATUS, expected 3"
stderr_has "big.yaml"
exit 0

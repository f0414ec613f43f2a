# --inputs 1:100000,1:100000,… on the command line: refused with exit 2 before
# expansion; and a grid whose lists each fit but whose product does not.
source "$ADVERSARIAL/lib.sh"
pieces=$(printf '1:100000,%.0s' $(seq 3300)); pieces=${pieces%,}
ulimit -v 2000000
timeout -s KILL 20 "$RELUTOPO" sweep --scheme kaiming_normal --inputs "$pieces" --hidden 1 --samples 0 >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 2 ] || fail "exit $STATUS, expected 2 (124 = timed out)"
stderr_has "--inputs"
stderr_has "1048576"
expect 2 sweep --scheme kaiming_normal,xavier_normal --inputs 1:1024 --hidden 1:1024 --samples 0
stderr_has "more than 1048576 cells"
exit 0

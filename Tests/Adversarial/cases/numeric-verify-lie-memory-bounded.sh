# verify lie at l = 10 000 exceeded its own stated memory cap (6.3 GB: the
# verified laws were ranked as a dense l × l·n matrix); block-supported
# gradients are counted instead: done in seconds, in well under 1 GB.
source "$ADVERSARIAL/lib.sh"
( ulimit -v 2000000; exec timeout -s KILL 60 "$RELUTOPO" verify lie --inputs 4 --hidden 10000 --outputs 3 --bias --json ) > "$OUT" 2> "$ERR"; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "exit $STATUS"
stdout_has '"conservation_laws": 10000'
stdout_has '"verified_laws": 10000'
exit 0

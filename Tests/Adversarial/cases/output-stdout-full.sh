# Standard output on a full disk (/dev/full): the document is cut, so the
# run says so on stderr and exits 1 (a script must not read a cut document as
# the answer); a reader that stops early (`| head`) is not an error.
source "$ADVERSARIAL/lib.sh"
[ -w /dev/full ] || exit 0   # no /dev/full on this system: nothing to attack
model_json "$WORK/m.json"
mkdir "$WORK/inits"; cp "$WORK/m.json" "$WORK/inits/a.json"
printf 'x1,x2,y\n1,2,0\n3,4,1\n-1,0,0\n2,-1,1\n' > "$WORK/d.csv"
full() {
    timeout -s KILL 60 "$RELUTOPO" "$@" > /dev/full 2> "$ERR" < /dev/null; local status=$?
    [ "$status" -eq 1 ] || fail "relutopo $* > /dev/full: exit $status, expected 1"
    stderr_has "standard output"
}
full analyze "$WORK/m.json" --json
full analyze "$WORK/m.json"
full flow --init "$WORK/m.json" --data "$WORK/d.csv" --target y --t-max 0.1 --json
full flow --batch "$WORK/inits" --data "$WORK/d.csv" --target y --t-max 0.1
full demo
# A reader that stops after one byte: no error message, and the exit status
# of any Unix tool there (SIGPIPE, 141) or 0, never 1.
timeout -s KILL 60 "$RELUTOPO" verify --all --json 2> "$ERR" < /dev/null | head -c 1 > /dev/null
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || [ "$status" -eq 141 ] || fail "a closed pipe made relutopo exit $status"
[ ! -s "$ERR" ] || fail "a closed pipe was reported: $(head -c 200 "$ERR")"

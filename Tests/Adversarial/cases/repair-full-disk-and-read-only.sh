# A full disk or a read-only target: exit 1 with one line, nothing replaced,
# nothing left behind. Needs root for mount/chattr; without them those parts
# are reported as skipped.
source "$ADVERSARIAL/lib.sh"
model_json "$WORK/a.json"
cp -r "$FIXTURES/models/wide2000" "$WORK/big"
mkdir "$WORK/small"
if mount -t tmpfs -o size=16k tmpfs "$WORK/small" 2>/dev/null; then
    trap 'umount "$WORK/small" 2>/dev/null; rm -rf "$WORK"' EXIT
    echo old > "$WORK/small/out.json"
    expect 1 repair "$WORK/big" -o "$WORK/small/out" 
    [ "$(ls -A "$WORK/small" | tr '\n' ' ')" = "out.json " ] || fail "left: $(ls -A "$WORK/small")"
    mkdir "$WORK/small/out"
    expect 1 repair "$WORK/big" -o "$WORK/small/out" --force
    [ -z "$(ls -A "$WORK/small/out")" ] || fail "left in out/: $(ls -A "$WORK/small/out")"
    rmdir "$WORK/small/out"
    [ "$(cat "$WORK/small/out.json")" = old ] || fail "out.json changed"
else
    echo "skipped: cannot mount a small tmpfs here"
fi
mkdir "$WORK/ro"; echo old > "$WORK/ro/out.json"
if chattr +i "$WORK/ro" 2>/dev/null; then
    expect 1 repair "$WORK/a.json" -o "$WORK/ro/out.json" --force
    stderr_has "out.json"
    chattr -i "$WORK/ro"
    [ "$(ls -A "$WORK/ro" | tr '\n' ' ')" = "out.json " ] && [ "$(cat "$WORK/ro/out.json")" = old ] || fail "ro changed"
else
    echo "skipped: chattr +i is not available here"
fi
# File size limit (EFBIG) as a stand-in for a full disk that needs no root.
( trap '' XFSZ; ulimit -f 8; exec "$RELUTOPO" repair "$WORK/big" -o "$WORK/capped" ) >"$OUT" 2>"$ERR"; STATUS=$?
[ "$STATUS" -eq 1 ] || fail "ulimit -f: exit $STATUS"
[ ! -e "$WORK/capped" ] || fail "a partial model was left at capped"
ls -A "$WORK" | grep -q '^\.relutopo-' && fail "staging left: $(ls -A "$WORK")"
exit 0

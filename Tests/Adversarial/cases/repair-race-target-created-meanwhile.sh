# Two repairs to the same new OUT at once: exactly one writes it, the other
# reports that OUT appeared and replaces nothing (exit 1); no staging is left.
source "$ADVERSARIAL/lib.sh"
for i in 1 2 3 4 5 6; do
    model_json "$WORK/a.json"
    rm -rf "$WORK/out" "$WORK/out.json"
    "$RELUTOPO" repair "$WORK/a.json" -o "$WORK/out.json" > "$WORK/r1" 2>&1 & p1=$!
    "$RELUTOPO" repair "$WORK/a.json" -o "$WORK/out.json" > "$WORK/r2" 2>&1 & p2=$!
    wait $p1; s1=$?; wait $p2; s2=$?
    [ $((s1 + s2)) -le 2 ] || fail "statuses $s1 $s2"
    [ "$s1" -eq 0 ] || [ "$s2" -eq 0 ] || fail "neither run wrote OUT ($s1, $s2)"
    for s in $s1 $s2; do [ "$s" -eq 0 ] || [ "$s" -eq 1 ] || [ "$s" -eq 2 ] || fail "status $s"; done
    ls -a "$WORK" | grep -q '^\.relutopo-' && fail "staging left: $(ls -a "$WORK")"
    "$RELUTOPO" analyze "$WORK/out.json" --json > "$WORK/a" || fail "OUT unreadable"
    grep -q '"sign": -1' "$WORK/a" && fail "OUT not repaired"
    # Directory models too.
    cp -r "$ADVERSARIAL/fixtures/pathological_bias" "$WORK/m" 2>/dev/null
    "$RELUTOPO" repair "$WORK/m" -o "$WORK/out" > "$WORK/r1" 2>&1 & p1=$!
    "$RELUTOPO" repair "$WORK/m" -o "$WORK/out" > "$WORK/r2" 2>&1 & p2=$!
    wait $p1; s1=$?; wait $p2; s2=$?
    [ "$s1" -eq 0 ] || [ "$s2" -eq 0 ] || fail "neither run wrote OUT dir ($s1, $s2)"
    [ ! -e "$WORK/out/out" ] || fail "a model nested inside OUT"
    ls -a "$WORK" "$WORK/out" | grep -q '^\.relutopo-' && fail "staging left: $(ls -a "$WORK" "$WORK/out")"
    "$RELUTOPO" analyze "$WORK/out" > /dev/null || fail "OUT dir unreadable"
done
exit 0

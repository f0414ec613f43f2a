# `analyze` on l = 100 000 neurons, d = 2 (half with c > 0, half with c < 0):
# P = 2^50000 · (1 + t)^50000 has 50 001 Betti numbers of up to ~30 000 digits.
# Expanding them took 8.5 GB and minutes; text (--verbose, with the Betti row) and the default --json must stay
# linear in l: within 2 GB of address space (the bound that matters) and 90 s (a generous guard: a 2-core CI machine under load took over 20 s).
source "$ADVERSARIAL/lib.sh"
{
    printf '{"W1": ['
    { yes '[1, 0]' | head -n 50000; yes '[0.5, 0]' | head -n 50000; } | paste -sd, -
    printf '], "W2": [['
    { yes '0.5' | head -n 50000; yes '1' | head -n 50000; } | paste -sd, -
    printf ']]}\n'
} > "$WORK/wide.json"
ulimit -v 2000000
timeout -s KILL 90 "$RELUTOPO" analyze "$WORK/wide.json" --verbose >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "text: exit $STATUS (124 = timed out)"
stdout_has "2^50000 · (1 + t)^50000"
stdout_has "not expanded"
timeout -s KILL 90 "$RELUTOPO" analyze "$WORK/wide.json" --json >"$OUT" 2>"$ERR" </dev/null; STATUS=$?
[ "$STATUS" -eq 0 ] || fail "--json: exit $STATUS (124 = timed out)"
stdout_has '"betti_nonzero": null'
stdout_has '"betti_nonzero_omitted"'
grep -q '"betti":' "$OUT" && fail "dense Betti lists written by default"
size=$(wc -c < "$OUT")
[ "$size" -lt 50000000 ] || fail "--json wrote $size bytes"
exit 0

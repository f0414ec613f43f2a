# equiv on networks of different depths or widths (2 → 2 → 2 → 1 against 2 → 2 → 1,
# against 2 → 3 → 2 → 1, and one-hidden-layer pairs of different widths), exact,
# with --tolerance and with --json: bad input, exit 3, one line naming B and the widths.
source "$ADVERSARIAL/lib.sh"
printf '{"W1": [[1, 2], [3, -1]], "W2": [[1, 1], [2, -1]], "W3": [[1, -2]]}' > "$WORK/deep.json"
printf '{"W1": [[1, 2], [3, -1], [0, 1]], "W2": [[1, 1, 1], [2, -1, 0]], "W3": [[1, -2]]}' > "$WORK/wider.json"
printf '{"W1": [[1, 2], [3, -1]], "W2": [[1, 1]]}' > "$WORK/shallow.json"
printf '{"W1": [[1, 2], [3, -1], [0, 1]], "W2": [[1, 1, 1]]}' > "$WORK/shallow3.json"
for pair in "deep wider" "deep shallow" "shallow deep" "shallow shallow3"; do
    set -- $pair
    for extra in "" "--tolerance 0.1" "--json" "--tolerance 1e-6 --json --exit-status"; do
        expect 3 equiv "$WORK/$1.json" "$WORK/$2.json" $extra
        stderr_has "$WORK/$2.json"
        stderr_has "widths"
        [ -s "$OUT" ] && fail "equiv $1 $2 $extra wrote to stdout"
    done
done
exit 0

# A spec file whose "widths" entry has 70 000 widths (past 65 536 layers; one command-line argument cannot
# hold that many) is refused before anything is kept: exit 3, one line naming the file and the key. 2 000
# layers of width 1 run in linear time. In the chain d = n_h = e = 1 a contiguous X = {i…j} has one edge in
# (w_i) and one out (w_{j+1}) with Σc = w_i² − w_{j+1}², so every weight but the smallest in absolute value
# is locked (docs/THEORY.md §13.3): q = 1999 in every sample.
source "$ADVERSARIAL/lib.sh"
long=$(printf '2,%.0s' $(seq 70000)); long=${long%,}
printf '{"scheme": "kaiming_normal", "widths": [[%s]], "samples": 0}\n' "$long" > "$WORK/long.json"
expect 3 sweep --spec "$WORK/long.json"
stderr_has "long.json"
stderr_has "key widths"
stderr_has "65536 layers"
chain=$(printf '1,%.0s' $(seq 2001)); chain=${chain%,}
expect 0 sweep --scheme kaiming_normal --widths "$chain" --samples 10 --json --quiet
grep -A1 '"locked_count_histogram_mc"' "$OUT" | grep -q '\[1999, 10\]' || fail "q is not 1999 in every sample of the chain"
exit 0

# The sampled-teacher floor (obstruct --init DEEP --teacher T) evaluates the
# teacher exactly on 256 inputs; the number of inputs shrinks with the number
# of weights (past 78 000) but not with their size. A JSON teacher 8 → 256 →
# 256 → 1 whose 67 840 weights are "1/p" for distinct primes p (an 800 KB file
# that analyze reads in 6 s) gives outputs with ~340 000-digit denominators:
# obstruct ran 319 s (GMP-bound, so a release build is not much faster).
# Expected: an answer (obstructed: the teacher is positive somewhere and every
# output weight of the init is locked negative; or unknown with its reason)
# within the 60 s every case gets — the work bounded, as the JSON exponent
# budget bounds the reader.
source "$ADVERSARIAL/lib.sh"
seq 2 1000000 | factor | awk 'NF == 2 { print $2 }' | head -n 67840 > "$WORK/primes"
awk -v d=8 -v n=256 '
    { p[NR] = $1 }
    END {
        i = 0
        printf "{\"W1\": ["
        for (r = 0; r < n; r++) { printf "%s[", (r ? ", " : ""); for (c = 0; c < d; c++) printf "%s\"1/%s\"", (c ? ", " : ""), p[++i]; printf "]" }
        printf "], \"W2\": ["
        for (r = 0; r < n; r++) { printf "%s[", (r ? ", " : ""); for (c = 0; c < n; c++) printf "%s\"1/%s\"", (c ? ", " : ""), p[++i]; printf "]" }
        printf "], \"W3\": [["
        for (c = 0; c < n; c++) printf "%s\"1/%s\"", (c ? ", " : ""), p[++i]
        printf "]]}\n"
    }' "$WORK/primes" > "$WORK/teacher.json"
printf '{"W1": [[1, 1, 1, 1, 1, 1, 1, 1]], "W2": [[1]], "W3": [[-2]]}\n' > "$WORK/init.json"
expect 0 analyze "$WORK/teacher.json"
run obstruct --init "$WORK/init.json" --teacher "$WORK/teacher.json"
[ "$STATUS" -eq 0 ] || fail "obstruct with an 800 KB teacher: exit $STATUS (137 = killed after 60 s)"
grep -q '^verdict: \(obstructed\|unknown\)' "$OUT" || fail "no verdict: $(head -c 200 "$OUT")"
exit 0

# `sweep merge` of parts run under different training laws (relu^2 against relu^3, a law against none), of a part
# whose rows' "law" was edited or removed, or whose spec lost its law keys: each refused (exit 3) naming the file
# (and the laws, or the row); parts of one law merge to the bytes of one run, and a whole document passes through.
source "$ADVERSARIAL/lib.sh"
args=(sweep --scheme kaiming_normal,pytorch_default --inputs 1,2 --hidden 3 --samples 40 --seed 9 --json --quiet
      --lr-scales 1,1/4 --activation relu^2)
expect 0 "${args[@]}"
cp "$OUT" "$WORK/whole.json"
for i in 1 2; do
    expect 0 "${args[@]}" --shard $i/2
    cp "$OUT" "$WORK/part$i.json"
done
expect 0 sweep merge "$WORK/part2.json" "$WORK/part1.json" --json
cmp -s "$OUT" "$WORK/whole.json" || fail "the merged parts differ from one run"
expect 0 sweep merge "$WORK/whole.json" --json
cmp -s "$OUT" "$WORK/whole.json" || fail "a whole document did not pass through"
other=("${args[@]}")
other[${#other[@]}-1]=relu^3
expect 0 "${other[@]}" --shard 2/2
cp "$OUT" "$WORK/relu3.json"
expect 3 sweep merge "$WORK/part1.json" "$WORK/relu3.json" --json
stderr_has "relu3.json"
stderr_has "different training laws"
stderr_has 'activation "relu^3"'
expect 0 sweep --scheme kaiming_normal,pytorch_default --inputs 1,2 --hidden 3 --samples 40 --seed 9 --json --quiet --shard 2/2
cp "$OUT" "$WORK/plain.json"
expect 3 sweep merge "$WORK/part1.json" "$WORK/plain.json" --json
stderr_has "plain.json"
stderr_has "plain gradient flow"
refused() {   # refused: bad.json (whole.json edited) is refused naming the file
    cmp -s "$WORK/whole.json" "$WORK/bad.json" && fail "the edit changed nothing"
    expect 3 sweep merge "$WORK/bad.json" --json
    stderr_has "bad.json"
}
tamper() { sed "$1" "$WORK/whole.json" > "$WORK/bad.json"; refused; }   # tamper SED-EXPRESSION
tamper '0,/"lr_scales": \["1", "1\/4"\]/s//"lr_scales": ["1", "1\/2"]/'
stderr_has 'rows[0] (cell 0): "law"'
tamper '0,/"activation_power": "2"/s//"activation_power": "1"/'
stderr_has 'rows[0] (cell 0): "law"'
# The first row's law object removed (and the comma before it).
awk 'skip { if ($0 ~ /^      }/) { skip = 0; done = 1 }; next }
     !done && /^      "seed": [0-9]+,$/ { getline next_line; if (next_line ~ /"law": {/) { sub(/,$/, ""); print; skip = 1; next }
                                         print; print next_line; next }
     { print }' "$WORK/whole.json" > "$WORK/bad.json"
refused
stderr_has '"law" is missing'
# The spec's lr-scales removed: the rows' law is no longer the spec's.
tamper '/"lr-scales": \["1", "1\/4"\],/d'
stderr_has '"law"'
exit 0

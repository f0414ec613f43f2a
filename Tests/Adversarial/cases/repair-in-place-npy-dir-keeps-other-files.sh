# `repair M -o M --in-place` on a .npy directory replaces the tensors and
# nothing else: a config.json and a checkpoints/ folder beside them survive.
source "$ADVERSARIAL/lib.sh"
cp -r "$ADVERSARIAL/fixtures/pathological_bias" "$WORK/m"
echo '{"lr": 0.1}' > "$WORK/m/config.json"
mkdir "$WORK/m/checkpoints"; echo step1 > "$WORK/m/checkpoints/1.txt"
expect 0 repair "$WORK/m" -o "$WORK/m" --in-place
[ "$(cat "$WORK/m/config.json")" = '{"lr": 0.1}' ] || fail "config.json lost"
[ "$(cat "$WORK/m/checkpoints/1.txt")" = step1 ] || fail "checkpoints/ lost"
expect 0 analyze "$WORK/m" --json
grep -q '"sign": -1' "$OUT" && fail "a neuron still has c < 0 after repair"
ls -a "$WORK/m" | grep -q relutopo && fail "staging left behind: $(ls -a "$WORK/m")"
exit 0

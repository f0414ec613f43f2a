# A .npy directory W1.npy … W4100.npy was read as 4096 layers: W4097 … W4100
# were left out in silence (W4100 = [[3]] makes a lock: c = 1 − 9 < 0, so the
# report said 1 piece instead of 2). Expected: all of them read (4099 hidden
# layers, 2 pieces) or exit 3 with one line naming the directory.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/m"
npy "$WORK/m/W1.npy" '(1, 1)' 1
for h in $(seq 2 4099); do cp "$WORK/m/W1.npy" "$WORK/m/W$h.npy"; done
npy "$WORK/m/W4100.npy" '(1, 1)' 3
run analyze "$WORK/m" --json
case $STATUS in
    0) tr -d ' \n' < "$OUT" | grep -q '"components":{"topological":"2"' || fail "exit 0 without the last layers: $(tr -d ' \n' < "$OUT" | grep -o '"components":{[^}]*}')" ;;
    3) expect 3 analyze "$WORK/m"; stderr_has "$WORK/m" ;;
    *) fail "exit $STATUS" ;;
esac
exit 0

# An archive whose chain net.0.weight (2×2) → net.2.weight (2×2) →
# net.4.weight (2×2) ends in a 1-D net.6.weight of length 2 (e = 1 spelled as a
# vector, which model JSON accepts as the last W) was read as three layers with
# e = 2, net.6.weight passed over in silence. Expected: it is read as the last
# layer (3 hidden layers, e = 1), or exit 3 naming it.
source "$ADVERSARIAL/lib.sh"
st "$WORK/m.safetensors" net.0.weight:2,2:1,0,0,1 net.2.weight:2,2:1,1,1,-1 net.4.weight:2,2:2,0,0,2 net.6.weight:2:-3,-3
run analyze "$WORK/m.safetensors"
case $STATUS in
    0) stdout_has "3 hidden layers" ;;
    3) expect 3 analyze "$WORK/m.safetensors"; stderr_has "net.6.weight" ;;
    *) fail "exit $STATUS" ;;
esac
# Control: the same network in model JSON reads with e = 1.
printf '{"W1": [[1, 0], [0, 1]], "W2": [[1, 1], [1, -1]], "W3": [[2, 0], [0, 2]], "W4": [-3, -3]}\n' > "$WORK/m.json"
expect 0 analyze "$WORK/m.json"
stdout_has "3 hidden layers"
exit 0

# A --node-scales FILE.npy is an input of the run: flow's --trajectory and
# --svg, flow --batch's --out, trace --svg and repair -o pointed at it are
# refused (exit 2) and the file keeps its bytes.
source "$ADVERSARIAL/lib.sh"
mkdir "$WORK/inits"
printf '{"W1": [[1, 0], [0, 2]], "W2": [[1.5, 1]]}\n' > "$WORK/inits/a.json"
printf '{"W1": [[1, 0.5], [0, 2]], "W2": [[1.5, -1]]}\n' > "$WORK/inits/b.json"
printf 'x1,x2,y\n1,0,1\n0,1,0\n1,1,1\n-1,0.5,0\n' > "$WORK/data.csv"
npy "$WORK/scales.npy" '(2,)' 1,2
sha=$(sha256sum < "$WORK/scales.npy")
kept() { [ "$(sha256sum < "$WORK/scales.npy")" = "$sha" ] || fail "$1 replaced the --node-scales file"; }
flow=(flow --data "$WORK/data.csv" --target y --t-max 0.01 --node-scales "$WORK/scales.npy")
for out in --trajectory --svg; do
    expect 2 "${flow[@]}" --init "$WORK/inits/a.json" "$out" "$WORK/scales.npy"
    stderr_has "input"
    kept "flow $out"
done
expect 2 "${flow[@]}" --batch "$WORK/inits" --out "$WORK/scales.npy"
kept "flow --batch --out"
expect 2 trace "$WORK/inits/a.json" "$WORK/inits/b.json" --node-scales "$WORK/scales.npy" --svg "$WORK/scales.npy"
kept "trace --svg"
expect 2 repair "$WORK/inits/a.json" --node-scales "$WORK/scales.npy" -o "$WORK/scales.npy" --force
kept "repair -o"
# The same run with the outputs elsewhere works (the flags themselves are fine).
expect 0 "${flow[@]}" --init "$WORK/inits/a.json" --trajectory "$WORK/t.csv"

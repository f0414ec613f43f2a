# A .safetensors holding W1, W2, W3 (standard names, three layers; analyze reads
# it as two hidden layers) was read by repair, equiv, flow and obstruct --teacher
# as the two-layer W1 → W2, silently dropping W3 (repair wrote a file and
# reported components of the wrong network). Commands that read one hidden layer
# must refuse it (exit 3, one line naming the file and W3); repair, equiv,
# obstruct --teacher and flow, which read any depth since, must read all three layers.
source "$ADVERSARIAL/lib.sh"
st "$WORK/deep.safetensors" W1:2,2:1,0,0,1 W2:2,2:1,1,1,-1 W3:1,2:-3,-3
printf 'x1,x2,y\n1,0,2\n0,1,-1\n1,1,4\n' > "$WORK/d.csv"
printf '{"W1": [[1, 0], [0, 1]], "W2": [[1, -1]]}\n' > "$WORK/two.json"
expect 0 analyze "$WORK/deep.safetensors"
stdout_has "2 hidden layers"
# repair and equiv read any depth since: the three layers, never W1 → W2 alone.
expect 0 repair "$WORK/deep.safetensors" -o "$WORK/fixed.safetensors"
expect 0 analyze "$WORK/fixed.safetensors"
stdout_has "2 hidden layers"
expect 0 equiv "$WORK/deep.safetensors" "$WORK/deep.safetensors" --json
stdout_has '"equivalent": true'
# obstruct --teacher with a deeper teacher reads all three layers too (the
# floor on the teacher's sampled data, docs/THEORY.md §13.5).
expect 0 obstruct --init "$WORK/two.json" --teacher "$WORK/deep.safetensors"
stdout_has "sampled"
# flow reads any depth since too (docs/THEORY.md §13.8): the three layers.
expect 0 flow --init "$WORK/deep.safetensors" --data "$WORK/d.csv" --target y --t-max 0.1
stdout_has "network: 2 → 2 → 2 → 1"
exit 0

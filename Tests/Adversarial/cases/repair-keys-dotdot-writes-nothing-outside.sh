# A --keys stem with ../ must not make repair read or write outside the model
# directory: refused as a usage error, nothing anywhere changes.
source "$ADVERSARIAL/lib.sh"
mkdir -p "$WORK/box/m"
cp "$ADVERSARIAL/fixtures/pathological_bias/"*.npy "$WORK/box/m/"
cp "$FIXTURES/models/bias_f32/W1.npy" "$WORK/box/W1.npy"
snapshot "$WORK" > "$WORK/.snap"
expect 2 repair "$WORK/box/m" -o "$WORK/out" --keys ../W1,b1,W2,b2
unchanged "$WORK" "$WORK/.snap"
expect 2 repair "$WORK/box/m" -o "$WORK/box/m" --in-place --keys ../W1,b1,W2,b2
unchanged "$WORK" "$WORK/.snap"
exit 0

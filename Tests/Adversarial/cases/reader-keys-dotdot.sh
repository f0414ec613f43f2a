# --keys names are file stems in a .npy directory: '../W1' would read (and,
# with repair, write) outside it. A name with '/', '.', '..' is a usage error
# (exit 2, "must be a plain name") before any file is opened, and nothing in
# or around the directory changes.
source "$ADVERSARIAL/lib.sh"
cp -r "$FIXTURES/models/bias_f32" "$WORK/m"
cp "$FIXTURES/models/bias_f32/W1.npy" "$WORK/W1.npy"     # the file '../W1' would reach
snapshot "$WORK" > "$WORK/.snap"
for keys in '../W1,-,W2,-' 'W1,-,../W2,-' 'W1,../../etc/b1,W2,-' 'W1,-,W2,..' 'W1,.,W2,-' "W1,-,$WORK/W2,-"; do
    expect 2 analyze "$WORK/m" --keys "$keys"
    stderr_has "must be a plain name"
    expect 2 repair "$WORK/m" -o "$WORK/m" --in-place --keys "$keys"
    stderr_has "must be a plain name"
    expect 2 repair "$WORK/m" -o "$WORK/out" --keys "$keys"
    stderr_has "must be a plain name"
done
unchanged "$WORK" "$WORK/.snap"
# Names with dots inside stay usable (PyTorch keys such as 0.weight).
expect 0 analyze "$FIXTURES/archives/sequential.safetensors" --keys '0.weight,0.bias,2.weight,2.bias'
exit 0

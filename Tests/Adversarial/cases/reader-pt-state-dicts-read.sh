# Control for the reader-pt cases: torch.save(model.state_dict()) of
# nn.Sequential(Linear(2, 3), ReLU(), Linear(3, 1)) is analysed, and the same
# state dict as pytorch_model.bin, as a misnamed .npz, in the legacy format, with
# big-endian storages and in pickle protocol 4 gives the same report. repair
# does not write .pt files: exit 2 naming the way to .safetensors.
source "$ADVERSARIAL/lib.sh"
expect 0 analyze "$FIXTURES/pytorch/good/sequential.pt"
stdout_has "W1 = 0.weight, b1 = 0.bias, W2 = 2.weight, b2 = 2.bias"
stdout_has "d = 2 inputs, l = 3 hidden neurons, e = 1 output"
# The report names its file (first line, and the repair command): compared without it.
sed -e 1d -e "s|$FIXTURES/pytorch/good/sequential.pt|MODEL|g" "$OUT" > "$WORK/reference"
for name in pytorch_model.bin misnamed.npz legacy.pt big_endian.pt protocol4.pth; do
    expect 0 analyze "$FIXTURES/pytorch/good/$name"
    sed -e 1d -e "s|$FIXTURES/pytorch/good/$name|MODEL|g" "$OUT" | cmp -s - "$WORK/reference" || fail "$name: the report differs from sequential.pt's"
done
expect 2 repair "$FIXTURES/pytorch/good/sequential.pt" -o "$WORK/out.pt"
stderr_has ".safetensors"
[ ! -e "$WORK/out.pt" ] || fail "repair wrote a .pt"
exit 0

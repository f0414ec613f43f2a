# torch.save(model) (a whole pickled nn.Sequential) and a TorchScript archive
# (torch.jit.save) instead of a state dict: exit 3, one line naming the file and
# telling the user to save model.state_dict(); a lone tensor and a checkpoint
# without tensors are refused by name too.
source "$ADVERSARIAL/lib.sh"
for name in whole_module torchscript; do
    expect 3 analyze "$FIXTURES/pytorch/bad/$name.pt"
    stderr_has "$FIXTURES/pytorch/bad/$name.pt"
    stderr_has "save model.state_dict() instead"
done
expect 3 analyze "$FIXTURES/pytorch/bad/lone_tensor.pt"
stderr_has "a single tensor, not a state dict"
expect 3 analyze "$FIXTURES/pytorch/bad/no_tensors.pt"
stderr_has "holds no tensors"
exit 0

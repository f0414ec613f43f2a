/// The file formats of a MODEL (SPEC §12).
public enum ModelFormat: String, Sendable {
    case json, npyDirectory = "npy-directory", npz, safetensors
    /// A PyTorch `torch.save` file (`.pt`, `.pth`, `pytorch_model.bin`): read, never written.
    case pytorch
}

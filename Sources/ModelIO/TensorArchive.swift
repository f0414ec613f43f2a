import ReluNetwork

/// A file of named tensors (`.npz`, `.safetensors`): names and shapes are read
/// first (cheaply), tensors are decoded only when chosen.
protocol TensorArchive {
    var file: String { get }
    /// Tensor names in file order, with their shapes.
    var catalogue: [(name: String, shape: [Int])] { get }
    func tensor(named name: String) throws(ModelInputError) -> Tensor
}

import ReluNetwork

/// A storage named by a persistent id of a PyTorch file: `('storage', type,
/// key, location, numel)` (zip format) or the same with a sixth entry `None`
/// (legacy format). Its bytes are `data/<key>` in the zip, or the key's
/// record after the pickles of a legacy file.
struct TorchStorage {
    let key: String
    /// The storage's element type; nil for `torch.storage.UntypedStorage` (bytes).
    let elementType: StoredElementType?
    /// Elements of `elementType` (bytes when untyped), as the persistent id says.
    let count: Int
    /// `count` times the element size (checked not to overflow).
    let byteCount: Int
}

/// A tensor rebuilt by `torch._utils._rebuild_tensor_v2` (or v1, v3,
/// `_rebuild_parameter`): a strided view of a storage. Checked when built:
/// sizes and strides non-negative, every element it reaches inside the
/// storage; its values are read only when the tensor is chosen.
struct TorchTensorView {
    let storage: Int
    let elementType: StoredElementType
    /// In elements of `elementType`.
    let offset: Int
    let shape: [Int]
    let strides: [Int]
    /// The number of elements (the product of `shape`).
    let count: Int

    /// Whether the view's elements lie in row-major order, one after another
    /// (a dimension of size 1 may have any stride).
    var isContiguous: Bool {
        var expected = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected &*= shape[axis]
        }
        return true
    }

    /// The storage element index of each element, in row-major order.
    func forEachSourceIndex(_ body: (Int) -> Void) {
        guard count > 0 else { return }
        var index = [Int](repeating: 0, count: shape.count)
        var source = offset
        for _ in 0..<count {
            body(source)
            // Odometer step: the last axis moves fastest.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                source += strides[axis]
                if index[axis] < shape[axis] { break }
                source -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

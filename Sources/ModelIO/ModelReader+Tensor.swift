import Foundation
import ReluNetwork

extension ModelReader {
    /// One tensor of a model by its key: `KEY.npy` in a model directory, or
    /// the tensor `KEY` of an archive (.npz, .safetensors, PyTorch) — for
    /// quantities stored beside the weights, such as per-neuron node scales
    /// (SPEC §14.2). A JSON model holds no such tensors.
    public static func readTensor(path: String, key: String) throws(ModelInputError) -> Tensor {
        if let problem = TensorKeys.nameProblem(key) { throw ModelInputError(file: path, reason: problem) }
        switch try source(path) {
        case .directory:
            let file = (path as NSString).appendingPathComponent(key + ".npy")
            guard FileIdentity.exists(file) else { throw ModelInputError(file: path, tensor: key, reason: "missing \(key).npy") }
            return try NpyReader.readTensor(path: file, name: key)
        case .json:
            throw ModelInputError(file: path, tensor: key, reason: "a JSON model holds no tensor '\(key)'; give the values as a .npy file or a list λ1,λ2,…")
        case .archive(let archive):
            return try archive.tensor(named: key)
        }
    }
}

import ExactNumbers

/// A two-layer network `f(x) = Σ_k v_k σ(w_k·x + b_k) + β` with exact parameters
/// (SPEC §1). Built only through `init(...)`, which checks every shape.
public struct ReluNetworkModel: Sendable {
    /// Where the model came from (file or directory), for messages.
    public let source: String
    /// `W1`, `l × d` (PyTorch `nn.Linear` layout).
    public let inputWeights: Tensor
    /// `b1`, length `l`, optional.
    public let hiddenBias: Tensor?
    /// `W2`, `e × l`.
    public let outputWeights: Tensor
    /// `β`, length `e`, optional (belongs to no neuron).
    public let outputBias: Tensor?
    public let activation: Activation
    public let shape: NetworkShape
    /// Which tensors of an `.npz`/`.safetensors` file were read, and whether they were auto-detected.
    public var selection: TensorSelection?
    /// The file format it was read from (`repair` writes the same).
    public var format: ModelFormat = .json
    /// The conservation law of the training setup for this layer (SPEC §14):
    /// `invariants()` returns `c` and the squared norms weighted by it.
    public var law: NeuronLaw = .standard

    /// Checks shapes (SPEC §12) and builds the model.
    public init(source: String, inputWeights: Tensor, hiddenBias: Tensor?, outputWeights: Tensor,
                outputBias: Tensor?, activation: Activation) throws(ModelInputError) {
        func fail(_ tensor: Tensor, _ reason: String) -> ModelInputError {
            ModelInputError(file: tensor.file, tensor: tensor.name, reason: reason)
        }
        func describe(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
        guard inputWeights.values.count > 0 else {
            throw fail(inputWeights, "empty network: W1 has no entries (shape \(describe(inputWeights.shape)))")
        }
        guard inputWeights.shape.count == 2 else {
            throw fail(inputWeights, "expected a 2-D array l×d, got shape \(describe(inputWeights.shape))")
        }
        let hidden = inputWeights.shape[0], inputs = inputWeights.shape[1]
        guard hidden >= 1 else { throw fail(inputWeights, "empty network: no hidden neurons (shape \(describe(inputWeights.shape)))") }
        guard inputs >= 1 else { throw fail(inputWeights, "no inputs (shape \(describe(inputWeights.shape)))") }
        let outputs: Int
        switch outputWeights.shape.count {
        case 2:
            guard outputWeights.shape[1] == hidden else {
                throw fail(outputWeights, "expected shape (e, \(hidden)) to match W1's \(hidden) hidden neurons, got \(describe(outputWeights.shape))")
            }
            outputs = outputWeights.shape[0]
        case 1:
            // A 1-D output layer of length l is the common NumPy spelling of e = 1.
            guard outputWeights.shape[0] == hidden else {
                throw fail(outputWeights, "expected shape (e, \(hidden)) or (\(hidden),), got \(describe(outputWeights.shape))")
            }
            outputs = 1
        default:
            throw fail(outputWeights, "expected a 2-D array e×l, got shape \(describe(outputWeights.shape))")
        }
        guard outputs >= 1 else { throw fail(outputWeights, "no outputs (shape \(describe(outputWeights.shape)))") }
        if let hiddenBias, hiddenBias.shape != [hidden] {
            throw fail(hiddenBias, "expected shape (\(hidden),) to match W1, got \(describe(hiddenBias.shape))")
        }
        if let outputBias, outputBias.shape != [outputs], !(outputs == 1 && outputBias.shape.isEmpty) {
            throw fail(outputBias, "expected shape (\(outputs),) to match W2, got \(describe(outputBias.shape))")
        }
        self.source = source
        self.inputWeights = inputWeights
        self.hiddenBias = hiddenBias
        self.outputWeights = outputWeights
        self.outputBias = outputBias
        self.activation = activation
        self.shape = NetworkShape(inputs: inputs, hidden: hidden, outputs: outputs,
                                  hasHiddenBias: hiddenBias != nil, hasOutputBias: outputBias != nil)
    }

    /// Flat index of `W1[k, j]`.
    func inputWeightIndex(neuron k: Int, input j: Int) -> Int { k * shape.inputs + j }

    /// Flat index of `W2[i, k]`.
    func outputWeightIndex(output i: Int, neuron k: Int) -> Int { i * shape.hidden + k }

    /// Input side `a_k = (w_k, b_k)` of neuron `k` (SPEC §1), element by element.
    func inputSide<T>(neuron k: Int, _ element: (Tensor, Int) -> T) -> [T] {
        var side = (0..<shape.inputs).map { element(inputWeights, inputWeightIndex(neuron: k, input: $0)) }
        if let hiddenBias { side.append(element(hiddenBias, k)) }
        return side
    }

    /// Output side `v_k` (column `k` of `W2`) of neuron `k`, element by element.
    func outputSide<T>(neuron k: Int, _ element: (Tensor, Int) -> T) -> [T] {
        (0..<shape.outputs).map { element(outputWeights, outputWeightIndex(output: $0, neuron: k)) }
    }

    /// The exact input side `a_k = (w_k, b_k)` of neuron `k` (SPEC §1).
    public func inputSide(neuron k: Int) -> [Rational] { inputSide(neuron: k) { $0.exactValue(at: $1) } }

    /// The exact output side `v_k` (column `k` of `W2`) of neuron `k`.
    public func outputSide(neuron k: Int) -> [Rational] { outputSide(neuron: k) { $0.exactValue(at: $1) } }

    /// Input side of neuron `k` in binary64 (see `Tensor.doubleValue`).
    public func inputSideDoubles(neuron k: Int) -> [Double] { inputSide(neuron: k) { $0.doubleValue(at: $1) } }

    /// Output side of neuron `k` in binary64.
    public func outputSideDoubles(neuron k: Int) -> [Double] { outputSide(neuron: k) { $0.doubleValue(at: $1) } }

    /// `f(x)` in binary64 (SPEC §1) for every row of `inputs`, for measuring
    /// changes of the function. Parameters are widened to binary64 once.
    public func evaluate(_ inputs: [[Double]]) -> [[Double]] {
        func dense(_ tensor: Tensor) -> [Double] {
            tensor.binaryValues() ?? (0..<tensor.values.count).map { tensor.doubleValue(at: $0) }
        }
        let w1 = dense(inputWeights), w2 = dense(outputWeights)
        let b1 = hiddenBias.map(dense), b2 = outputBias.map(dense)
        let slope: Double
        switch activation {
        case .relu: slope = 0
        case .leakyRelu(let gamma): slope = gamma.doubleValue
        }
        let d = shape.inputs, l = shape.hidden, e = shape.outputs
        return inputs.map { x in
            var output = (0..<e).map { i in b2.map { bias in bias[bias.count == 1 ? 0 : i] } ?? 0 }
            for k in 0..<l {
                var z = b1?[k] ?? 0
                for j in 0..<d { z += w1[k * d + j] * x[j] }
                let activated = z > 0 ? z : slope * z
                for i in 0..<e { output[i] += w2[i * l + k] * activated }
            }
            return output
        }
    }
}

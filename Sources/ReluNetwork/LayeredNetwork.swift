import ExactNumbers

/// One linear layer `x ↦ W x + b` in PyTorch `nn.Linear` layout: `weights` is
/// `outputs × inputs`, `bias` has `outputs` entries.
public struct LinearLayer: Sendable {
    public let weights: Tensor
    public let bias: Tensor?

    public init(weights: Tensor, bias: Tensor?) {
        self.weights = weights
        self.bias = bias
    }
}

/// A ReLU network of any depth (SPEC §13.1): `f(x) = W_L σ(… σ(W_1 x + b_1) …) + b_L`,
/// built only through `init`, which checks that the layers chain. Hidden
/// neuron `(h, k)`, `1 ≤ h ≤ L − 1`, has input side `(W_h[k, :], b_h[k])` and
/// output side `W_{h+1}[:, k]`; hidden layer `h` with its two weight matrices
/// is exactly the two-layer model of SPEC §1 (`layerModel(h)`), so every
/// per-neuron quantity is computed by the one two-layer code path.
public struct LayeredNetwork: Sendable {
    public let source: String
    public let layers: [LinearLayer]
    public let activation: Activation
    /// `[d, n_1, …, n_{L−1}, e]`.
    public let widths: [Int]
    /// The tensors read, in layer order (archives), for messages and reports.
    public var tensorNames: [(weights: String, bias: String?)]? = nil
    /// Whether they were detected by shape (no names and no `--keys`).
    public var autoDetected = false
    public var format: ModelFormat = .json
    /// The training setup's conservation law (SPEC §14); gradient flow by default.
    public var law: TrainingLaw = .gradientFlow

    /// `L`, the number of linear layers (hidden layers + 1).
    public var depth: Int { layers.count }
    /// Hidden layers `1 … L − 1` and their widths.
    public var hiddenWidths: ArraySlice<Int> { widths.dropFirst().dropLast() }

    public init(source: String, layers: [LinearLayer], activation: Activation) throws(ModelInputError) {
        guard layers.count >= 2 else {
            throw ModelInputError(file: source, reason: "a network needs at least two linear layers (one hidden layer), got \(layers.count)")
        }
        var widths: [Int] = []
        for (h, layer) in layers.enumerated() {
            let w = layer.weights
            func fail(_ tensor: Tensor, _ reason: String) -> ModelInputError {
                ModelInputError(file: tensor.file, tensor: tensor.name, reason: reason)
            }
            func describe(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
            let last = h == layers.count - 1
            let rows: Int, columns: Int
            switch w.shape.count {
            case 2: (rows, columns) = (w.shape[0], w.shape[1])
            case 1 where last: (rows, columns) = (1, w.shape[0])   // e = 1 spelled as a vector
            default: throw fail(w, "expected a 2-D array (outputs × inputs), got shape \(describe(w.shape))")
            }
            guard rows >= 1, columns >= 1, w.values.count > 0 else {
                throw fail(w, "empty layer: shape \(describe(w.shape))")
            }
            if h == 0 {
                widths.append(columns)
            } else if let previous = widths.last, columns != previous {
                let before = layers[h - 1].weights.name
                throw fail(w, "expected \(previous) columns to follow \(before) (\(previous) neurons), got shape \(describe(w.shape)): the layers do not chain")
            }
            widths.append(rows)
            if let bias = layer.bias, bias.shape != [rows], !(last && rows == 1 && bias.shape.isEmpty) {
                throw fail(bias, "expected shape (\(rows),) to match \(w.name), got \(describe(bias.shape))")
            }
        }
        self.source = source
        self.layers = layers
        self.activation = activation
        self.widths = widths
    }

    /// A two-layer network as the case `L = 2`.
    public init(_ model: ReluNetworkModel) {
        source = model.source
        layers = [LinearLayer(weights: model.inputWeights, bias: model.hiddenBias),
                  LinearLayer(weights: model.outputWeights, bias: model.outputBias)]
        activation = model.activation
        widths = [model.shape.inputs, model.shape.hidden, model.shape.outputs]
        format = model.format
        if let selection = model.selection {
            tensorNames = [(selection.inputWeights, selection.hiddenBias), (selection.outputWeights, selection.outputBias)]
            autoDetected = selection.autoDetected
        }
    }

    /// Hidden layer `h` (1-based) as the two-layer model `(W_h, b_h, W_{h+1})`:
    /// its neurons' input and output sides are exactly theirs in the deep network.
    public func layerModel(_ h: Int) throws(ModelInputError) -> ReluNetworkModel {
        var model = try ReluNetworkModel(source: source, inputWeights: layers[h - 1].weights, hiddenBias: layers[h - 1].bias,
                                         outputWeights: layers[h].weights, outputBias: nil, activation: activation)
        model.law = law.neuronLaw(layer: h, depth: depth)
        return model
    }

    /// The exact invariants of every hidden neuron, layer by layer (SPEC §13.2).
    public func invariants() throws(ModelInputError) -> [[NeuronInvariant]] {
        var result: [[NeuronInvariant]] = []
        for h in 1..<depth { result.append(try layerModel(h).invariants()) }
        return result
    }

    /// `W_h` has a bias (`b_h`), `h` 1-based.
    public func hasBias(_ h: Int) -> Bool { layers[h - 1].bias != nil }

    /// This network as the two-layer model of SPEC §1, when `L = 2`.
    public func twoLayerModel() throws(ModelInputError) -> ReluNetworkModel {
        guard depth == 2 else {
            throw ModelInputError(file: source, reason: "the network has \(depth - 1) hidden layers (widths \(widths.map(String.init).joined(separator: " → "))); this command reads networks with one hidden layer (analyze and obstruct read any depth)")
        }
        var model = try ReluNetworkModel(source: source, inputWeights: layers[0].weights, hiddenBias: layers[0].bias,
                                         outputWeights: layers[1].weights, outputBias: layers[1].bias, activation: activation)
        model.format = format
        model.law = law.neuronLaw(layer: 1, depth: 2)
        if let names = tensorNames, names.count == 2 {
            model.selection = TensorSelection(inputWeights: names[0].weights, hiddenBias: names[0].bias,
                                              outputWeights: names[1].weights, outputBias: names[1].bias, autoDetected: autoDetected)
        }
        return model
    }
}

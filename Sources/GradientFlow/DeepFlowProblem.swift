import ReluNetwork

/// Where each parameter of a network of any depth sits in the flat vector θ
/// (SPEC §13.1): `[W1 (n_1·d, row-major) | b1 | W2 (n_2·n_1) | b2 | … | WL | bL]`,
/// each bias present only when the layer has one. With one hidden layer this
/// is `ParameterLayout`, the SciPy reference's order.
public struct DeepParameterLayout: Sendable, Equatable {
    /// `[d, n_1, …, n_{L−1}, e]`.
    public let widths: [Int]
    /// `bias[h − 1]`: layer `h = 1 … L` has a bias.
    public let bias: [Bool]
    /// Offset of `W_h` (`weightOffset[h − 1]`) and of `b_h` (where it is, or would be).
    public let weightOffset: [Int], biasOffset: [Int]
    /// First pattern column of hidden layer `h` (`neuronOffset[h − 1]`, h = 1 … L − 1), then the total.
    public let neuronOffset: [Int]
    /// Length of θ.
    public let dimension: Int

    public init(widths: [Int], bias: [Bool]) {
        self.widths = widths
        self.bias = bias
        var weightOffset: [Int] = [], biasOffset: [Int] = [], offset = 0
        for h in 1..<widths.count {
            weightOffset.append(offset)
            offset += widths[h] * widths[h - 1]
            biasOffset.append(offset)
            if bias[h - 1] { offset += widths[h] }
        }
        self.weightOffset = weightOffset
        self.biasOffset = biasOffset
        dimension = offset
        var neuronOffset = [0]
        for h in 1..<(widths.count - 1) { neuronOffset.append((neuronOffset.last ?? 0) + widths[h]) }
        self.neuronOffset = neuronOffset
    }

    /// `L`, the number of linear layers.
    public var depth: Int { widths.count - 1 }
    /// Hidden neurons over all hidden layers.
    public var neurons: Int { neuronOffset.last ?? 0 }
    /// Parameters under weight decay: all but the output bias (SPEC §2).
    public var decayedCount: Int { bias[depth - 1] ? biasOffset[depth - 1] : dimension }

    /// θ index of `W_h[row, column]`.
    @inline(__always) public func weight(_ h: Int, _ row: Int, _ column: Int) -> Int {
        weightOffset[h - 1] + row * widths[h - 1] + column
    }
}

/// A gradient-flow problem for a ReLU network of any depth (SPEC §13.8): data,
/// architecture, loss. The field is SPEC §9's with kinks in every hidden layer;
/// products over all samples run on OpenBLAS (`cblas_dgemm`, one per layer and
/// direction) above `FlowProblem.blasThreshold` multiply-adds, and as plain loops
/// in the same order as `FlowProblem` below it, so that with one hidden layer
/// both compute the same numbers.
public struct DeepFlowProblem: Sendable {
    /// Inputs, `n × d`, and targets, `n × e`, row-major.
    public let inputs: [Double]
    public let targets: [Double]
    public let samples: Int
    public let layout: DeepParameterLayout
    public let loss: FlowLoss
    /// Leaky-ReLU slope γ (0 for ReLU).
    public let slope: Double
    /// L2 weight decay λ on everything but the output bias (SPEC §2), when no
    /// `coordinateLaw` is set.
    let uniformDecay: Double
    /// A training setup of SPEC §14 (per-layer rates, multipliers, node scales,
    /// per-layer decay): the flow becomes `θ̇ = −D∇P` and the monitored `c` the
    /// weighted one (`CoordinateLaw`). Nil: plain gradient flow.
    public var coordinateLaw: CoordinateLaw?
    /// The rate `μ` of `c(t) = c(0)·e^{−2μt}` (SPEC §2, §14.4); 0 when the
    /// setup has no law (its `c` are not conserved, nothing is projected onto).
    public var weightDecay: Double { coordinateLaw.map { $0.commonDecayRate ?? 0 } ?? uniformDecay }
    /// The coordinates whose signs are locked along the flow (θ index and name,
    /// `W3[0, 1]`), from the exact topology (SPEC §13.3); monitored by the session.
    public var locks: [(index: Int, name: String)] = []
    /// Hidden layer (1-based) and index of each pattern column.
    let layerOf: [Int], indexOf: [Int]

    public init(inputs: [Double], targets: [Double], samples: Int, widths: [Int], bias: [Bool], loss: FlowLoss,
                slope: Double = 0, weightDecay: Double = 0) {
        precondition(widths.count >= 3 && bias.count == widths.count - 1, "architecture")
        precondition(inputs.count == samples * widths[0] && targets.count == samples * (widths.last ?? 0), "data shape")
        precondition(loss == .mse || widths.last == 1, "BCE needs one output")
        self.inputs = inputs
        self.targets = targets
        self.samples = samples
        self.layout = DeepParameterLayout(widths: widths, bias: bias)
        self.loss = loss
        self.slope = slope
        self.uniformDecay = weightDecay
        var layerOf: [Int] = [], indexOf: [Int] = []
        for h in 1..<(widths.count - 1) {
            for k in 0..<widths[h] { layerOf.append(h); indexOf.append(k) }
        }
        self.layerOf = layerOf
        self.indexOf = indexOf
    }

    public var dimension: Int { layout.dimension }
    public var neurons: Int { layout.neurons }
    public var depth: Int { layout.depth }
    public var widths: [Int] { layout.widths }
    var d: Int { layout.widths[0] }
    var e: Int { layout.widths[layout.depth] }
    /// Width of the input side of hidden layer h: `n_{h−1}` (+1 with a bias).
    func sideWidth(_ h: Int) -> Int { widths[h - 1] + (layout.bias[h - 1] ? 1 : 0) }

    /// θ of a network with this architecture (exact parameters rounded to binary64).
    public func parameters(of network: LayeredNetwork) -> [Double] {
        var theta = [Double](repeating: 0, count: dimension)
        for (h, layer) in network.layers.enumerated() {
            let count = widths[h + 1] * widths[h]
            for index in 0..<count { theta[layout.weightOffset[h] + index] = layer.weights.doubleValue(at: index) }
            if layout.bias[h], let bias = layer.bias {
                for k in 0..<widths[h + 1] { theta[layout.biasOffset[h] + k] = bias.doubleValue(at: bias.shape.isEmpty ? 0 : k) }
            }
        }
        return theta
    }

    // MARK: Invariants (SPEC §13.2)

    /// `θ_i²`, divided by `D_i` under a training setup (SPEC §14.1–§14.2: the
    /// squares the law weighs).
    @inline(__always) func square(_ theta: [Double], _ index: Int) -> Double {
        let w = theta[index]
        guard let coordinateLaw else { return w * w }
        return w * w * coordinateLaw.inverseMetric[index]
    }

    /// `‖a_{h,k}‖² + outputSign·‖o_{h,k}‖²` per hidden neuron (weighted by the
    /// setup's law), in `FlowProblem`'s order of sums.
    func sidesSquared(_ theta: [Double], outputSign: Double) -> [Double] {
        (0..<neurons).map { column in
            let h = layerOf[column], k = indexOf[column], fanIn = widths[h - 1]
            var sum = 0.0
            for j in 0..<fanIn { sum += square(theta, layout.weight(h, k, j)) }
            if layout.bias[h - 1] { sum += square(theta, layout.biasOffset[h - 1] + k) }
            for o in 0..<widths[h + 1] { sum += outputSign * square(theta, layout.weight(h + 1, o, k)) }
            return sum
        }
    }

    /// `c_{h,k} = ‖a_{h,k}‖² − ‖o_{h,k}‖²` in binary64 (the monitor of SPEC §9.4).
    public func invariants(_ theta: [Double]) -> [Double] { sidesSquared(theta, outputSign: -1) }

    /// `‖a_{h,k}‖² + ‖o_{h,k}‖²`, the scale of the relative drift.
    public func squaredNorms(_ theta: [Double]) -> [Double] { sidesSquared(theta, outputSign: 1) }

    /// `(‖a‖, o)` of pattern column `k`; `‖o‖` when the next layer is wider than 1.
    public func neuronPoint(_ theta: [Double], neuron column: Int) -> (a: Double, v: Double) {
        let h = layerOf[column], k = indexOf[column]
        var a2 = 0.0
        for j in 0..<widths[h - 1] { a2 += square(theta, layout.weight(h, k, j)) }
        if layout.bias[h - 1] { a2 += square(theta, layout.biasOffset[h - 1] + k) }
        let next = widths[h + 1]
        if next == 1 {
            let index = layout.weight(h + 1, 0, k)
            return (a2.squareRoot(), theta[index] * (coordinateLaw.map { $0.inverseMetric[index].squareRoot() } ?? 1))
        }
        var o2 = 0.0
        for o in 0..<next { o2 += square(theta, layout.weight(h + 1, o, k)) }
        return (a2.squareRoot(), o2.squareRoot())
    }

    /// The hidden layer (1-based) and index of pattern column `column`.
    public func neuron(_ column: Int) -> (layer: Int, index: Int) { (layerOf[column], indexOf[column]) }

    // MARK: Locked coordinates (SPEC §13.3)

    public func lockedCoordinates(_ start: [Double]) -> [Int] { locks.map(\.index) }

    public func lockedCoordinateName(_ index: Int) -> String {
        "sign of " + (locks.first { $0.index == index }?.name ?? "parameter \(index)")
    }
}
extension DeepFlowProblem: FlowModel {}

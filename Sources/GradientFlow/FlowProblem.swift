import ExactNumbers
import ReluNetwork

/// Loss of SPEC §9.1 (mean over the n samples).
public enum FlowLoss: String, Sendable, CaseIterable {
    /// `L = (1/2n) Σ ‖f(x_i) − y_i‖²`, residual `r_i = f_i − y_i`.
    case mse
    /// `L = (1/n) Σ [log(1 + e^{f_i}) − y_i f_i]` (e = 1, y ∈ {0, 1}), residual `σ(f_i) − y_i`.
    case bce
}

/// Where each parameter sits in the flat vector θ, laid out as in the SciPy
/// reference (`../shared/bench/scipy_flow_reference.py`):
/// `[W1 (l·d, row-major) | b1 (l) | W2 (e·l, row-major) | b2 (e)]`, the biases
/// present only when enabled. Shared by the binary64 and the exact problem.
public struct ParameterLayout: Sendable, Equatable {
    public let d: Int, l: Int, e: Int
    public let hiddenBias: Bool, outputBias: Bool

    public init(d: Int, l: Int, e: Int, hiddenBias: Bool, outputBias: Bool) {
        self.d = d
        self.l = l
        self.e = e
        self.hiddenBias = hiddenBias
        self.outputBias = outputBias
    }

    public var w1Offset: Int { 0 }
    public var b1Offset: Int { l * d }
    public var w2Offset: Int { l * d + (hiddenBias ? l : 0) }
    public var b2Offset: Int { w2Offset + e * l }
    /// Length of θ.
    public var dimension: Int { b2Offset + (outputBias ? e : 0) }
}

/// A gradient-flow problem: data, architecture and loss (SPEC §9).
///
/// Parameters are one flat vector θ, laid out as in the SciPy reference
/// (`../shared/bench/scipy_flow_reference.py`): `[W1 (l·d, row-major) | b1 (l)
/// | W2 (e·l, row-major) | b2 (e)]`, with the biases present only when enabled.
public struct FlowProblem: Sendable {
    /// Inputs, `n × d` row-major.
    public let inputs: [Double]
    /// Targets, `n × e` row-major.
    public let targets: [Double]
    public let samples: Int
    public let d: Int, l: Int, e: Int
    public let hiddenBias: Bool, outputBias: Bool
    public let loss: FlowLoss
    /// Leaky-ReLU slope γ (0 for ReLU).
    public let slope: Double
    /// L2 weight decay λ on everything but the output bias (SPEC §2).
    public let weightDecay: Double

    public init(inputs: [Double], targets: [Double], samples: Int, d: Int, l: Int, e: Int,
                hiddenBias: Bool, outputBias: Bool, loss: FlowLoss, slope: Double = 0, weightDecay: Double = 0) {
        precondition(inputs.count == samples * d && targets.count == samples * e, "data shape")
        precondition(loss == .mse || e == 1, "BCE needs one output")
        self.inputs = inputs
        self.targets = targets
        self.samples = samples
        self.d = d
        self.l = l
        self.e = e
        self.hiddenBias = hiddenBias
        self.outputBias = outputBias
        self.loss = loss
        self.slope = slope
        self.weightDecay = weightDecay
    }

    // MARK: Layout (see `ParameterLayout`)

    public var layout: ParameterLayout { ParameterLayout(d: d, l: l, e: e, hiddenBias: hiddenBias, outputBias: outputBias) }
    public var w1Offset: Int { 0 }
    public var b1Offset: Int { layout.b1Offset }
    public var w2Offset: Int { layout.w2Offset }
    public var b2Offset: Int { layout.b2Offset }
    /// Length of θ.
    public var dimension: Int { layout.dimension }

    /// θ for a model with the same shape (exact parameters rounded to binary64).
    public func parameters(of model: ReluNetworkModel) -> [Double] {
        var theta = [Double](repeating: 0, count: dimension)
        for k in 0..<l {
            let a = model.inputSideDoubles(neuron: k), v = model.outputSideDoubles(neuron: k)
            for j in 0..<d { theta[w1Offset + k * d + j] = a[j] }
            if hiddenBias { theta[b1Offset + k] = a.count > d ? a[d] : 0 }
            for i in 0..<e { theta[w2Offset + i * l + k] = v[i] }
        }
        if outputBias, let bias = model.outputBias {
            for i in 0..<e { theta[b2Offset + i] = bias.doubleValue(at: bias.shape.isEmpty ? 0 : i) }
        }
        return theta
    }

    // MARK: Invariants (SPEC §2)

    /// `‖a_k‖² + outputSign·‖v_k‖²` per neuron.
    func sidesSquared(_ theta: [Double], outputSign: Double) -> [Double] {
        (0..<l).map { k in
            var sum = 0.0
            for j in 0..<d { sum += theta[w1Offset + k * d + j] * theta[w1Offset + k * d + j] }
            if hiddenBias { sum += theta[b1Offset + k] * theta[b1Offset + k] }
            for i in 0..<e { sum += outputSign * theta[w2Offset + i * l + k] * theta[w2Offset + i * l + k] }
            return sum
        }
    }

    /// `c_k = ‖a_k‖² − ‖v_k‖²` in binary64 (the monitor of SPEC §9.4).
    public func invariants(_ theta: [Double]) -> [Double] { sidesSquared(theta, outputSign: -1) }

    /// `‖a_k‖² + ‖v_k‖²`, the scale of the relative drift.
    public func squaredNorms(_ theta: [Double]) -> [Double] { sidesSquared(theta, outputSign: 1) }
}

import ExactNumbers

/// The MSE loss gradient in exact rational arithmetic, for small problems:
/// MSE is a polynomial on each activation region, so at rational parameters
/// and data the gradient is rational (SPEC §11.1). Same layout as `FlowProblem`.
public struct ExactMSEProblem: Sendable {
    public let inputs: [Rational]     // n × d
    public let targets: [Rational]    // n × e
    public let samples: Int, d: Int, l: Int, e: Int
    public let hiddenBias: Bool, outputBias: Bool
    /// Leaky-ReLU slope γ (0 for ReLU); σ'(0) := 0.
    public let slope: Rational

    public init(inputs: [Rational], targets: [Rational], samples: Int, d: Int, l: Int, e: Int,
                hiddenBias: Bool, outputBias: Bool, slope: Rational = .zero) {
        self.inputs = inputs
        self.targets = targets
        self.samples = samples
        self.d = d
        self.l = l
        self.e = e
        self.hiddenBias = hiddenBias
        self.outputBias = outputBias
        self.slope = slope
    }

    /// The same layout as `FlowProblem` (one definition: `ParameterLayout`).
    public var layout: ParameterLayout { ParameterLayout(d: d, l: l, e: e, hiddenBias: hiddenBias, outputBias: outputBias) }
    public var b1Offset: Int { layout.b1Offset }
    public var w2Offset: Int { layout.w2Offset }
    public var b2Offset: Int { layout.b2Offset }
    public var dimension: Int { layout.dimension }

    /// `∇L(θ)` for `L = (1/2n) Σ ‖f(x_i) − y_i‖²`, exactly.
    public func gradient(_ theta: [Rational]) -> [Rational] {
        let inverse = Rational(1) / Rational(samples)
        var gradient = [Rational](repeating: .zero, count: dimension)
        for i in 0..<samples {
            var z = [Rational](repeating: .zero, count: l)
            for k in 0..<l {
                var sum = hiddenBias ? theta[b1Offset + k] : Rational.zero
                for j in 0..<d { sum += theta[k * d + j] * inputs[i * d + j] }
                z[k] = sum
            }
            let h = z.map { $0.signum > 0 ? $0 : slope * $0 }
            let dh = z.map { $0.signum > 0 ? Rational(1) : ($0.signum < 0 ? slope : Rational.zero) }
            var residual = [Rational](repeating: .zero, count: e)
            for o in 0..<e {
                var f = outputBias ? theta[b2Offset + o] : Rational.zero
                for k in 0..<l { f += theta[w2Offset + o * l + k] * h[k] }
                residual[o] = (f - targets[i * e + o]) * inverse
            }
            for k in 0..<l {
                var back = Rational.zero
                for o in 0..<e {
                    gradient[w2Offset + o * l + k] += residual[o] * h[k]
                    back += residual[o] * theta[w2Offset + o * l + k]
                }
                let g = back * dh[k]
                if !g.isZero {
                    for j in 0..<d { gradient[k * d + j] += g * inputs[i * d + j] }
                    if hiddenBias { gradient[b1Offset + k] += g }
                }
            }
            if outputBias { for o in 0..<e { gradient[b2Offset + o] += residual[o] } }
        }
        return gradient
    }

    /// `c_k = ‖a_k‖² − ‖v_k‖²`, exactly.
    public func invariants(_ theta: [Rational]) -> [Rational] {
        (0..<l).map { k in
            var c = Rational.zero
            for j in 0..<d { c += theta[k * d + j].squared }
            if hiddenBias { c += theta[b1Offset + k].squared }
            for o in 0..<e { c -= theta[w2Offset + o * l + k].squared }
            return c
        }
    }

    /// `⟨a_k, ∇_{a_k}L⟩ − ⟨v_k, ∇_{v_k}L⟩` per neuron: 0 by SPEC §2 (`z σ'(z) = σ(z)`).
    public func conservationDefects(_ theta: [Rational]) -> [Rational] {
        let g = gradient(theta)
        return (0..<l).map { k in
            var defect = Rational.zero
            for j in 0..<d { defect += theta[k * d + j] * g[k * d + j] }
            if hiddenBias { defect += theta[b1Offset + k] * g[b1Offset + k] }
            for o in 0..<e { defect -= theta[w2Offset + o * l + k] * g[w2Offset + o * l + k] }
            return defect
        }
    }
}

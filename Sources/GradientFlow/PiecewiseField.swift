/// The activation state of every (sample, neuron) pair during a flow:
/// `+1` active (σ' = 1), `−1` inactive (σ' = γ), `0` sliding on the kink
/// `z_ik = 0` (σ' chosen in [γ, 1] by the minimal-norm rule of SPEC §9.2a).
public struct ActivationPattern: Sendable, Equatable {
    public var states: [Int8]   // n × l, row-major
    public let samples: Int, l: Int

    /// The pattern read off the signs of z (zero counts as inactive).
    public init(_ problem: FlowProblem, _ theta: [Double]) {
        samples = problem.samples
        l = problem.l
        states = problem.preactivations(theta).map { $0 > 0 ? 1 : -1 }
    }

    public subscript(i: Int, k: Int) -> Int8 {
        get { states[i * l + k] }
        set { states[i * l + k] = newValue }
    }

    public var slidingPairs: Int { states.filter { $0 == 0 }.count }
}

extension FlowProblem {
    /// The flow's vector field with the activation pattern frozen: `−g` where
    /// `g` is the minimal-norm element of SPEC §9.2a's set-valued gradient.
    /// Active and inactive pairs use σ' = 1 and γ; for the sliding pairs of
    /// neuron k the multipliers `s ∈ [γ, 1]` minimise
    /// `‖g⁰_{a_k} + Σ_i s_i (r_i·v_k)/n · x̃_i‖` (`σ(z) = 0` on the kink, so the
    /// residuals do not depend on s). Interior multipliers make the field
    /// tangent to `z_ik = 0`: the pair slides.
    /// Returns the loss, the field and the multipliers (per pair, in `states` order; NaN elsewhere).
    public func field(_ theta: [Double], pattern: ActivationPattern) -> (loss: Double, field: [Double], multipliers: [Double]) {
        let (z, f) = forward(theta, pattern: pattern)
        var (lossValue, residual) = lossAndResidual(f)
        let inverse = 1 / Double(samples)
        var gradient = [Double](repeating: 0, count: dimension)
        var multipliers = [Double](repeating: .nan, count: samples * l)
        let width = d + (hiddenBias ? 1 : 0)
        for k in 0..<l {
            var base = [Double](repeating: 0, count: width)
            var columns: [[Double]] = [], slidingSamples: [Int] = []
            for i in 0..<samples {
                let state = pattern[i, k]
                var back = 0.0
                for o in 0..<e {
                    let r = residual[i * e + o]
                    if state != 0 { gradient[w2Offset + o * l + k] += r * activate(z[i * l + k]) * inverse }
                    back += r * theta[w2Offset + o * l + k]
                }
                back *= inverse
                if state == 0 {
                    var column = (0..<d).map { back * inputs[i * d + $0] }
                    if hiddenBias { column.append(back) }
                    columns.append(column)
                    slidingSamples.append(i)
                } else {
                    let g = back * (state > 0 ? 1 : slope)
                    if g != 0 {
                        for j in 0..<d { base[j] += g * inputs[i * d + j] }
                        if hiddenBias { base[d] += g }
                    }
                }
            }
            var total = base
            if !columns.isEmpty {
                let (s, residual) = BoundedLeastSquares.solve(g: base, columns: columns, lower: slope, upper: 1)
                for (position, i) in slidingSamples.enumerated() { multipliers[i * l + k] = s[position] }
                total = residual
            }
            for j in 0..<d { gradient[w1Offset + k * d + j] += total[j] }
            if hiddenBias { gradient[b1Offset + k] += total[d] }
        }
        lossValue += addBiasAndDecay(&gradient, theta, residual)
        return (lossValue, gradient.map { -$0 }, multipliers)
    }
}

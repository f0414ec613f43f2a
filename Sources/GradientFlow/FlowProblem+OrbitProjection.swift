extension FlowProblem {
    /// SPEC §9.3: restore every `c_k` to `target[k]` by the rescaling
    /// `(a, v) → (αa, v/α)` with `α² = X` the positive root of
    /// `A X² − c X − B = 0` (`A = ‖a‖²`, `B = ‖v‖²`). It moves along the `G`-orbit,
    /// so `f` and `L` are unchanged. The root is taken in the form without
    /// cancellation: `(c + √Δ)/(2A)` for `c ≥ 0`, `2B/(√Δ − c)` for `c < 0`.
    /// Neurons whose target lies outside their range (SPEC §5.3) are left alone.
    public func project(_ theta: inout [Double], onto target: [Double]) {
        for k in 0..<l {
            var a2 = 0.0, b2 = 0.0
            for j in 0..<d { a2 += theta[w1Offset + k * d + j] * theta[w1Offset + k * d + j] }
            if hiddenBias { a2 += theta[b1Offset + k] * theta[b1Offset + k] }
            for o in 0..<e { b2 += theta[w2Offset + o * l + k] * theta[w2Offset + o * l + k] }
            guard let x = FlowProblem.orbitScaleSquared(inputs: a2, outputs: b2, target: target[k]) else { continue }
            let alpha = x.squareRoot()
            for j in 0..<d { theta[w1Offset + k * d + j] *= alpha }
            if hiddenBias { theta[b1Offset + k] *= alpha }
            for o in 0..<e { theta[w2Offset + o * l + k] /= alpha }
        }
    }
}

extension FlowProblem {
    /// The `α²` that puts one neuron back on its quadric (SPEC §9.3):
    /// `α²A − B/α² = c` with `A = ‖a‖²`, `B = ‖o‖²`, the positive root taken in
    /// the cancellation-free form; nil when none exists (or it is not finite).
    /// Shared by the two-layer and the deep orbit projection.
    static func orbitScaleSquared(inputs a2: Double, outputs b2: Double, target c: Double) -> Double? {
        let x: Double
        if a2 == 0 {
            guard b2 > 0, c < 0 else { return nil }
            x = b2 / -c
        } else if b2 == 0 {
            guard c > 0 else { return nil }
            x = c / a2
        } else {
            let root = (c * c + 4 * a2 * b2).squareRoot()
            x = c >= 0 ? (c + root) / (2 * a2) : 2 * b2 / (root - c)
        }
        return x.isFinite && x > 0 ? x : nil
    }
}

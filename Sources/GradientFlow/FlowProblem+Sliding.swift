extension FlowProblem {
    /// Least-change projection of each `a_k` onto `{x̃_i·a_k = 0 : (i, k) sliding}`
    /// (SPEC §9.2a): removes the component of `a_k` in the span of those rows
    /// (orthonormal basis by Gram–Schmidt, so any number of rows works; if they
    /// span everything, `a_k = 0` and every `z_ik` is exactly 0).
    public func projectSlidingPairs(_ theta: inout [Double], _ pattern: ActivationPattern) {
        let width = d + (hiddenBias ? 1 : 0)
        func dot(_ u: [Double], _ w: [Double]) -> Double { var sum = 0.0; for i in 0..<u.count { sum += u[i] * w[i] }; return sum }
        var rowsByNeuron: [Int: [Int]] = [:]
        for (i, k) in pattern.slidingPairList { rowsByNeuron[k, default: []].append(i) }
        for k in rowsByNeuron.keys.sorted() {
            guard let rows = rowsByNeuron[k] else { continue }
            var basis: [[Double]] = []
            for i in rows {
                var u = (0..<d).map { inputs[i * d + $0] } + (hiddenBias ? [1] : [])
                let original = dot(u, u).squareRoot()
                for _ in 0..<2 { for b in basis { let c = dot(b, u); for j in 0..<width { u[j] -= c * b[j] } } }
                let n = dot(u, u).squareRoot()
                if n > 1e-10 * max(original, 1e-300) { basis.append(u.map { $0 / n }) }
                if basis.count == width { break }
            }
            var a = (0..<d).map { theta[w1Offset + k * d + $0] }
            if hiddenBias { a.append(theta[b1Offset + k]) }
            if basis.count == width {
                a = [Double](repeating: 0, count: width)
            } else {
                for b in basis { let c = dot(b, a); for j in 0..<width { a[j] -= c * b[j] } }
            }
            for j in 0..<d { theta[w1Offset + k * d + j] = a[j] }
            if hiddenBias { theta[b1Offset + k] = a[d] }
        }
    }

    /// Sliding pairs whose multiplier sits at a bound while the field leaves the
    /// surface on that side, with that side. Fixing a multiplier at its optimal
    /// bound leaves the minimal-norm problem's optimum unchanged, so the field
    /// with the pair switched to that side is the current field: no extra evaluation.
    func slidingExits(_ pattern: ActivationPattern, field: [Double], multipliers: [Int: Double]) -> [(sample: Int, neuron: Int, side: ActivationState)] {
        var exits: [(sample: Int, neuron: Int, side: ActivationState)] = []
        for (i, k) in pattern.slidingPairList {
            guard let s = multipliers[i * l + k] else { continue }
            let side: ActivationState
            if s >= 1 - 1e-9 { side = .active } else if s <= slope + 1e-9 { side = .inactive } else { continue }
            let rate = preactivationRate(field, sample: i, neuron: k)
            if (side == .active && rate > 1e-12) || (side == .inactive && rate < -1e-12) { exits.append((i, k, side)) }
        }
        return exits
    }

    /// `z_ik` with θ's coordinates read through `coordinate` (e.g. one
    /// interpolated coordinate at a time, instead of a whole interpolated θ).
    @inline(__always) func preactivation(sample i: Int, neuron k: Int, _ coordinate: (Int) -> Double) -> Double {
        var z = hiddenBias ? coordinate(b1Offset + k) : 0
        for j in 0..<d { z += coordinate(w1Offset + k * d + j) * inputs[i * d + j] }
        return z
    }

    /// `(r_i·v_k)/n · ‖x̃_i‖²` at θ under `pattern` (sliding pairs contribute
    /// σ = 0 to f_i, as in `field`); O(d·l) work for the one sample.
    func backPropagated(_ theta: [Double], pattern: ActivationPattern, sample i: Int, neuron k: Int) -> Double {
        var back = 0.0
        for o in 0..<e {
            var f = outputBias ? theta[b2Offset + o] : 0
            for m in 0..<l where pattern[i, m] != .sliding { f += theta[w2Offset + o * l + m] * activate(preactivation(sample: i, neuron: m) { theta[$0] }) }
            back += residual(f, target: targets[i * e + o]) * theta[w2Offset + o * l + k]
        }
        return back / Double(samples) * inputSquaredNorm(sample: i)
    }

    /// `‖x̃_i‖² = ‖x_i‖² (+ 1 with a hidden bias)`.
    func inputSquaredNorm(sample i: Int) -> Double {
        var norm = hiddenBias ? 1.0 : 0.0
        for j in 0..<d { norm += inputs[i * d + j] * inputs[i * d + j] }
        return norm
    }

    /// `ż_ik = x̃_i · θ̇_{a_k}` for a field θ̇.
    func preactivationRate(_ field: [Double], sample i: Int, neuron k: Int) -> Double {
        var rate = hiddenBias ? field[b1Offset + k] : 0
        for j in 0..<d { rate += field[w1Offset + k * d + j] * inputs[i * d + j] }
        return rate
    }
}

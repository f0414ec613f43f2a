import ExactNumbers

/// The exact sign of `w_a Σ a_i² − w_v Σ v_j²` over binary64 inputs and
/// positive rational weights: a two-layer neuron's invariant under a training
/// law (SPEC §14.1–§14.3, `w_a = w_1`, `w_v = w_2`), decided as
/// `SquaredNormDifference` decides the plain one — a binary64 filter with a
/// proven error bound, and exact arithmetic where it cannot decide.
///
/// Filter (derivation in Notes/DESIGN.md, "Weighted sign predicate"): with
/// `r = w_v / w_a` and `r̂ = fl(r)`, compute `A = fl(Σa²)`, `B = fl(Σv²)`,
/// `T = fl(r̂·B)`, `D = fl(A − T)`, `S = fl(A + T)`. If `N = max(m, e) ≤ 2^24`,
/// `2^−1022 ≤ r̂ ≤ 2^90`, `2^−900 ≤ S < ∞` and `|D| > fl(S·2(N+4)u)`, then
/// `sign(D)` is the sign of `Σa² − rΣv²`, which is the sign of the weighted
/// difference (`w_a > 0`). Otherwise `ExactSquareSum` decides.
struct WeightedSquareNormDifference: Sendable {
    let inputWeight: Rational
    let outputWeight: Rational
    /// `fl(w_v / w_a)` when the filter's bound holds for it, else nil (every sign exact).
    let ratio: Double?

    init(inputWeight: Rational, outputWeight: Rational) {
        self.inputWeight = inputWeight
        self.outputWeight = outputWeight
        let r = (outputWeight / inputWeight).doubleValue
        ratio = r >= 0x1p-1022 && r <= 0x1p90 ? r : nil
    }

    /// The filter alone: the proven sign, or nil when it does not decide.
    @inline(__always)
    func filteredSign(_ a: UnsafeBufferPointer<Double>, minus v: UnsafeBufferPointer<Double>) -> Int? {
        guard let r = ratio else { return nil }
        let n = Swift.max(a.count, v.count)
        guard n <= SquaredNormDifference.maximumFilteredLength else { return nil }
        var sumA = 0.0
        for x in a { sumA += x * x }
        var sumV = 0.0
        for y in v { sumV += y * y }
        let weighted = r * sumV
        let difference = sumA - weighted
        let total = sumA + weighted
        // NaN fails every comparison below, so non-finite input also falls through.
        guard total >= 0x1p-900, total < .infinity else { return nil }
        let bound = total * (Double(2 * (n + 4)) * 0x1p-53)
        guard Swift.abs(difference) > bound else { return nil }
        return difference > 0 ? 1 : -1
    }

    /// The exact sign of `w_a Σa² − w_v Σv²`; nil if an input is NaN or ±∞.
    func exactSign(_ a: UnsafeBufferPointer<Double>, minus v: UnsafeBufferPointer<Double>) -> Int? {
        var input = ExactSquareSum(), output = ExactSquareSum()
        guard input.addSquares(of: a), output.addSquares(of: v) else { return nil }
        return (inputWeight * input.value() - outputWeight * output.value()).signum
    }
}

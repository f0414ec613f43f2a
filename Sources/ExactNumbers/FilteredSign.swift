/// How a sign was decided.
public enum SignDecision: String, Sendable {
    /// binary64 evaluation whose proven error bound excluded the other signs.
    case filter
    /// The filter could not decide; exact integer arithmetic did.
    case exact
}

/// The exact sign of `Σ a_i² − Σ v_j²` over binary64 inputs — the sign of a
/// neuron's invariant `c_k` (SPEC §2, §8) — decided by a floating-point filter
/// with a proven forward error bound and an exact fallback.
///
/// Filter (derivation in Notes/DESIGN.md, "Filtered sign predicate"): compute
/// `A = fl(Σ a_i²)`, `B = fl(Σ v_j²)`, `D = fl(A − B)`, `S = fl(A + B)` by
/// recursive summation, `N = max(m, e)`, `u = 2^−53`. If `N ≤ 2^24`,
/// `2^−900 ≤ S < ∞`, and `|D| > fl(S · 2(N+2)u)`, then `sign(D)` is the exact
/// sign. Overflow makes `S = ∞` (or `D` NaN) and underflow makes `S < 2^−900`
/// or is absorbed by the slack in the bound; either way such cases go to the
/// exact path and can never produce a wrong sign.
public enum SquaredNormDifference {
    /// Largest `max(m, e)` for which the filter's constant is proven.
    public static let maximumFilteredLength = 1 << 24

    /// Sign (−1, 0, 1) of `Σ a² − Σ v²` and how it was decided; nil if any input is NaN or ±∞.
    public static func sign(_ a: UnsafeBufferPointer<Double>, minus v: UnsafeBufferPointer<Double>)
        -> (sign: Int, decidedBy: SignDecision)?
    {
        if let sign = filteredSign(a, minus: v) { return (sign, .filter) }
        guard let sign = exactSign(a, minus: v) else { return nil }
        return (sign, .exact)
    }

    /// Convenience over arrays.
    public static func sign(_ a: [Double], minus v: [Double]) -> (sign: Int, decidedBy: SignDecision)? {
        a.withUnsafeBufferPointer { pa in v.withUnsafeBufferPointer { pv in sign(pa, minus: pv) } }
    }

    /// The binary64 filter alone: the proven sign, or nil when the error bound
    /// does not decide (including overflow, underflow and non-finite input).
    @inlinable
    public static func filteredSign(_ a: UnsafeBufferPointer<Double>, minus v: UnsafeBufferPointer<Double>) -> Int? {
        let n = Swift.max(a.count, v.count)
        guard n <= maximumFilteredLength else { return nil }
        var sumA = 0.0
        for x in a { sumA += x * x }
        var sumV = 0.0
        for y in v { sumV += y * y }
        let difference = sumA - sumV
        let total = sumA + sumV
        // NaN fails every comparison below, so non-finite input also falls through.
        guard total >= 0x1p-900, total < .infinity else { return nil }
        let bound = total * (Double(2 * (n + 2)) * 0x1p-53)
        guard Swift.abs(difference) > bound else { return nil }
        return difference > 0 ? 1 : -1
    }

    /// Exact sign via `ExactSquareSum`; nil if any input is NaN or ±∞.
    public static func exactSign(_ a: UnsafeBufferPointer<Double>, minus v: UnsafeBufferPointer<Double>) -> Int? {
        exactDifference(a, minus: v)?.signum
    }

    /// Exact value of `Σ a² − Σ v²`; nil if any input is NaN or ±∞.
    public static func exactDifference(_ a: UnsafeBufferPointer<Double>, minus v: UnsafeBufferPointer<Double>) -> Rational? {
        var positive = ExactSquareSum()
        var negative = ExactSquareSum()
        guard positive.addSquares(of: a), negative.addSquares(of: v) else { return nil }
        return positive.difference(minus: &negative)
    }
}

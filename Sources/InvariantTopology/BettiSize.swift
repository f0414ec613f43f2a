import ExactNumbers
import Foundation

/// Upper bounds on the size of an expanded Poincaré polynomial `Π f_i^{n_i}`
/// (SPEC §4.2), from its factors alone, and its extreme coefficients — so that
/// no default output expands `(1 + t)^50000` (50 001 Betti numbers of up to
/// 15 000 digits: a quadratic 7·10⁸ digits) just to print or omit it.
///
/// Bounds: the number of terms is at most `deg P + 1` and at most
/// `Π_i #terms(f_i^{n_i})`, with `#terms(f^n) ≤ min(n·deg f + 1, C(n + t − 1, t − 1))`
/// for `f` with `t` terms; every coefficient is at most `P(1) = Π f_i(1)^{n_i}`
/// (all coefficients are positive), so it has at most `log₁₀ P(1) + 1` digits.
/// Their product bounds the digits of all Betti numbers together.
public struct BettiSize: Sendable {
    /// Default cap on `digits` (ten million digits, about 10 MB of JSON).
    public static let defaultDigitLimit = 1e7

    public let terms: Double
    public let digits: Double
    public let topDegree: Int
    /// `β_0 = P(0)` and the top coefficient `β_top`, exact.
    public let lowest: BigInt
    public let highest: BigInt

    public init(_ factors: [(factor: PoincarePolynomial, multiplicity: Int)]) {
        var termsProduct = 1.0, degree = 0, log10Value = 0.0
        var lowest = BigInt(1), highest = BigInt(1)
        for (factor, n) in factors where n > 0 {
            let t = factor.terms.count, k = factor.degree
            // C(n + t − 1, t − 1) for t ≤ 3 in floating point (t − 1 ≤ 2 factors), else only the degree bound.
            var combinations = 1.0
            for j in 1..<Swift.max(t, 1) { combinations *= Double(n + j) / Double(j) }
            let powerTerms = Swift.min(Double(n) * Double(k) + 1, t <= 3 ? combinations : .infinity)
            termsProduct *= powerTerms
            degree += k * n
            let valueAtOne = factor.terms.reduce(0.0) { $0 + (Double($1.coefficient.description) ?? .infinity) }
            log10Value += Double(n) * Foundation.log10(Swift.max(valueAtOne, 1))
            if let first = factor.terms.first { lowest *= BigInt.power(first.coefficient, n) }
            if let last = factor.terms.last { highest *= BigInt.power(last.coefficient, n) }
        }
        terms = Swift.min(termsProduct, Double(degree) + 1)
        digits = terms * (log10Value + 1)
        topDegree = degree
        self.lowest = lowest
        self.highest = highest
    }

    /// Whether the expanded Betti numbers fit `defaultDigitLimit`.
    public var fitsDefault: Bool { digits <= BettiSize.defaultDigitLimit }
}

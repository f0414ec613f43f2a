import ExactNumbers

/// Moving a neuron onto slot `j` of `H(c)` by a rescaling (SPEC §5.3).
public enum Placement {
    /// The range of `α²‖a‖² − ‖v‖²/α²` over `α > 0` (SPEC §5.3).
    public enum InvariantRange: Sendable, Equatable {
        /// `a ≠ 0 ≠ v`: all of R.
        case all
        /// `a = 0 ≠ v`: (−∞, 0).
        case negative
        /// `v = 0 ≠ a`: (0, ∞).
        case positive
        /// The zero neuron: {0}.
        case zero

        public func contains(_ c: Rational) -> Bool {
            switch self {
            case .all: return true
            case .negative: return c.signum < 0
            case .positive: return c.signum > 0
            case .zero: return c.isZero
            }
        }
    }

    public static func range(of neuron: ExactNeuron) -> InvariantRange {
        let aZero = neuron.a.allSatisfy(\.isZero), vZero = neuron.v.allSatisfy(\.isZero)
        switch (aZero, vZero) {
        case (false, false): return .all
        case (true, false): return .negative
        case (false, true): return .positive
        case (true, true): return .zero
        }
    }

    /// `α²` putting `neuron` on the quadric `Q(c)`, or nil if `c` is outside its
    /// range. `A = ‖a‖²`, `B = ‖v‖²`; `α² = (c + √(c² + 4AB))/(2A)` when
    /// `A, B > 0` (kept symbolic), `c/A` when `B = 0`, `B/(−c)` when `A = 0`, and 1
    /// for the zero neuron. The result is the unique positive root of
    /// `A X² − c X − B = 0` (the root of 1 for the zero neuron).
    /// `weights` (SPEC §14): the law's factors of the two sides, `A = w_in‖a‖²`,
    /// `B = w_out‖v‖²` (positive, so the range is unchanged).
    public static func alphaSquared(for neuron: ExactNeuron, onto c: Rational,
                                    weights: (input: Rational, output: Rational) = (Rational(1), Rational(1))) -> QuadraticIrrational? {
        guard range(of: neuron).contains(c) else { return nil }
        let a2 = weights.input * ExactNeuron.squaredNorm(neuron.a)
        let b2 = weights.output * ExactNeuron.squaredNorm(neuron.v)
        switch range(of: neuron) {
        case .zero: return QuadraticIrrational(Rational(1))
        case .positive: return QuadraticIrrational(c / a2)   // a2 > 0 here
        case .negative: return QuadraticIrrational(b2 / (-c))
        case .all:
            let discriminant = c * c + Rational(4) * a2 * b2
            return .fraction(p: c, q: discriminant, r: Rational(2) * a2)
        }
    }

    /// Exact check that `α² = x` moves `neuron` onto `Q(c)`: `x > 0` and
    /// `A x² − c x − B = 0` in `Q(√d)`, i.e. `α²A − B/α² = c`.
    public static func verify(_ x: QuadraticIrrational, for neuron: ExactNeuron, onto c: Rational,
                              weights: (input: Rational, output: Rational) = (Rational(1), Rational(1))) -> Bool {
        guard x.signum > 0 else { return false }
        let a2 = weights.input * ExactNeuron.squaredNorm(neuron.a)
        let b2 = weights.output * ExactNeuron.squaredNorm(neuron.v)
        if a2.isZero && b2.isZero { return c.isZero }
        let d = x.radicand
        let residual = x * x * a2 - x * c - QuadraticIrrational(b2, radicand: d)
        return residual.signum == 0
    }
}

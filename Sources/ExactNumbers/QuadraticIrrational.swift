/// An exact number `x + y·√d` with rationals `x`, `y` and a rational radicand
/// `d ≥ 0`: an element of the field `Q(√d)`. Used for the rescaling
/// `α² = (c + √(c² + 4AB))/(2A)` of SPEC §5.3, which is irrational in general;
/// every decision about it is an exact sign test.
public struct QuadraticIrrational: Sendable, Equatable, CustomStringConvertible {
    public let rational: Rational
    public let coefficient: Rational
    public let radicand: Rational

    /// `x + y√d`; `d` must be ≥ 0.
    public init(_ x: Rational, _ y: Rational, radicand d: Rational) {
        precondition(d.signum >= 0, "negative radicand")
        rational = x
        coefficient = d.isZero ? .zero : y
        radicand = d
    }

    /// A rational number (in any field).
    public init(_ x: Rational, radicand d: Rational = .zero) {
        self.init(x, .zero, radicand: d)
    }

    /// `(p + √q)/r` for rational p, q ≥ 0 and r ≠ 0 (nil if r = 0).
    public static func fraction(p: Rational, q: Rational, r: Rational) -> QuadraticIrrational? {
        guard let inverse = Rational(1).divided(by: r) else { return nil }
        return QuadraticIrrational(p * inverse, inverse, radicand: q)
    }

    /// -1, 0 or 1, exactly: compare `x` with `−y√d` by squaring.
    public var signum: Int {
        let sx = rational.signum, sy = coefficient.signum
        if sy == 0 { return sx }
        if sx == 0 || sx == sy { return sy }
        // Opposite signs: the larger magnitude wins; |x| vs |y|√d ⟺ x² vs y²d.
        let left = rational * rational, right = coefficient * coefficient * radicand
        if left == right { return 0 }
        return left > right ? sx : sy
    }

    static func sameField(_ a: QuadraticIrrational, _ b: QuadraticIrrational) -> Rational {
        if a.coefficient.isZero { return b.radicand }
        if b.coefficient.isZero { return a.radicand }
        precondition(a.radicand == b.radicand, "different radicands")
        return a.radicand
    }

    public static func + (a: QuadraticIrrational, b: QuadraticIrrational) -> QuadraticIrrational {
        QuadraticIrrational(a.rational + b.rational, a.coefficient + b.coefficient, radicand: sameField(a, b))
    }

    public static func - (a: QuadraticIrrational, b: QuadraticIrrational) -> QuadraticIrrational {
        QuadraticIrrational(a.rational - b.rational, a.coefficient - b.coefficient, radicand: sameField(a, b))
    }

    /// `(x + y√d)(x' + y'√d) = xx' + yy'd + (xy' + x'y)√d`.
    public static func * (a: QuadraticIrrational, b: QuadraticIrrational) -> QuadraticIrrational {
        let d = sameField(a, b)
        return QuadraticIrrational(a.rational * b.rational + a.coefficient * b.coefficient * d,
                                   a.rational * b.coefficient + a.coefficient * b.rational, radicand: d)
    }

    public static func * (a: QuadraticIrrational, k: Rational) -> QuadraticIrrational {
        QuadraticIrrational(a.rational * k, a.coefficient * k, radicand: a.radicand)
    }

    /// Exact equality of values (not of representations: `2 + 0·√4 = 0 + 1·√4`),
    /// for two elements of the same field `Q(√d)`.
    public static func == (a: QuadraticIrrational, b: QuadraticIrrational) -> Bool {
        (a - b).signum == 0
    }

    /// Nearest binary64 (within a few ulps; for display, never for decisions).
    public var doubleValue: Double {
        rational.doubleValue + coefficient.doubleValue * radicand.doubleValue.squareRoot()
    }

    /// `x + y√d` in lowest terms, or the rational alone.
    public var description: String {
        if coefficient.isZero { return rational.description }
        let radical = radicand.isInteger ? "√\(radicand)" : "√(\(radicand))"
        let root = coefficient == Rational(1) ? radical : "(\(coefficient))·\(radical)"
        return rational.isZero ? root : "\(rational) + \(root)"
    }
}

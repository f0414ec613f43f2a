import ExactNumbers

/// Arithmetic in `F_p`, `p = 2⁶¹ − 1` (a Mersenne prime: reduction is a shift and an add).
///
/// Why a prime field is enough for exact answers (SPEC §11.2 "modular with a
/// proven bound"): for vectors with rational entries whose denominators are
/// prime to `p`, linear independence of the reductions mod `p` implies
/// independence over ℚ, so every rank computed here is a **lower bound** on the
/// rational rank. `ConservationLawCount` closes the other side with exactly
/// verified conservation laws and reports whether the two bounds meet.
public enum PrimeField {
    public static let p: UInt64 = (1 << 61) - 1

    @inlinable
    public static func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let s = a &+ b
        return s >= p ? s &- p : s
    }

    @inlinable
    public static func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a >= b ? a &- b : a &+ p &- b
    }

    @inlinable
    public static func negate(_ a: UInt64) -> UInt64 { a == 0 ? 0 : p &- a }

    @inlinable
    public static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        // a·b = high·2⁶⁴ + low = (high·8 + low >> 61)·2⁶¹ + (low & p), and 2⁶¹ ≡ 1.
        let folded = (high << 3 | low >> 61) &+ (low & p)
        return folded >= p ? folded &- p : folded
    }

    public static func power(_ base: UInt64, _ exponent: UInt64) -> UInt64 {
        var result: UInt64 = 1, base = base, exponent = exponent
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }

    /// `a⁻¹` (Fermat); `a ≠ 0`.
    public static func inverse(_ a: UInt64) -> UInt64 { power(a, p - 2) }

    @inlinable
    public static func element(_ value: Int) -> UInt64 {
        value >= 0 ? UInt64(value) % p : negate(UInt64(value.magnitude) % p)
    }

    /// The reduction of a rational; nil if `p` divides its denominator.
    public static func element(_ value: Rational) -> UInt64? {
        let numerator = reduce(value.numerator), denominator = reduce(value.denominator)
        guard denominator != 0 else { return nil }
        return multiply(numerator, inverse(denominator))
    }

    /// `n mod p` for a big integer (GMP's truncated division; the remainder fits in an `Int`).
    static func reduce(_ n: BigInt) -> UInt64 {
        element(n.quotientAndRemainder(dividingBy: BigInt(Int(p))).remainder.intValue ?? 0)
    }
}

/// An echelon basis of a subspace of `F_p^n`, grown one vector at a time.
/// Rows are kept with a leading 1 at their pivot and reduced against every
/// earlier pivot, so reducing a candidate in insertion order is exact
/// Gaussian elimination.
public struct EchelonBasis {
    public let length: Int
    public private(set) var rows: [[UInt64]] = []
    /// Each row's non-zero positions (rows of structured algebras are sparse).
    private var support: [[Int]] = []
    public private(set) var pivots: [Int] = []

    public init(length: Int) { self.length = length }

    public var rank: Int { rows.count }

    /// Reduces `vector` in place against the basis; true if something non-zero is left.
    public func reduce(_ vector: inout [UInt64]) -> Bool {
        for (r, pivot) in pivots.enumerated() {
            let factor = vector[pivot]
            if factor == 0 { continue }
            let row = rows[r]
            for j in support[r] {
                vector[j] = PrimeField.subtract(vector[j], PrimeField.multiply(factor, row[j]))
            }
        }
        return vector.contains { $0 != 0 }
    }

    /// Adds `vector` if it is independent of the basis; returns whether it was.
    @discardableResult
    public mutating func insert(_ vector: [UInt64]) -> Bool {
        var vector = vector
        guard reduce(&vector), let pivot = vector.firstIndex(where: { $0 != 0 }) else { return false }
        let scale = PrimeField.inverse(vector[pivot])
        var nonZero: [Int] = []
        for j in pivot..<length where vector[j] != 0 {
            vector[j] = PrimeField.multiply(vector[j], scale)
            nonZero.append(j)
        }
        rows.append(vector)
        support.append(nonZero)
        pivots.append(pivot)
        return true
    }
}

import CGMP

/// Heap storage for one GMP rational, always in canonical form (lowest terms,
/// positive denominator). See `BigIntStorage` for the ownership rule.
@usableFromInline
final class RationalStorage: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<__mpq_struct>

    @usableFromInline init() {
        pointer = .allocate(capacity: 1)
        __gmpq_init(pointer)
    }

    @usableFromInline init(copying other: RationalStorage) {
        pointer = .allocate(capacity: 1)
        __gmpq_init(pointer)
        __gmpq_set(pointer, other.pointer)
    }

    deinit {
        __gmpq_clear(pointer)
        pointer.deallocate()
    }
}

/// An exact rational number `p/q` in lowest terms, backed by GMP's `mpq_t`.
///
/// Every parameter relutopo reads is held as the exact rational value of what
/// the file stores (SPEC §8): `0.1` in JSON is `1/10`, a float32 in `.npy` is
/// the dyadic rational it encodes.
public struct Rational: Sendable {
    @usableFromInline var storage: RationalStorage

    /// Zero.
    public init() { storage = RationalStorage() }

    /// The integer `value`.
    public init(_ value: Int) {
        storage = RationalStorage()
        __gmpq_set_si(storage.pointer, value, 1)
    }

    /// The integer `value`.
    public init(_ value: BigInt) {
        storage = RationalStorage()
        value.withPointer { __gmpq_set_z(storage.pointer, $0) }
    }

    /// `numerator / denominator` in lowest terms; nil when the denominator is zero.
    public init?(numerator: BigInt, denominator: BigInt) {
        guard !denominator.isZero else { return nil }
        storage = RationalStorage()
        numerator.withPointer { __gmpz_set(cgmp_mpq_numref(storage.pointer), $0) }
        denominator.withPointer { __gmpz_set(cgmp_mpq_denref(storage.pointer), $0) }
        __gmpq_canonicalize(storage.pointer)
    }

    /// `numerator / denominator` with the caller's promise that the pair is
    /// already canonical (coprime, denominator positive).
    init(canonicalNumerator numerator: BigInt, denominator: BigInt) {
        storage = RationalStorage()
        numerator.withPointer { __gmpz_set(cgmp_mpq_numref(storage.pointer), $0) }
        denominator.withPointer { __gmpz_set(cgmp_mpq_denref(storage.pointer), $0) }
    }

    /// `integer · 2^exponent`, in lowest terms.
    public init(_ integer: BigInt, timesPowerOfTwo exponent: Int) {
        if exponent >= 0 || integer.isZero {
            self.init(integer.shifted(by: max(exponent, 0)))
            return
        }
        let removable = min(integer.trailingZeroBitCount, -exponent)
        self.init(canonicalNumerator: integer.shifted(by: -removable),
                  denominator: BigInt.powerOfTwo(-exponent - removable))
    }

    /// The exact value of a finite binary64 number (a dyadic rational); nil for NaN and ±∞.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        storage = RationalStorage()
        __gmpq_set_d(storage.pointer, value)  // exact: GMP documents no rounding
    }

    /// The exact value of a finite binary32 number; nil for NaN and ±∞.
    public init?(exactly value: Float) { self.init(exactly: Double(value)) }

    #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    /// The exact value of a finite binary16 number; nil for NaN and ±∞.
    public init?(exactly value: Float16) { self.init(exactly: Double(value)) }
    #endif

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = RationalStorage(copying: storage)
        }
    }

    @inlinable mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<__mpq_struct>) -> R) -> R {
        makeUnique()
        return body(storage.pointer)
    }

    @inlinable func withPointer<R>(_ body: (UnsafePointer<__mpq_struct>) -> R) -> R {
        withExtendedLifetime(storage) { body(UnsafePointer(storage.pointer)) }
    }

    @inlinable static func make(_ body: (UnsafeMutablePointer<__mpq_struct>) -> Void) -> Rational {
        let result = Rational()
        body(result.storage.pointer)
        return result
    }
}

// MARK: - Parts

extension Rational {
    /// Numerator of the lowest-terms form (carries the sign).
    public var numerator: BigInt {
        BigInt.make { r in withPointer { __gmpz_set(r, cgmp_mpq_numref_const($0)) } }
    }

    /// Denominator of the lowest-terms form (positive).
    public var denominator: BigInt {
        BigInt.make { r in withPointer { __gmpz_set(r, cgmp_mpq_denref_const($0)) } }
    }

    /// -1, 0 or 1.
    public var signum: Int { withPointer { Int(cgmp_mpq_sgn($0)) } }

    public var isZero: Bool { signum == 0 }

    public var isInteger: Bool { withPointer { __gmpz_cmp_ui(cgmp_mpq_denref_const($0), 1) == 0 } }

    /// `|self|`.
    public var magnitude: Rational { Rational.make { r in withPointer { __gmpq_abs(r, $0) } } }
}

// MARK: - Arithmetic

extension Rational: AdditiveArithmetic, ExpressibleByIntegerLiteral {
    public static var zero: Rational { Rational() }

    public init(integerLiteral value: Int) { self.init(value) }

    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        make { r in lhs.withPointer { a in rhs.withPointer { b in __gmpq_add(r, a, b) } } }
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        make { r in lhs.withPointer { a in rhs.withPointer { b in __gmpq_sub(r, a, b) } } }
    }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        make { r in lhs.withPointer { a in rhs.withPointer { b in __gmpq_mul(r, a, b) } } }
    }

    /// Exact quotient; the divisor must be non-zero (callers check, see `dividedOrNil`).
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "division by zero")
        return make { r in lhs.withPointer { a in rhs.withPointer { b in __gmpq_div(r, a, b) } } }
    }

    /// Exact quotient, or nil when `divisor` is zero.
    public func divided(by divisor: Rational) -> Rational? {
        divisor.isZero ? nil : self / divisor
    }

    public static func += (lhs: inout Rational, rhs: Rational) {
        rhs.withPointer { b in lhs.withMutablePointer { a in __gmpq_add(a, a, b) } }
    }

    public static func -= (lhs: inout Rational, rhs: Rational) {
        rhs.withPointer { b in lhs.withMutablePointer { a in __gmpq_sub(a, a, b) } }
    }

    public static func *= (lhs: inout Rational, rhs: Rational) {
        rhs.withPointer { b in lhs.withMutablePointer { a in __gmpq_mul(a, a, b) } }
    }

    public static prefix func - (operand: Rational) -> Rational {
        make { r in operand.withPointer { __gmpq_neg(r, $0) } }
    }

    /// `self²`.
    public var squared: Rational { self * self }

    /// `self · 2^exponent` (exact, any sign of exponent).
    public func timesPowerOfTwo(_ exponent: Int) -> Rational {
        if exponent >= 0 {
            return Rational.make { r in withPointer { __gmpq_mul_2exp(r, $0, mp_bitcnt_t(exponent)) } }
        }
        return Rational.make { r in withPointer { __gmpq_div_2exp(r, $0, mp_bitcnt_t(-exponent)) } }
    }
}

// MARK: - Comparison and hashing

extension Rational: Comparable, Hashable {
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        lhs.withPointer { a in rhs.withPointer { b in __gmpq_equal(a, b) != 0 } }
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.withPointer { a in rhs.withPointer { b in __gmpq_cmp(a, b) < 0 } }
    }

    /// Hashes the canonical numerator and denominator.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(numerator)
        hasher.combine(denominator)
    }
}

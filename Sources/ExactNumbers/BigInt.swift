import CGMP
#if canImport(Glibc)
import Glibc
#endif

/// Heap storage for one GMP integer. Owned by exactly one `BigInt` while it is
/// mutated (copy-on-write), so GMP's in-place API never aliases Swift values.
@usableFromInline
final class BigIntStorage: @unchecked Sendable {
    // Sendable: the pointee is only mutated while the storage is uniquely
    // referenced (checked by `BigInt.makeUnique`), so shared storage is immutable.
    @usableFromInline let pointer: UnsafeMutablePointer<__mpz_struct>

    @usableFromInline init() {
        pointer = .allocate(capacity: 1)
        __gmpz_init(pointer)
    }

    @usableFromInline init(copying other: BigIntStorage) {
        pointer = .allocate(capacity: 1)
        __gmpz_init_set(pointer, other.pointer)
    }

    deinit {
        __gmpz_clear(pointer)
        pointer.deallocate()
    }
}

/// An arbitrary-precision signed integer backed by GMP's `mpz_t`.
///
/// A value type with copy-on-write: copies share storage until one of them is
/// mutated. Used for component counts (`2^{#locked}`, SPEC §4.1) and Betti
/// numbers (SPEC §4.2), which are exponential in the width.
public struct BigInt: Sendable {
    @usableFromInline var storage: BigIntStorage

    /// Zero.
    public init() { storage = BigIntStorage() }

    @usableFromInline init(storage: BigIntStorage) { self.storage = storage }

    /// The integer `value`.
    public init(_ value: Int) {
        storage = BigIntStorage()
        __gmpz_set_si(storage.pointer, value)
    }

    /// The integer `value`.
    public init(_ value: UInt64) {
        storage = BigIntStorage()
        __gmpz_set_ui(storage.pointer, UInt(value))
    }

    /// Parses an optionally signed run of decimal digits (`"-123"`); nil for anything else.
    /// GMP's own parser accepts embedded white space, so the text is validated first.
    public init?(decimal text: Substring) {
        var body = text
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        storage = BigIntStorage()
        let status = String(body).withCString { __gmpz_set_str(storage.pointer, $0, 10) }
        guard status == 0 else { return nil }
        if negative { __gmpz_neg(storage.pointer, storage.pointer) }
    }

    /// Parses an optionally signed run of decimal digits; nil for anything else.
    public init?(decimal text: String) { self.init(decimal: Substring(text)) }

    /// Makes the storage uniquely owned before an in-place GMP call.
    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = BigIntStorage(copying: storage)
        }
    }

    /// Runs `body` with a pointer to uniquely owned storage (for in-place GMP calls).
    @inlinable mutating func withMutablePointer<R>(_ body: (UnsafeMutablePointer<__mpz_struct>) -> R) -> R {
        makeUnique()
        return body(storage.pointer)
    }

    /// Read-only GMP pointer for the lifetime of `body`.
    @inlinable func withPointer<R>(_ body: (UnsafePointer<__mpz_struct>) -> R) -> R {
        withExtendedLifetime(storage) { body(UnsafePointer(storage.pointer)) }
    }

    /// Builds a fresh value by letting GMP write into new storage.
    @inlinable static func make(_ body: (UnsafeMutablePointer<__mpz_struct>) -> Void) -> BigInt {
        let result = BigInt()
        body(result.storage.pointer)
        return result
    }
}

// MARK: - Properties

extension BigInt {
    /// -1, 0 or 1.
    public var signum: Int { withPointer { Int(cgmp_mpz_sgn($0)) } }

    public var isZero: Bool { signum == 0 }

    /// Number of bits of `|self|` (0 for zero).
    public var bitWidth: Int {
        isZero ? 0 : withPointer { Int(__gmpz_sizeinbase($0, 2)) }
    }

    /// The value as `Int` if it fits, else nil.
    public var intValue: Int? {
        withPointer { __gmpz_fits_slong_p($0) != 0 ? Int(__gmpz_get_si($0)) : nil }
    }

    /// Number of trailing zero bits of a non-zero value (0 for zero).
    public var trailingZeroBitCount: Int {
        isZero ? 0 : withPointer { Int(__gmpz_scan1($0, 0)) }
    }

    /// `|self|`.
    public var magnitude: BigInt { BigInt.make { r in withPointer { __gmpz_abs(r, $0) } } }

    /// `2^exponent` (exponent ≥ 0).
    public static func powerOfTwo(_ exponent: Int) -> BigInt {
        precondition(exponent >= 0, "negative exponent")
        return make { __gmpz_setbit($0, mp_bitcnt_t(exponent)) }
    }

    /// `base^exponent` (exponent ≥ 0).
    public static func power(_ base: BigInt, _ exponent: Int) -> BigInt {
        precondition(exponent >= 0, "negative exponent")
        return make { r in base.withPointer { __gmpz_pow_ui(r, $0, UInt(exponent)) } }
    }

    /// The binomial coefficient `C(n, k)` (0 ≤ k; 0 when k > n).
    public static func binomial(_ n: Int, _ k: Int) -> BigInt {
        precondition(n >= 0 && k >= 0, "negative argument")
        return make { __gmpz_bin_uiui($0, UInt(n), UInt(k)) }
    }

    /// `self · 2^shift` for shift ≥ 0, `trunc(self / 2^-shift)` for shift < 0.
    public func shifted(by shift: Int) -> BigInt {
        if shift >= 0 {
            return BigInt.make { r in withPointer { __gmpz_mul_2exp(r, $0, mp_bitcnt_t(shift)) } }
        }
        return BigInt.make { r in withPointer { __gmpz_tdiv_q_2exp(r, $0, mp_bitcnt_t(-shift)) } }
    }
}

// MARK: - Arithmetic

extension BigInt: AdditiveArithmetic, Numeric, SignedNumeric {
    public static var zero: BigInt { BigInt() }

    public init?<T: BinaryInteger>(exactly source: T) {
        guard let value = Int(exactly: source) else {
            guard let unsigned = UInt64(exactly: source) else { return nil }
            self.init(unsigned)
            return
        }
        self.init(value)
    }

    public init(integerLiteral value: Int) { self.init(value) }

    public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
        make { r in lhs.withPointer { a in rhs.withPointer { b in __gmpz_add(r, a, b) } } }
    }

    public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
        make { r in lhs.withPointer { a in rhs.withPointer { b in __gmpz_sub(r, a, b) } } }
    }

    public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
        make { r in lhs.withPointer { a in rhs.withPointer { b in __gmpz_mul(r, a, b) } } }
    }

    public static func += (lhs: inout BigInt, rhs: BigInt) {
        rhs.withPointer { b in lhs.withMutablePointer { a in __gmpz_add(a, a, b) } }
    }

    public static func -= (lhs: inout BigInt, rhs: BigInt) {
        rhs.withPointer { b in lhs.withMutablePointer { a in __gmpz_sub(a, a, b) } }
    }

    public static func *= (lhs: inout BigInt, rhs: BigInt) {
        rhs.withPointer { b in lhs.withMutablePointer { a in __gmpz_mul(a, a, b) } }
    }

    public static prefix func - (operand: BigInt) -> BigInt {
        make { r in operand.withPointer { __gmpz_neg(r, $0) } }
    }

    /// Truncated division: quotient rounded toward zero; `divisor` must be non-zero.
    public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!divisor.isZero, "division by zero")
        let q = BigInt(), r = BigInt()
        withPointer { a in divisor.withPointer { b in __gmpz_tdiv_qr(q.storage.pointer, r.storage.pointer, a, b) } }
        return (q, r)
    }

    /// Exact division: `self` must be a multiple of `divisor` (non-zero).
    public func dividedExactly(by divisor: BigInt) -> BigInt {
        precondition(!divisor.isZero, "division by zero")
        return BigInt.make { r in withPointer { a in divisor.withPointer { b in __gmpz_divexact(r, a, b) } } }
    }
}

// MARK: - Comparison and hashing

extension BigInt: Comparable, Hashable {
    public static func == (lhs: BigInt, rhs: BigInt) -> Bool {
        lhs.withPointer { a in rhs.withPointer { b in __gmpz_cmp(a, b) == 0 } }
    }

    public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
        lhs.withPointer { a in rhs.withPointer { b in __gmpz_cmp(a, b) < 0 } }
    }

    /// Hashes the sign and the limbs, so equal values hash equally.
    public func hash(into hasher: inout Hasher) {
        withPointer { p in
            hasher.combine(Int(cgmp_mpz_sgn(p)))
            let count = Int(cgmp_mpz_limb_count(p))
            if count > 0, let limbs = cgmp_mpz_limbs(p) {
                for index in 0..<count { hasher.combine(UInt(limbs[index])) }
            }
        }
    }
}

// MARK: - Text

extension BigInt: CustomStringConvertible, LosslessStringConvertible, ExpressibleByIntegerLiteral {
    /// The decimal digits, with a leading `-` when negative.
    public var description: String {
        withPointer { p in
            // mpz_sizeinbase may overestimate by one; +2 for sign and NUL.
            let capacity = Int(__gmpz_sizeinbase(p, 10)) + 2
            return String(unsafeUninitializedCapacity: capacity) { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    guard let base = chars.baseAddress else { return 0 }
                    _ = __gmpz_get_str(base, 10, p)
                    return strlen(base)
                }
            }
        }
    }

    public init?(_ description: String) { self.init(decimal: description) }
}

// MARK: - Import from limbs

extension BigInt {
    /// The non-negative integer whose little-endian 64-bit words are `words`.
    public init(littleEndianWords words: UnsafeBufferPointer<UInt64>) {
        storage = BigIntStorage()
        guard let base = words.baseAddress, !words.isEmpty else { return }
        __gmpz_import(storage.pointer, words.count, -1, 8, 0, 0, base)
    }
}

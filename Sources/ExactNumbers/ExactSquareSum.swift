/// Exact accumulation of `Σ x_i²` over finite binary64 numbers, without rounding.
///
/// Every finite double is `m · 2^q` with an integer `|m| < 2^53` and
/// `q ≥ −1074`, so `x² = m² · 2^(2q)` with `m² < 2^106` and `2q ≥ −2148`. The sum
/// is kept as a fixed-point integer in units of `2^−2148` (a Kulisch long
/// accumulator): 68 words of 64 bits hold every square (`< 2^2048`) plus 2^63
/// terms of carry headroom. Adding a square touches three words and a rare
/// carry chain — no allocation, no rounding — so exact invariants `c_k`
/// (SPEC §2, §8) cost a few nanoseconds per weight.
public struct ExactSquareSum: Sendable {
    /// Bit weight of word 0: the accumulator counts units of 2^(−2148).
    public static let lowestExponent = -2148
    static let wordCount = 68

    private var words: [UInt64]
    private var lowestTouched: Int
    private var highestTouched: Int

    /// An empty sum (zero).
    public init() {
        words = [UInt64](repeating: 0, count: ExactSquareSum.wordCount)
        lowestTouched = ExactSquareSum.wordCount
        highestTouched = -1
    }

    /// True when nothing but zeros was added (only non-zero squares touch a word).
    public var isZero: Bool { highestTouched < lowestTouched }

    /// Resets to zero, clearing only the words that were used.
    public mutating func reset() {
        if highestTouched >= lowestTouched {
            for index in lowestTouched...highestTouched { words[index] = 0 }
        }
        lowestTouched = ExactSquareSum.wordCount
        highestTouched = -1
    }

    /// Adds `x²` exactly. Returns false (and adds nothing) for NaN or ±∞.
    @inlinable @discardableResult
    public mutating func addSquare(of x: Double) -> Bool {
        let bits = x.bitPattern
        let exponentField = Int((bits >> 52) & 0x7FF)
        if exponentField == 0x7FF { return false }
        var mantissa = bits & 0x000F_FFFF_FFFF_FFFF
        let q: Int
        if exponentField == 0 {
            if mantissa == 0 { return true }
            q = -1074
        } else {
            mantissa |= 0x0010_0000_0000_0000
            q = exponentField - 1075
        }
        addShiftedSquare(mantissa: mantissa, bitPosition: 2 * q + 2148)
        return true
    }

    @usableFromInline
    mutating func addShiftedSquare(mantissa: UInt64, bitPosition: Int) {
        let square = mantissa.multipliedFullWidth(by: mantissa)   // < 2^106
        let wordIndex = bitPosition >> 6
        let shift = UInt64(bitPosition & 63)
        let w0 = square.low << shift
        let w1: UInt64, w2: UInt64
        if shift == 0 {
            w1 = square.high
            w2 = 0
        } else {
            w1 = (square.high << shift) | (square.low >> (64 - shift))
            w2 = square.high >> (64 - shift)
        }
        words.withUnsafeMutableBufferPointer { buffer in
            var carry: UInt64 = 0
            var sum = buffer[wordIndex].addingReportingOverflow(w0)
            buffer[wordIndex] = sum.partialValue
            carry = sum.overflow ? 1 : 0
            sum = buffer[wordIndex + 1].addingReportingOverflow(w1)
            var sum2 = sum.partialValue.addingReportingOverflow(carry)
            buffer[wordIndex + 1] = sum2.partialValue
            carry = (sum.overflow || sum2.overflow) ? 1 : 0
            sum = buffer[wordIndex + 2].addingReportingOverflow(w2)
            sum2 = sum.partialValue.addingReportingOverflow(carry)
            buffer[wordIndex + 2] = sum2.partialValue
            carry = (sum.overflow || sum2.overflow) ? 1 : 0
            var index = wordIndex + 3
            while carry != 0 {
                // Headroom of 2^63 terms: the top word cannot overflow in practice;
                // the index check keeps a pathological caller from writing past the end.
                guard index < buffer.count else { break }
                let (value, overflow) = buffer[index].addingReportingOverflow(1)
                buffer[index] = value
                carry = overflow ? 1 : 0
                if index > highestTouched { highestTouched = index }
                index += 1
            }
        }
        if wordIndex < lowestTouched { lowestTouched = wordIndex }
        if wordIndex + 2 > highestTouched { highestTouched = wordIndex + 2 }
    }

    /// Adds the squares of all elements; false if any is NaN or ±∞ (those are skipped).
    @discardableResult
    public mutating func addSquares<C: Sequence>(of values: C) -> Bool where C.Element == Double {
        var allFinite = true
        for value in values where !addSquare(of: value) { allFinite = false }
        return allFinite
    }

    /// The sum as `integer · 2^exponent` (integer ≥ 0).
    public var integerAndExponent: (integer: BigInt, exponent: Int) {
        guard highestTouched >= lowestTouched else { return (BigInt(), 0) }
        let integer = words.withUnsafeBufferPointer { buffer in
            BigInt(littleEndianWords: UnsafeBufferPointer(rebasing: buffer[lowestTouched...highestTouched]))
        }
        return (integer, ExactSquareSum.lowestExponent + 64 * lowestTouched)
    }

    /// The exact sum as a rational in lowest terms.
    public var value: Rational {
        let (integer, exponent) = integerAndExponent
        return Rational(integer, timesPowerOfTwo: exponent)
    }

    /// `self − other`, exactly, in lowest terms.
    public func difference(minus other: ExactSquareSum) -> Rational {
        let (p, pe) = integerAndExponent
        let (q, qe) = other.integerAndExponent
        if p.isZero { return Rational(-q, timesPowerOfTwo: qe) }
        if q.isZero { return Rational(p, timesPowerOfTwo: pe) }
        let common = min(pe, qe)
        return Rational(p.shifted(by: pe - common) - q.shifted(by: qe - common), timesPowerOfTwo: common)
    }
}

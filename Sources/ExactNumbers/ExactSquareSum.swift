/// Exact accumulation of `Σ x_i²` over finite binary64 numbers, without rounding.
///
/// Every finite double is `m · 2^q` with an integer `0 ≤ m < 2^53` and
/// `q ≥ −1074`, so `x² = m² · 2^(2q)` with `m² < 2^106` and `2q ≥ −2148`.
///
/// Two stages, both exact:
/// 1. *Exponent bins.* `m²` is added to a 128-bit bin indexed by the binary
///    exponent of `x` (2047 bins): one 64×64→128 multiply and one 128-bit add
///    per weight. A bin holds at least 2^22 squares before it could overflow,
///    so the bins are folded every 2^22 additions.
/// 2. *Long accumulator.* Folding adds each used bin, shifted to its weight,
///    into a fixed-point integer in units of `2^−2148` (a Kulisch accumulator:
///    68 words of 64 bits hold every square `< 2^2048` with 2^63 terms of
///    headroom). Only the final sum becomes a GMP number.
///
/// This is what makes exact invariants `c_k` (SPEC §2, §8) cost about as much
/// as a floating-point sum of squares.
public struct ExactSquareSum: Sendable {
    /// Bit weight of word 0: the accumulator counts units of 2^(−2148).
    public static let lowestExponent = -2148
    static let wordCount = 68
    static let binCount = 2047
    static let additionsPerFold = 1 << 22

    private var words: [UInt64]
    private var lowestTouched: Int
    private var highestTouched: Int
    /// `bins[2e]` low word, `bins[2e + 1]` high word of the 128-bit bin of exponent field `e`.
    private var bins: [UInt64]
    private var usedBins: [Int]
    private var pendingAdditions = 0
    /// 64-bit bins for binary32 inputs, indexed by the binary32 exponent field:
    /// a binary32 mantissa has 24 bits, so `m² < 2^48` and a bin takes 2^16 squares.
    private var bins32: [UInt64]
    private var pendingAdditions32 = 0
    /// Range of binary32 exponent fields used since the last fold.
    private var lowestExponent32 = 255, highestExponent32 = -1

    /// An empty sum (zero).
    public init() {
        words = [UInt64](repeating: 0, count: ExactSquareSum.wordCount)
        lowestTouched = ExactSquareSum.wordCount
        highestTouched = -1
        bins = [UInt64](repeating: 0, count: 2 * ExactSquareSum.binCount)
        usedBins = []
        usedBins.reserveCapacity(64)
        bins32 = [UInt64](repeating: 0, count: 4 * 256)
    }

    /// True when nothing but zeros was added (only non-zero squares touch a bin or word).
    public var isZero: Bool {
        highestTouched < lowestTouched && usedBins.isEmpty
            && (lowestExponent32 > highestExponent32 || bins32.allSatisfy { $0 == 0 })
    }

    /// Resets to zero, clearing only what was used.
    public mutating func reset() {
        if highestTouched >= lowestTouched {
            for index in lowestTouched...highestTouched { words[index] = 0 }
        }
        lowestTouched = ExactSquareSum.wordCount
        highestTouched = -1
        for bin in usedBins {
            bins[2 * bin] = 0
            bins[2 * bin + 1] = 0
        }
        usedBins.removeAll(keepingCapacity: true)
        pendingAdditions = 0
        if pendingAdditions32 > 0 {
            for index in 0..<bins32.count { bins32[index] = 0 }
            pendingAdditions32 = 0
            lowestExponent32 = 255
            highestExponent32 = -1
        }
    }

    /// Adds the squares of little-endian binary32 numbers stored in `bytes`
    /// (4 bytes each, any alignment) without widening them: one 64-bit multiply
    /// and add per element. Returns false (skipping them) for NaN or ±∞.
    @discardableResult
    public mutating func addSquares(ofFloat32LittleEndian bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count / 4
        var allFinite = true
        var start = 0
        while start < count {
            if pendingAdditions32 >= 1 << 16 { foldBins32() }
            let end = min(count, start + (1 << 16) - pendingAdditions32)
            var lowest = lowestExponent32, highest = highestExponent32
            bins32.withUnsafeMutableBufferPointer { bins in
                // Four interleaved bin sets: neighbouring weights usually share an
                // exponent, and one set would chain every add on the previous store.
                for index in start..<end {
                    let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                    let exponentField = Int((bits >> 23) & 0xFF)
                    if exponentField == 0xFF { allFinite = false; continue }
                    let mantissa = UInt64(bits & 0x7F_FFFF) | (exponentField == 0 ? 0 : 0x80_0000)
                    bins[(index & 3) << 8 | exponentField] &+= mantissa &* mantissa   // < 2^48 each, ≤ 2^16 per fold
                    lowest = min(lowest, exponentField)
                    highest = max(highest, exponentField)
                }
            }
            lowestExponent32 = lowest
            highestExponent32 = highest
            pendingAdditions32 += end - start
            start = end
        }
        return allFinite
    }

    /// Moves the binary32 bins into the long accumulator: bin `e` holds
    /// `Σ m²` at weight `2^(2q)`, `q = e − 150` (`−149` for subnormals).
    private mutating func foldBins32() {
        guard pendingAdditions32 > 0 else { return }
        defer { lowestExponent32 = 255; highestExponent32 = -1 }
        guard lowestExponent32 <= highestExponent32 else { pendingAdditions32 = 0; return }
        for exponentField in lowestExponent32...highestExponent32 {
            // The four sets each hold < 2^64; their sum needs up to 66 bits.
            var low: UInt64 = 0, high: UInt64 = 0
            for set in 0..<4 {
                let (sum, carry) = low.addingReportingOverflow(bins32[set << 8 | exponentField])
                low = sum
                if carry { high += 1 }
                bins32[set << 8 | exponentField] = 0
            }
            if low == 0 && high == 0 { continue }
            let q = exponentField == 0 ? -149 : exponentField - 150
            addShifted(low: low, high: high, bitPosition: 2 * q + 2148)
        }
        pendingAdditions32 = 0
    }

    /// Adds `x²` exactly. Returns false (and adds nothing) for NaN or ±∞.
    @discardableResult
    public mutating func addSquare(of x: Double) -> Bool {
        var value = x
        return withUnsafePointer(to: &value) { addSquares(of: UnsafeBufferPointer(start: $0, count: 1)) }
    }

    /// Adds the squares of all elements; false if any is NaN or ±∞ (those are skipped).
    @discardableResult
    public mutating func addSquares(of values: UnsafeBufferPointer<Double>) -> Bool {
        addSquares(ofFloat64LittleEndian: UnsafeRawBufferPointer(values))   // x86-64 and arm64 are little-endian
    }

    /// Adds the squares of little-endian binary64 numbers stored in `bytes`
    /// (8 bytes each, any alignment); false if any is NaN or ±∞ (those are skipped).
    @discardableResult
    public mutating func addSquares(ofFloat64LittleEndian bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count / 8
        var allFinite = true
        var start = 0
        while start < count {
            if pendingAdditions >= ExactSquareSum.additionsPerFold { foldBins() }
            let end = min(count, start + (ExactSquareSum.additionsPerFold - pendingAdditions))
            if !addChunk(UnsafeRawBufferPointer(rebasing: bytes[(8 * start)..<(8 * end)])) { allFinite = false }
            pendingAdditions += end - start
            start = end
        }
        return allFinite
    }

    /// Adds the squares of all elements; false if any is NaN or ±∞ (those are skipped).
    @discardableResult
    public mutating func addSquares<C: Sequence>(of values: C) -> Bool where C.Element == Double {
        let array = Array(values)
        return array.withUnsafeBufferPointer { addSquares(of: $0) }
    }

    private mutating func addChunk(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var allFinite = true
        var used = usedBins
        usedBins = []  // keep `used` uniquely referenced while appending
        bins.withUnsafeMutableBufferPointer { bins in
            for index in 0..<(bytes.count / 8) {
                let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
                let exponentField = Int((bits >> 52) & 0x7FF)
                var mantissa = bits & 0x000F_FFFF_FFFF_FFFF
                if exponentField == 0x7FF { allFinite = false; continue }
                if exponentField != 0 { mantissa |= 0x0010_0000_0000_0000 } else if mantissa == 0 { continue }
                let square = mantissa.multipliedFullWidth(by: mantissa)
                let low = 2 * exponentField
                if bins[low] == 0 && bins[low + 1] == 0 { used.append(exponentField) }
                let (sum, carry) = bins[low].addingReportingOverflow(square.low)
                bins[low] = sum
                bins[low + 1] &+= square.high &+ (carry ? 1 : 0)   // < 2^128 for ≤ 2^22 additions
            }
        }
        usedBins = used
        return allFinite
    }

    /// Moves every used bin into the long accumulator.
    private mutating func foldBins() {
        for exponentField in usedBins {
            let q = exponentField == 0 ? -1074 : exponentField - 1075
            addShifted(low: bins[2 * exponentField], high: bins[2 * exponentField + 1], bitPosition: 2 * q + 2148)
            bins[2 * exponentField] = 0
            bins[2 * exponentField + 1] = 0
        }
        usedBins.removeAll(keepingCapacity: true)
        pendingAdditions = 0
    }

    /// Adds the 128-bit value `high·2^64 + low` times `2^bitPosition` to the words.
    private mutating func addShifted(low: UInt64, high: UInt64, bitPosition: Int) {
        let wordIndex = bitPosition >> 6
        let shift = UInt64(bitPosition & 63)
        let w0 = low << shift
        let w1 = shift == 0 ? high : (high << shift) | (low >> (64 - shift))
        let w2 = shift == 0 ? 0 : high >> (64 - shift)
        var highest = highestTouched
        words.withUnsafeMutableBufferPointer { buffer in
            var carry: UInt64 = 0
            for (offset, addend) in [w0, w1, w2].enumerated() {
                let (partial, overflow1) = buffer[wordIndex + offset].addingReportingOverflow(addend)
                let (total, overflow2) = partial.addingReportingOverflow(carry)
                buffer[wordIndex + offset] = total
                carry = (overflow1 || overflow2) ? 1 : 0
            }
            var index = wordIndex + 3
            while carry != 0, index < buffer.count {   // headroom: the top word never overflows
                let (value, overflow) = buffer[index].addingReportingOverflow(1)
                buffer[index] = value
                carry = overflow ? 1 : 0
                highest = max(highest, index)
                index += 1
            }
        }
        highestTouched = max(highest, wordIndex + 2)
        if wordIndex < lowestTouched { lowestTouched = wordIndex }
    }

    /// The sum as `integer · 2^exponent` (integer ≥ 0).
    public mutating func integerAndExponent() -> (integer: BigInt, exponent: Int) {
        foldBins()
        foldBins32()
        guard highestTouched >= lowestTouched else { return (BigInt(), 0) }
        let integer = words.withUnsafeBufferPointer { buffer in
            BigInt(littleEndianWords: UnsafeBufferPointer(rebasing: buffer[lowestTouched...highestTouched]))
        }
        return (integer, ExactSquareSum.lowestExponent + 64 * lowestTouched)
    }

    /// The exact sum as a rational in lowest terms.
    public mutating func value() -> Rational {
        let (integer, exponent) = integerAndExponent()
        return Rational(integer, timesPowerOfTwo: exponent)
    }

    /// `self − other`, exactly, in lowest terms.
    public mutating func difference(minus other: inout ExactSquareSum) -> Rational {
        let (p, pe) = integerAndExponent()
        let (q, qe) = other.integerAndExponent()
        if p.isZero { return Rational(-q, timesPowerOfTwo: qe) }
        if q.isZero { return Rational(p, timesPowerOfTwo: pe) }
        let common = min(pe, qe)
        return Rational(p.shifted(by: pe - common) - q.shifted(by: qe - common), timesPowerOfTwo: common)
    }
}

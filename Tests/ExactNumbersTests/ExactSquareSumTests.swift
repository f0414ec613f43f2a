import Testing
@testable import ExactNumbers
import TestSupport

@Suite struct ExactSquareSumTests {
    /// Reference: the same sum with GMP rationals, one square at a time.
    func rationalSumOfSquares(_ values: [Double]) -> Rational {
        values.reduce(Rational.zero) { $0 + (Rational(exactly: $1) ?? .zero).squared }
    }

    @Test func handCases() {
        var sum = ExactSquareSum()
        sum.addSquares(of: [3, 4])
        var other = ExactSquareSum()
        other.addSquare(of: 5)
        #expect(sum.difference(minus: &other).isZero)       // a = (3, 4), v = 5: c = 0 exactly
        #expect(sum.value() == Rational(25))
        sum.reset()
        #expect(sum.isZero && sum.value().isZero)
        sum.addSquares(of: [0.5, -0.25])
        #expect(sum.value().description == "5/16")
        #expect(!sum.addSquare(of: .nan) && !sum.addSquare(of: .infinity))
    }

    @Test func matchesRationalArithmeticAcrossAllBinades() {
        var generator = TestRandom(3)
        var sum = ExactSquareSum()
        for length in [1, 2, 7, 50, 300] {
            for _ in 0..<40 {
                let values = (0..<length).map { _ in generator.anyFiniteDouble() }
                sum.reset()
                sum.addSquares(of: values)
                #expect(sum.value() == rationalSumOfSquares(values))
            }
        }
    }

    @Test func carriesPropagateAcrossWords() {
        // 2^20 copies of the same square.
        // 2^23 + 5 copies of an all-ones mantissa: fills 128-bit bins past one fold
        // (every 2^22 additions) and forces carries across words.
        var sum = ExactSquareSum()
        let x = 1.0 - 0x1p-53 * 2
        let copies = (1 << 23) + 5
        let values = [Double](repeating: x, count: copies)
        sum.addSquares(of: values)
        let expected = (Rational(exactly: x) ?? .zero).squared * Rational(copies)
        #expect(sum.value() == expected)
        var mixed = ExactSquareSum()
        mixed.addSquares(of: [Double.greatestFiniteMagnitude, 5e-324, Double.greatestFiniteMagnitude, 1])
        #expect(mixed.value() == rationalSumOfSquares([Double.greatestFiniteMagnitude, 5e-324, Double.greatestFiniteMagnitude, 1]))
    }
}

@Suite struct Float32SquareSumTests {
    @Test func matchesRationalArithmeticOnRawFloat32() {
        var generator = TestRandom(29)
        for length in [1, 3, 784, 70_000] {   // 70 000 > 2^16 forces a fold of the 64-bit bins
            var floats: [Float] = []
            while floats.count < length {
                let candidate = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
                if candidate.isFinite { floats.append(candidate) }
            }
            if length == 70_000 { for i in 0..<1000 { floats[i] = Float.greatestFiniteMagnitude } }  // carries
            // One byte of offset: the kernel must not assume alignment.
            var bytes: [UInt8] = [0]
            for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
            var sum = ExactSquareSum()
            let finite = bytes.withUnsafeBytes { sum.addSquares(ofFloat32LittleEndian: UnsafeRawBufferPointer(rebasing: $0[1...])) }
            #expect(finite)
            let expected = floats.reduce(Rational.zero) { $0 + (Rational(exactly: $1) ?? .zero).squared }
            #expect(sum.value() == expected, "length \(length)")
        }
        var sum = ExactSquareSum()
        let special: [Float] = [Float.leastNonzeroMagnitude, -0.0, 1, .nan]
        let finite = special.map(\.bitPattern.littleEndian).withUnsafeBytes { sum.addSquares(ofFloat32LittleEndian: $0) }
        #expect(!finite)
        #expect(sum.value() == Rational(1) + Rational(1).timesPowerOfTwo(-298))
        sum.reset()
        #expect(sum.isZero)
    }
}

@Suite struct FilteredSignTests {
    func naiveSign(_ a: [Double], _ v: [Double]) -> Int {
        var s = 0.0
        for x in a { s += x * x }
        var t = 0.0
        for y in v { t += y * y }
        let d = s - t
        return d > 0 ? 1 : (d < 0 ? -1 : 0)
    }

    func exactSign(_ a: [Double], _ v: [Double]) -> Int {
        let p = a.reduce(Rational.zero) { $0 + (Rational(exactly: $1) ?? .zero).squared }
        let q = v.reduce(Rational.zero) { $0 + (Rational(exactly: $1) ?? .zero).squared }
        return (p - q).signum
    }

    /// Cases where naive binary64 evaluation gets the sign wrong; relutopo must not.
    @Test(arguments: [
        ([1.0, 0x1p-30], [1.0], 1),                    // cancellation: 1 + 2^-60 rounds to 1
        ([1.0], [1.0, 0x1p-30], -1),
        ([1e200, 1e200], [1.5e200], -1),               // squares overflow: inf − inf = NaN
        ([1.7e308], [1e308], 1),                       // inf − inf
        ([0x1p-540], [0x1p-541], 1),                   // squares underflow to 0
        ([5e-324], [], 1),                             // smallest subnormal
        ([0x1p-600, 0x1p-600], [0x1p-600 * 1.4142135623730951], -1),
        ([3.0, 4.0], [5.0], 0),                        // exact zero
        ([1.0, 0x1p-27, 0x1p-27], [1.0], 1),         // 1 + 2^-54 + 2^-54 rounds to 1 twice
    ] as [([Double], [Double], Int)])
    func decidesCasesNaiveBinary64GetsWrong(a: [Double], v: [Double], expected: Int) {
        #expect(exactSign(a, v) == expected)  // the expected values are hand-derived; confirm with GMP
        #expect(SquaredNormDifference.sign(a, minus: v)?.sign == expected)
    }

    @Test func naiveGetsTheSignWrongInTheOverflowAndCancellationCases() {
        #expect(naiveSign([1.0, 0x1p-30], [1.0]) != 1)
        #expect(naiveSign([0x1p-540], [0x1p-541]) != 1)
    }

    @Test func filterNeverContradictsExactArithmetic() {
        var generator = TestRandom(5)
        var decidedByFilter = 0, total = 0
        for trial in 0..<20000 {
            let m = 1 + Int(generator.next() % 40), e = 1 + Int(generator.next() % 3)
            var a = (0..<m).map { _ in Double(Int64(bitPattern: generator.next()) >> 11) * 0x1p-52 }
            var v = (0..<e).map { _ in Double(Int64(bitPattern: generator.next()) >> 11) * 0x1p-52 }
            if trial % 3 == 0 {
                // Near-cancellation: make ‖v‖ ≈ ‖a‖ to the last bits.
                let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
                v = [norm] + v.dropFirst().map { $0 * 0x1p-40 }
                if trial % 2 == 0 { v[0] = v[0].nextUp }
            }
            if trial % 7 == 0 { a = a.map { $0 * 0x1p-530 }; v = v.map { $0 * 0x1p-530 } }   // underflow range
            if trial % 11 == 0 { a = a.map { $0 * 0x1p+520 }; v = v.map { $0 * 0x1p+520 } }  // overflow range
            let expected = exactSign(a, v)
            let filtered = a.withUnsafeBufferPointer { pa in v.withUnsafeBufferPointer { pv in
                SquaredNormDifference.filteredSign(pa, minus: pv) } }
            if let filtered {
                #expect(filtered == expected, "filter wrong on a = \(a), v = \(v)")
                decidedByFilter += 1
            }
            #expect(SquaredNormDifference.sign(a, minus: v)?.sign == expected)
            total += 1
        }
        // The filter must do its job: nearly all generic cases are decided in binary64.
        #expect(decidedByFilter > total / 2)
    }

    @Test func sumsOverAThousandInputs() {
        var generator = TestRandom(17)
        for _ in 0..<50 {
            let a = (0..<1000).map { _ in Double(Int64(bitPattern: generator.next()) >> 11) * 0x1p-55 }
            let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for v in [norm.nextDown, norm, norm.nextUp] {
                #expect(SquaredNormDifference.sign(a, minus: [v])?.sign == exactSign(a, [v]))
            }
        }
    }

    @Test func overflowAndUnderflowGoToTheExactPath() {
        #expect(SquaredNormDifference.sign([1e200, 1e200], minus: [1.5e200])?.decidedBy == .exact)
        #expect(SquaredNormDifference.sign([0x1p-540], minus: [0x1p-541])?.decidedBy == .exact)
        #expect(SquaredNormDifference.sign([2.0], minus: [1.0])?.decidedBy == .filter)
        #expect(SquaredNormDifference.sign([.nan], minus: [1.0]) == nil)
        #expect(SquaredNormDifference.sign([1.0], minus: [.infinity]) == nil)
    }
}

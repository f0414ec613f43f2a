import Testing
@testable import ExactNumbers
import TestSupport

@Suite struct RationalTests {
    @Test(arguments: [
        ("-1.25e-3", "-1/800"), ("0.1", "1/10"), (".5", "1/2"), ("7.", "7"), ("3E+2", "300"),
        ("-0", "0"), ("6/4", "3/2"), ("-7/16", "-7/16"), ("+14/-0", ""), ("1e-3", "1/1000"),
        ("0012.500", "25/2"), ("-10/5", "-2"), ("2.5e0", "5/2"),
    ])
    func parsesExactDecimalsAndFractions(text: String, expected: String) {
        if expected.isEmpty {
            #expect(throws: NumberSyntaxError.self) { try Rational(parsing: text) }
        } else {
            #expect((try? Rational(parsing: text))?.description == expected)
        }
    }

    @Test func rejectsMalformedNumbers() {
        for bad in ["", "abc", "1e", "1e+", "nan", "inf", "-inf", " 1", "1 ", "1/", "/2", "1/-2", "1.2.3", "0x1p3", "1e5.5", "--1", "e5", "."] {
            #expect(throws: NumberSyntaxError.self, "accepted \"\(bad)\"") { try Rational(parsing: bad) }
        }
        #expect(throws: NumberSyntaxError.zeroDenominator("1/0")) { try Rational(parsing: "1/0") }
        #expect(throws: NumberSyntaxError.exponentOutOfRange("1e100001")) { try Rational(parsing: "1e100001") }
        let tiny = try? Rational(parsing: "1e-400")
        #expect(tiny?.denominator == BigInt.power(BigInt(10), 400))
    }

    @Test func exactBinaryConversions() {
        // Expected values from Python: fractions.Fraction(float(numpy.float16(0.1))) etc.
        #expect(Rational(exactly: 0.1)?.description == "3602879701896397/36028797018963968")
        #expect(Rational(exactly: Float(0.1))?.description == "13421773/134217728")
        #expect(Rational(exactly: Float16(0.1))?.description == "819/8192")
        #expect(Rational(exactly: 5e-324) == Rational(1).timesPowerOfTwo(-1074))
        #expect(Rational(exactly: Double.nan) == nil && Rational(exactly: -Double.infinity) == nil)
        #expect(Rational(exactly: -0.0)?.isZero == true)
    }

    @Test func arithmeticIdentities() throws {
        let a = try Rational(parsing: "-7/16"), b = try Rational(parsing: "5/6")
        #expect((a + b).description == "19/48")
        #expect((a - b).description == "-61/48")
        #expect((a * b).description == "-35/96")
        #expect((a / b).description == "-21/40")
        #expect(a.divided(by: .zero) == nil)
        let sevenSixteenths = try Rational(parsing: "7/16")
        #expect(a < b && -b < a && a.magnitude == sevenSixteenths)
        var c = a
        c += b
        #expect(c == a + b && a.description == "-7/16")
        #expect(Rational(3).timesPowerOfTwo(-4).description == "3/16")
        #expect(Rational(BigInt(12), timesPowerOfTwo: -3).description == "3/2")
        let same = try Rational(parsing: "-14/32")
        #expect(Set([a, same, b]).count == 2)
    }

    @Test func nearestDoubleRoundTripsEveryFiniteDouble() {
        var generator = TestRandom(7)
        for _ in 0..<20000 {
            let x = generator.anyFiniteDouble()
            #expect(Rational(exactly: x)?.doubleValue == x, "\(x)")
        }
        for x in [5e-324, -5e-324, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, 1.0, -0.75] {
            #expect(Rational(exactly: x)?.doubleValue == x)
        }
    }

    @Test func nearestDoubleOfQuotientsMatchesIEEEDivision() {
        // IEEE 754 division of exactly representable integers is correctly rounded: an independent oracle.
        var generator = TestRandom(11)
        for _ in 0..<20000 {
            let p = Int(truncatingIfNeeded: generator.next() >> 12) - (1 << 51)
            let q = Int(truncatingIfNeeded: generator.next() >> 12) | 1
            let r = Rational(numerator: BigInt(p), denominator: BigInt(q))
            #expect(r?.doubleValue == Double(p) / Double(q), "\(p)/\(q)")
        }
    }

    @Test func nearestDoubleRoundsTiesToEven() {
        var generator = TestRandom(13)
        for _ in 0..<5000 {
            let x = abs(generator.anyFiniteDouble())
            guard x < Double.greatestFiniteMagnitude, let lo = Rational(exactly: x), let hi = Rational(exactly: x.nextUp) else { continue }
            let mid = (lo + hi) / Rational(2)
            let evenIsLow = x.significandBitPattern & 1 == 0
            #expect(mid.doubleValue == (evenIsLow ? x : x.nextUp), "tie between \(x) and \(x.nextUp)")
            let quarter = (hi - lo) / Rational(4)
            #expect((mid - quarter).doubleValue == x)
            #expect((mid + quarter).doubleValue == x.nextUp)
            #expect((-(mid + quarter)).doubleValue == -x.nextUp)
        }
    }

    @Test func nearestDoubleAtTheEdges() {
        let one = Rational(1)
        #expect(one.timesPowerOfTwo(1024).doubleValue == .infinity)
        #expect((-one.timesPowerOfTwo(1100)).doubleValue == -.infinity)
        // Halfway between the largest double and 2^1024 rounds to even, i.e. overflows.
        let top = Rational(exactly: Double.greatestFiniteMagnitude) ?? one
        #expect((top + one.timesPowerOfTwo(970)).doubleValue == .infinity)
        #expect((top + one.timesPowerOfTwo(969)).doubleValue == .greatestFiniteMagnitude)
        // 2^-1075 is the tie between 0 and the smallest subnormal: ties to even gives 0.
        #expect(one.timesPowerOfTwo(-1075).doubleValue == 0)
        #expect((one.timesPowerOfTwo(-1075) + one.timesPowerOfTwo(-1200)).doubleValue == 5e-324)
        #expect(Rational(3).timesPowerOfTwo(-1076).doubleValue == 5e-324)
        #expect(one.timesPowerOfTwo(-2000).doubleValue == 0)
        #expect(Rational(exactly: 0.1).map { ($0 / Rational(3)).doubleValue } == 0.1 / 3)
    }

    @Test func dyadicFastPathAgreesWithLongDivision() {
        var generator = TestRandom(23)
        for _ in 0..<20000 {
            let words = 1 + Int(generator.next() % 4)
            var numerator = BigInt()
            for _ in 0..<words { numerator = numerator.shifted(by: 64) + BigInt(generator.next() >> 1) }
            numerator = numerator.shifted(by: -Int(generator.next() % 64))
            if generator.next() & 1 == 0 { numerator = -numerator }
            let value = Rational(numerator, timesPowerOfTwo: Int(generator.next() % 2400) - 1200)
            #expect(value.doubleValue == value.generalDoubleValue, "\(value)")
        }
        // Hand-derived ties above 64 bits: 2^100 + 2^47 is half an ulp above 2^100 (ties to even: down);
        // one more unit makes the sticky bit decide (up).
        let half = Rational(BigInt.powerOfTwo(100) + BigInt.powerOfTwo(47))
        #expect(half.doubleValue == 0x1p100)
        #expect((half + Rational(1)).doubleValue == 0x1p100.nextUp)
        let odd = Rational(BigInt.powerOfTwo(100) + BigInt.powerOfTwo(48) + BigInt.powerOfTwo(47))
        #expect(odd.doubleValue == 0x1p100.nextUp.nextUp)   // tie from an odd significand rounds up
    }
}

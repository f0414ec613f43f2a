import Testing
@testable import ExactNumbers
import TestSupport

@Suite struct BigIntTests {
    /// Greatest common divisor (non-negative) by Euclid's algorithm on
    /// `quotientAndRemainder` (the library has no gcd: nothing else needs one).
    static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
        var (x, y) = (a.magnitude, b.magnitude)
        while !y.isZero { (x, y) = (y, x.quotientAndRemainder(dividingBy: y).remainder) }
        return x
    }

    @Test func arithmeticAgreesWithIntOnRandomValues() {
        var generator = TestRandom(1)
        for _ in 0..<2000 {
            let a = Int(truncatingIfNeeded: generator.next()) >> 34
            let b = Int(truncatingIfNeeded: generator.next()) >> 34
            #expect(BigInt(a) + BigInt(b) == BigInt(a + b))
            #expect(BigInt(a) - BigInt(b) == BigInt(a - b))
            #expect(BigInt(a) * BigInt(b) == BigInt(a * b))
            #expect((BigInt(a) < BigInt(b)) == (a < b))
            #expect(BigInt(a).signum == a.signum())
            #expect(BigInt(a).description == String(a))
            if b != 0 {
                let (q, r) = BigInt(a).quotientAndRemainder(dividingBy: BigInt(b))
                #expect(q == BigInt(a / b) && r == BigInt(a % b))
            }
        }
    }

    @Test func powersOfTwoAndKnownValues() {
        #expect(BigInt.powerOfTwo(100).description == "1267650600228229401496703205376")
        let big = BigInt.powerOfTwo(2000).description
        #expect(big.count == 603 && big.hasPrefix("114813069527425452423283320117"))
        #expect(BigInt.binomial(50, 25) == BigInt(126410606437752))
        #expect(BigInt.power(BigInt(-3), 5) == BigInt(-243))
        #expect(Self.gcd(BigInt(84), BigInt(-36)) == BigInt(12))
        #expect(BigInt.powerOfTwo(130).bitWidth == 131)
        #expect(BigInt(96).trailingZeroBitCount == 5)
        #expect(BigInt(-5).shifted(by: 3) == BigInt(-40))
        #expect(BigInt(-41).shifted(by: -3) == BigInt(-5))  // truncation toward zero
        #expect(BigInt.powerOfTwo(64).intValue == nil && BigInt(-7).intValue == -7)
    }

    @Test func parsingIsStrict() {
        #expect(BigInt(decimal: "-000123") == BigInt(-123))
        #expect(BigInt(decimal: "+7") == BigInt(7))
        for bad in ["", "+", "-", "1 2", " 12", "12 ", "0x10", "1e3", "--1", "1.0"] {
            #expect(BigInt(decimal: bad) == nil, "accepted \(bad)")
        }
    }

    @Test func copyOnWriteKeepsValuesIndependent() {
        let a = BigInt.powerOfTwo(200)
        var b = a
        b += BigInt(1)
        #expect(a == BigInt.powerOfTwo(200))
        #expect(b - a == BigInt(1))
        var c = b
        c *= BigInt(2)
        #expect(b - a == BigInt(1) && c == b + b)
    }

    @Test func hashingFollowsEquality() {
        let a = BigInt.powerOfTwo(300) - BigInt(5)
        let b = BigInt(decimal: a.description) ?? BigInt()
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(Set([a, b, -a]).count == 2)
    }

    @Test func importsLittleEndianWords() {
        let words: [UInt64] = [0xFFFF_FFFF_FFFF_FFFF, 1]
        let value = words.withUnsafeBufferPointer { BigInt(littleEndianWords: $0) }
        #expect(value == BigInt.powerOfTwo(65) - BigInt(1))
    }
}

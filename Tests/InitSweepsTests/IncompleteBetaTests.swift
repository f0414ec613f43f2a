import ExactNumbers
import Foundation
import Testing
@testable import InitSweeps
import TestSupport

@Suite struct IncompleteBetaTests {
    /// 436 values of I_x(m/2, e/2) from mpmath at 50 digits
    /// (Tests/Fixtures/probabilities/make_reference_tables.py), m up to 2000,
    /// e up to 10, x from 1e-3 to 0.999 and the Kaiming/Xavier x of d ≤ 784, l ≤ 4096.
    @Test func matchesMpmathTo1e12Relative() throws {
        let rows = Fixtures.lines("probabilities/incomplete_beta.csv").dropFirst()
        #expect(rows.count == 436)
        var worst = 0.0
        for row in rows {
            let fields = row.split(separator: ",").map(String.init)
            let m = try #require(Int(fields[0])), e = try #require(Int(fields[1]))
            let numerator = try #require(Int(fields[2])), denominator = try #require(Int(fields[3]))
            let reference = try #require(Double(fields[4]))
            let x = (Rational(numerator) / Rational(denominator)).doubleValue
            let y = (Rational(denominator - numerator) / Rational(denominator)).doubleValue
            let value = IncompleteBeta.regularized(a: Double(m) / 2, b: Double(e) / 2, x: x, complement: y)
            if reference < 1e-290 {
                #expect(value < 1e-280, "\(row): \(value)")
                continue
            }
            let error = Swift.abs(value - reference) / reference
            worst = Swift.max(worst, error)
            #expect(error <= 1e-12, "\(row): \(value)")
        }
        #expect(worst > 0)  // the comparison really ran on values, not on a parse failure
        print("IncompleteBeta: largest relative error against mpmath over \(rows.count) values: \(worst)")
    }

    @Test func halfIntegerIdentities() {
        // I_x(1/2, 1/2) = (2/π) arcsin √x; I_x(1, 1/2) = 1 − √(1−x); I_x(a, 1) = x^a.
        for x in stride(from: 0.01, to: 1, by: 0.07) {
            let y = 1 - x
            #expect(Swift.abs(IncompleteBeta.regularized(a: 0.5, b: 0.5, x: x, complement: y) - 2 / Double.pi * asin(x.squareRoot())) < 1e-14)
            #expect(Swift.abs(IncompleteBeta.regularized(a: 1, b: 0.5, x: x, complement: y) - (1 - y.squareRoot())) < 1e-14)
            #expect(Swift.abs(IncompleteBeta.regularized(a: 3.5, b: 1, x: x, complement: y) / pow(x, 3.5) - 1) < 1e-13)
        }
    }

    @Test func logGammaDifferenceMatchesLgamma() {
        for a in [0.5, 1, 3.5, 9.5, 10, 50.5, 392.5, 2000] {
            for b in [0.5, 1, 1.5, 5] {
                let direct = lgamma(a) - lgamma(a + b)
                #expect(Swift.abs(IncompleteBeta.logGammaDifference(a, b) - direct) < 1e-12 * Swift.max(1, Swift.abs(lgamma(a))))
            }
        }
    }
}

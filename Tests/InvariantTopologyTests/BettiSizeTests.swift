import ExactNumbers
import Foundation
import Testing
@testable import InvariantTopology

/// Bounds on the expanded Betti numbers from the factors alone (SPEC §4.2).
@Suite struct BettiSizeTests {
    static let onePlusT = PoincarePolynomial([(0, BigInt(1)), (1, BigInt(1))])

    /// `(1 + t)^50000`: 50 001 terms up to degree 50 000, β₀ = β_top = 1, too large by default.
    @Test func widePowerIsBoundedWithoutExpanding() {
        let size = BettiSize([(Self.onePlusT, 50_000)])
        #expect(size.terms == 50_001)
        #expect(size.topDegree == 50_000)
        #expect(size.lowest == BigInt(1) && size.highest == BigInt(1))
        #expect(abs(size.digits - 50_001 * (50_000 * log10(2.0) + 1)) < 1)
        #expect(!size.fitsDefault)
    }

    /// `2³·(1 + t²)² = 8 + 16t² + 8t⁴`: the bounds hold, and here they are exact for the terms.
    @Test func boundsHoldForASmallProduct() {
        let square = PoincarePolynomial([(0, BigInt(1)), (2, BigInt(1))])
        let factors: [(factor: PoincarePolynomial, multiplicity: Int)] = [(.constant(BigInt(2)), 3), (square, 2)]
        let size = BettiSize(factors)
        let expanded = factors.reduce(PoincarePolynomial.one) { $0 * $1.factor.power($1.multiplicity) }
        #expect(size.terms == Double(expanded.terms.count))
        #expect(size.topDegree == expanded.degree)
        #expect(size.lowest == BigInt(8) && size.highest == BigInt(8))
        let digits = expanded.terms.reduce(0) { $0 + $1.coefficient.description.count }
        #expect(size.digits >= Double(digits))
        #expect(size.fitsDefault)
    }
}

import Testing
import ExactNumbers
import ReluNetwork
@testable import InvariantTopology

/// The chunked, multi-core paths of the Betti expansion (binomial powers of
/// degree ≥ 512, scaling and decimal text of ≥ 256 terms) against values
/// computed one at a time from their closed forms.
@Suite struct ParallelExpansionTests {
    @Test func chunkedRangesCoverEveryItemOnceInOrder() {
        for (count, chunks) in [(0, 4), (1, 8), (7, 3), (1000, 16), (5, 5), (3, 10)] {
            let split = ChunkedRange(count: count, chunks: chunks)
            let ranges = split.map { $0 }
            #expect(Array(ranges.joined()) == Array(0..<count), "count \(count), chunks \(chunks)")
            #expect(ranges.allSatisfy { !$0.isEmpty } || count == 0)
            // Results come back in chunk order, whatever finishes first.
            #expect(split.map { $0.lowerBound } == ranges.map(\.lowerBound))
        }
    }

    @Test func unitBinomialPowerIsPascalsRow() {
        let n = 600   // ≥ 512: the chunked path
        let power = PoincarePolynomial([(0, BigInt(1)), (3, BigInt(1))]).power(n)
        #expect(power.terms.count == n + 1)
        for (j, term) in power.terms.enumerated() {
            #expect(term.degree == 3 * j)
            #expect(term.coefficient == BigInt.binomial(n, j))
        }
    }

    @Test func generalBinomialPowerMatchesClosedForm() {
        let n = 520
        let power = PoincarePolynomial([(0, BigInt(2)), (5, BigInt(3))]).power(n)
        for j in [0, 1, 129, 130, 260, 519, 520] {
            #expect(power.coefficient(ofDegree: 5 * j) == BigInt.binomial(n, j) * BigInt.power(BigInt(2), n - j) * BigInt.power(BigInt(3), j))
        }
    }

    @Test func scaledAndDecimalTermsMatchOneAtATime() {
        let n = 700
        let factor = BigInt.powerOfTwo(1343)
        let scaled = PoincarePolynomial([(0, BigInt(1)), (783, BigInt(1))]).power(n).scaled(by: factor)
        let texts = scaled.decimalTerms
        #expect(texts.count == n + 1)
        for j in [0, 1, 350, 699, 700] {
            #expect(texts[j].degree == 783 * j)
            #expect(texts[j].text == (BigInt.binomial(n, j) * factor).description)
        }
        // Negative coefficients keep their sign in text.
        let negative = PoincarePolynomial([(0, BigInt(-1)), (1, BigInt(1))]).power(300)
        #expect(negative.decimalTerms[1].text == "-300")
    }
}

import ExactNumbers
import Testing
@testable import ProofChecks

@Suite struct LieAlgebraTests {
    @Test func primeFieldArithmetic() {
        let p = PrimeField.p
        #expect(PrimeField.multiply(p - 1, p - 1) == 1)
        #expect(PrimeField.multiply(1 << 40, 1 << 40) == (1 << 19))  // 2⁸⁰ = 2⁶¹·2¹⁹ ≡ 2¹⁹
        for a: UInt64 in [2, 3, 12345, p - 2] { #expect(PrimeField.multiply(a, PrimeField.inverse(a)) == 1) }
        #expect(PrimeField.element(Rational(numerator: BigInt(-3), denominator: BigInt(4)) ?? .zero) == PrimeField.multiply(PrimeField.negate(3), PrimeField.inverse(4)))
        #expect(PrimeField.element(-1) == p - 1)
    }

    /// All data, all losses: exactly l laws for every (d, l, e) (SPEC §11.2); the
    /// algebra is l copies of so(m, e), of dimension (m+e)(m+e−1)/2, and the trace
    /// has dimension m + e − 1 per neuron. Certified: the l invariants c_k verify exactly.
    @Test(arguments: [(1, 1, 1), (2, 1, 1), (1, 2, 1), (3, 2, 1), (2, 3, 2), (4, 3, 3), (1, 4, 2), (5, 5, 1), (6, 6, 1), (3, 2, 4)])
    func allDataFamilyHasExactlyLLaws(_ shape: (Int, Int, Int)) throws {
        let (d, l, e) = shape
        for bias in [false, true] {
            let report = try ConservationLawCount.allData(inputs: d, hidden: l, outputs: e, hiddenBias: bias, seed: 7)
            let n = d + (bias ? 1 : 0) + e
            #expect(report.conservationLaws == l, "\(shape) bias \(bias)")
            #expect(report.certified)
            #expect(report.lieAlgebraDimension == l * n * (n - 1) / 2)
            #expect(report.traceDimension == l * (n - 1))
            #expect(report.dimension == l * n)
        }
    }

    /// The block argument changes nothing: closing the whole algebra at once gives the same numbers.
    @Test(arguments: [(2, 3, 1), (3, 2, 2), (1, 4, 1), (4, 4, 1)])
    func blockStructureIsSound(_ shape: (Int, Int, Int)) throws {
        let (d, l, e) = shape
        let blocks = try ConservationLawCount.allData(inputs: d, hidden: l, outputs: e, hiddenBias: true, seed: 3)
        let whole = try ConservationLawCount.allData(inputs: d, hidden: l, outputs: e, hiddenBias: true, seed: 3, exploitBlocks: false)
        #expect(whole.lieAlgebraDimension == blocks.lieAlgebraDimension)
        #expect(whole.traceDimension == blocks.traceDimension)
        #expect(whole.conservationLaws == blocks.conservationLaws && whole.certified)
    }

    /// Ranks of small known matrices (one row the sum of two others).
    @Test func echelonRanksAreExactOnKnownMatrices() {
        var basis = EchelonBasis(length: 3)
        let inserted = [[1, 2, 3], [2, 4, 7], [3, 6, 10], [0, 1, 0]].map { basis.insert($0) }
        #expect(inserted == [true, true, false, true])   // the third row is the sum of the first two
        #expect(basis.rank == 3)
    }

    /// Shapes whose dense closure would not fit are refused up front, not attempted.
    @Test func oversizedClosuresAreRefused() {
        #expect(ConservationLawCount.closureBytes(blocks: 1, size: 51) == 1275 * 2601 * 16)
        #expect(throws: LieComputationError.self) {
            _ = try ConservationLawCount.allData(inputs: 200, hidden: 3, outputs: 1, hiddenBias: false, seed: 1)
        }
        #expect(throws: LieComputationError.self) {
            _ = try ConservationLawCount.allData(inputs: 20, hidden: 60, outputs: 1, hiddenBias: false, seed: 1, exploitBlocks: false)
        }
        #expect(ConservationLawCount.closureBytes(blocks: Int.max / 2, size: 1000) == .max)
    }
}

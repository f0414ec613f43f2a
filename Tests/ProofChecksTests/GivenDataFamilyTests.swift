import ExactNumbers
import TestSupport
import Testing
@testable import ProofChecks

@Suite struct GivenDataFamilyTests {
    static func rational(_ p: Int, _ q: Int = 1) -> Rational { Rational(numerator: BigInt(p), denominator: BigInt(q)) ?? .zero }

    /// Positive data and positive input weights: every neuron active on every point,
    /// the network is linear there, and the count is the linear-network one,
    /// l(l+1)/2 − r(r+1)/2 with r = max(0, l − m − e) (SPEC §11.2).
    @Test(arguments: [(2, 2, 1), (3, 2, 1), (2, 4, 1), (1, 3, 1), (2, 3, 2), (3, 6, 1)])
    func allActiveRegionGivesTheLinearCount(_ shape: (Int, Int, Int)) throws {
        let (d, l, e) = shape
        var random = TestRandom(5)
        func positive() -> Rational { Self.rational(1 + Int(random.next() % 9), 1 + Int(random.next() % 4)) }
        func any() -> Rational { Self.rational(Int(random.next() % 19) - 9, 1 + Int(random.next() % 4)) }
        let inputs = (0..<(3 * d + 2)).map { _ in (0..<d).map { _ in positive() } }
        let problem = LieProblem(inputs: inputs, inputSides: (0..<l).map { _ in (0..<d).map { _ in positive() } },
                                 outputSides: (0..<l).map { _ in (0..<e).map { _ in any() } }, hiddenBias: false)
        let report = try ConservationLawCount.givenData(problem)
        let r = max(0, l - d - e)
        #expect(report.activationClasses == 1)
        #expect(report.conservationLaws == l * (l + 1) / 2 - r * (r + 1) / 2, "\(shape): \(report.conservationLaws)")
        #expect(report.certified, "\(shape): verified \(report.verifiedLaws) of \(report.conservationLaws)")
    }

    /// A dead neuron (inactive on every point) keeps all m + e of its coordinates.
    @Test func deadNeuronsAddMPlusELaws() throws {
        let d = 2, e = 1
        let inputs = [[1, 2], [3, 1], [2, 2], [1, 5]].map { $0.map { Self.rational($0) } }
        let live = [[1, 1], [2, 1]].map { $0.map { Self.rational($0) } }
        let dead = [[-1, -2]].map { $0.map { Self.rational($0) } }
        let outputs = [[3], [-2], [5]].map { $0.map { Self.rational($0) } }
        let withDead = try ConservationLawCount.givenData(LieProblem(inputs: inputs, inputSides: live + dead, outputSides: outputs, hiddenBias: false))
        let alive = try ConservationLawCount.givenData(LieProblem(inputs: inputs, inputSides: live, outputSides: Array(outputs.prefix(2)), hiddenBias: false))
        #expect(withDead.deadNeurons == 1)
        #expect(withDead.conservationLaws == alive.conservationLaws + d + e)
        #expect(withDead.certified && alive.certified)
    }

    /// Rich data (many points, random weights, both signs): every neuron has its own
    /// activation pattern and the count is l — the all-data answer.
    @Test(arguments: [(3, 3, 1), (4, 5, 1), (3, 4, 2)])
    func richDataGivesL(_ shape: (Int, Int, Int)) throws {
        let (d, l, e) = shape
        var random = TestRandom(11)
        func any() -> Rational { Self.rational(Int(random.next() % 201) - 100, 1 + Int(random.next() % 7)) }
        let problem = LieProblem(inputs: (0..<60).map { _ in (0..<d).map { _ in any() } },
                                 inputSides: (0..<l).map { _ in (0..<(d + 1)).map { _ in any() } },
                                 outputSides: (0..<l).map { _ in (0..<e).map { _ in any() } }, hiddenBias: true)
        let report = try ConservationLawCount.givenData(problem)
        #expect(report.conservationLaws == l, "\(shape)")
        #expect(report.certified)
    }
}

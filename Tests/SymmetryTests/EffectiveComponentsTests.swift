import Testing
import ExactNumbers
import InvariantTopology
import ModelIO
@testable import Symmetry

@Suite struct EffectiveComponentsTests {
    static func signVectors(_ l: Int) -> [[Int]] {
        l == 0 ? [[]] : signVectors(l - 1).flatMap { prefix in [-1, 0, 1].map { prefix + [$0] } }
    }

    /// Every case with l ≤ 4, m, e ∈ {1, 2}, c_k ∈ {−1, 0, 1}, both readings:
    /// the closed forms agree with brute force over sign states and permutations.
    @Test(arguments: [(1, 1), (1, 2), (2, 1), (2, 2)])
    func closedFormsAgreeWithBruteForce(m: Int, e: Int) {
        for l in 1...4 {
            for signs in Self.signVectors(l) {
                for reading in Reading.allCases {
                    let brute = BruteForceEffectiveComponents.count(m: m, e: e, signs: signs, reading: reading)
                    let closed = EffectiveComponents.count(
                        m: m, e: e, positive: signs.filter { $0 > 0 }.count, negative: signs.filter { $0 < 0 }.count,
                        zero: signs.filter { $0 == 0 }.count, reading: reading)
                    #expect(closed.value == BigInt(brute), "m \(m) e \(e) c \(signs) \(reading): closed \(closed.value), brute \(brute)")
                }
            }
        }
    }

    /// SPEC §5.4's example and rules, derived by hand.
    @Test func paperRules() {
        // l = 2, both pathological, e = 1, m ≥ 2: 4 components, 3 effective.
        #expect(BruteForceEffectiveComponents.count(m: 2, e: 1, signs: [-1, -1], reading: .topological) == 3)
        #expect(EffectiveComponents.count(m: 2, e: 1, positive: 0, negative: 2, zero: 0, reading: .topological).value == BigInt(3))
        // u ≥ 1 free neuron: one class.
        #expect(EffectiveComponents.count(m: 785, e: 1, positive: 1, negative: 4000, zero: 0, reading: .dynamical).value == BigInt(1))
        // u = 0: l + 1.
        #expect(EffectiveComponents.count(m: 785, e: 1, positive: 0, negative: 4096, zero: 0, reading: .topological).value == BigInt(4097))
    }

    @Test func bruteForceSeesTheSwap() {
        // Swapping the two neurons maps (+, −) to (−, +): with l = 2 pathological
        // neurons the classes are {++}, {+−, −+}, {−−}; a third neuron that is
        // also pathological makes l + 1 = 4 classes.
        #expect(BruteForceEffectiveComponents.count(m: 2, e: 1, signs: [-1, -1, -1], reading: .dynamical) == 4)
        #expect(BruteForceEffectiveComponents.allPermutations(3).count == 6)
    }
}

@Suite struct EffectiveComponentsOfModels {
    @Test func modelsThroughTopology() throws {
        // The paper's example: 3; a model with a free neuron: 1; m = 1 all c > 0: l + 1.
        let paper = try NetworkTopology(model: ModelJSONReader.parse(Array(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]]}"#.utf8), file: "m.json"))
        #expect(EffectiveComponents.count(paper, .topological).value == BigInt(3))
        let free = try NetworkTopology(model: ModelJSONReader.parse(Array(#"{"W1": [[1, 0], [0, 1], [3, 3]], "W2": [[2, -2, 3]]}"#.utf8), file: "m.json"))
        #expect(EffectiveComponents.count(free, .dynamical).value == BigInt(1))
        let inputs = try NetworkTopology(model: ModelJSONReader.parse(Array(#"{"W1": [[2], [-3], [0.5]], "W2": [[1, 1, 0.1]]}"#.utf8), file: "m.json"))
        #expect(EffectiveComponents.count(inputs, .topological).value == BigInt(4))   // m = 1, e = 1, every c > 0: p + 1
    }
}

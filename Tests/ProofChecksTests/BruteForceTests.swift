import Testing
@testable import ProofChecks
import ExactNumbers
import InvariantTopology

@Suite struct BruteForceTests {
    @Test func spheresAndProductsHaveTheirHomology() {
        #expect(SimplicialComplex.sphere(0).bettiNumbers == [2])
        #expect(SimplicialComplex.sphere(1).bettiNumbers == [1, 1])
        #expect(SimplicialComplex.sphere(2).bettiNumbers == [1, 0, 1])
        // Torus from the staircase triangulation of S¹ × S¹: 9 vertices, 27 edges, 18 triangles.
        let torus = SimplicialComplex.sphere(1).product(.sphere(1))
        #expect(torus.simplices.map(\.count) == [9, 27, 18])
        #expect(torus.bettiNumbers == [1, 2, 1])
        #expect(SimplicialComplex.sphere(2).product(.sphere(1)).bettiNumbers == [1, 1, 1, 1])
        #expect(SimplicialComplex.sphere(0).product(.sphere(1)).disjointUnion(.point).bettiNumbers == [3, 2])
    }

    @Test func triangulatedBettiNumbersMatchTheClosedForms() {
        let result = BruteForceChecks.bettiNumbers()
        #expect(result.mismatches.isEmpty, "\(result.mismatches)")
        #expect(result.cases >= 60, "only \(result.cases) cases")
    }

    @Test func effectiveComponentsMatchBruteForce() {
        let result = BruteForceChecks.effectiveComponents(maxNeurons: 3)
        #expect(result.mismatches.isEmpty)
        #expect(result.cases == 4 * 2 * (3 + 9 + 27))
    }

    /// SPEC §13.3–§13.4 two ways: cut certificates and exact LP points agree on
    /// every coordinate of 600 random tiny pieces (apex choices included).
    @Test func deepPiecesAgreeWithTheExactLP() {
        let locks = BruteForceChecks.deepLocks(cases: 200)
        #expect(locks.mismatches.isEmpty && locks.cases == 200)
        let pieces = BruteForceChecks.deepPieces(cases: 600)
        #expect(pieces.mismatches.isEmpty, "\(pieces.mismatches.prefix(3).map(\.what))")
        #expect(pieces.cases == 600)
    }

    /// The chain 1 → 1 → 1 → 1 with c = (0, 0): on P every coordinate can be 0
    /// (s = 0 is a point); kept off the apex, none can (s_1 = s_2 = s_3 = t > 0).
    @Test func pieceWitnessesOnTheZeroChain() {
        let c = [[Rational(0)], [Rational(0)]]
        let none = [false, false, false, false]
        let closed = PiecePolytope(widths: [1, 1, 1, 1], bias: none, invariants: c, apex: [], strict: [])
        #expect(closed.coordinates.count == 3)
        #expect(closed.coordinates.allSatisfy { closed.witness(zeroAt: $0) != nil })
        let open = PiecePolytope(widths: [1, 1, 1, 1], bias: none, invariants: c, apex: [],
                                 strict: [.init(layer: 1, index: 0), .init(layer: 2, index: 0)])
        #expect(open.witness(zeroAt: nil) != nil)
        #expect(open.coordinates.allSatisfy { open.witness(zeroAt: $0) == nil })
    }
}

import Testing
@testable import ProofChecks

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
}

import Testing
@testable import ExactNumbers

/// The exact simplex on LPs solved by hand, degenerate and redundant rows
/// included.
@Suite struct ExactSimplexTests {
    func q(_ p: Int, _ r: Int = 1) -> Rational { Rational(p) / Rational(r) }

    /// max x + y, x + 2y + s₁ = 4, 3x + y + s₂ = 6: the vertex (8/5, 6/5), value 14/5.
    @Test func textbookVertex() {
        let outcome = ExactSimplex.maximize([q(1), q(1), q(0), q(0)],
                                            subjectTo: [[q(1), q(2), q(1), q(0)], [q(3), q(1), q(0), q(1)]], equals: [q(4), q(6)])
        #expect(outcome == .optimal(x: [q(8, 5), q(6, 5), q(0), q(0)], value: q(14, 5)))
    }

    /// x − y = 1 and y − x = 1 cannot both hold; x − y = −1 (negative right side) can.
    @Test func infeasibleAndNegativeRightSide() {
        #expect(ExactSimplex.maximize([q(0), q(0)], subjectTo: [[q(1), q(-1)], [q(-1), q(1)]], equals: [q(1), q(1)]) == .infeasible)
        guard case .optimal(let x, _) = ExactSimplex.maximize([q(-1), q(-1)], subjectTo: [[q(1), q(-1)]], equals: [q(-1)]) else {
            Issue.record("feasible"); return
        }
        #expect(x == [q(0), q(1)])
    }

    /// max x with x − y = 0 only: unbounded. A duplicated row is redundant, not infeasible.
    @Test func unboundedAndRedundant() {
        #expect(ExactSimplex.maximize([q(1), q(0)], subjectTo: [[q(1), q(-1)]], equals: [q(0)]) == .unbounded)
        let outcome = ExactSimplex.maximize([q(1), q(0)], subjectTo: [[q(1), q(1)], [q(2), q(2)]], equals: [q(3), q(6)])
        #expect(outcome == .optimal(x: [q(3), q(0)], value: q(3)))
    }
}

import Testing
@testable import ExactNumbers

@Suite struct ExactLinearSystemTests {
    func q(_ p: Int, _ r: Int = 1) -> Rational { Rational(p) / Rational(r) }

    /// x + y = 3, x − y = 1 → (2, 1); with a third, consistent equation 2x + 2y = 6 too.
    @Test func uniqueSolutionsByHand() {
        #expect(ExactLinearSystem.uniqueSolution([[q(1), q(1)], [q(1), q(-1)]], [q(3), q(1)]) == [q(2), q(1)])
        #expect(ExactLinearSystem.uniqueSolution([[q(1), q(1)], [q(1), q(-1)], [q(2), q(2)]], [q(3), q(1), q(6)]) == [q(2), q(1)])
        // 1/3·x = 1/7 → x = 3/7 (no rounding anywhere).
        #expect(ExactLinearSystem.uniqueSolution([[q(1, 3)]], [q(1, 7)]) == [q(3, 7)])
        // A zero first pivot forces a row swap: 0x + y = 2, x + y = 5 → (3, 2).
        #expect(ExactLinearSystem.uniqueSolution([[q(0), q(1)], [q(1), q(1)]], [q(2), q(5)]) == [q(3), q(2)])
    }

    @Test func inconsistentOrNotUniqueIsNil() {
        // x + y = 1 and x + y = 2: inconsistent.
        #expect(ExactLinearSystem.uniqueSolution([[q(1), q(1)], [q(1), q(1)]], [q(1), q(2)]) == nil)
        // x + y = 1 alone: a line of solutions.
        #expect(ExactLinearSystem.uniqueSolution([[q(1), q(1)]], [q(1)]) == nil)
        // Overdetermined and inconsistent in the last row only.
        #expect(ExactLinearSystem.uniqueSolution([[q(1)], [q(2)], [q(3)]], [q(1), q(2), q(4)]) == nil)
        // Ragged input.
        #expect(ExactLinearSystem.uniqueSolution([[q(1), q(2)], [q(1)]], [q(1), q(1)]) == nil)
    }

    /// Random square systems with a planted rational solution come back exactly.
    @Test func plantedSolutionsComeBack() {
        var state: UInt64 = 12345
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for size in 1...6 {
            for _ in 0..<20 {
                let a = (0..<size).map { _ in (0..<size).map { _ in q(next(21) - 10, 1 + next(5)) } }
                let x = (0..<size).map { _ in q(next(41) - 20, 1 + next(9)) }
                let b = a.map { row in zip(row, x).reduce(Rational.zero) { $0 + $1.0 * $1.1 } }
                if let solved = ExactLinearSystem.uniqueSolution(a, b) { #expect(solved == x) }
            }
        }
    }
}

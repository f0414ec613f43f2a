import Testing
@testable import GradientFlow

@Suite struct BoundedLeastSquaresTests {
    /// Reference: every assignment of each variable to {lower, upper, free}; solve the free
    /// ones unconstrained; keep feasible candidates; take the smallest objective.
    func bruteForce(g: [Double], columns: [[Double]], lower: Double, upper: Double) -> Double {
        let p = columns.count
        func objective(_ s: [Double]) -> Double {
            var r = g
            for (j, column) in columns.enumerated() { for i in r.indices { r[i] += s[j] * column[i] } }
            return r.reduce(0) { $0 + $1 * $1 }
        }
        var best = Double.infinity
        var assignment = [Int](repeating: 0, count: p)
        func visit(_ position: Int) {
            if position == p {
                let freeIndices = (0..<p).filter { assignment[$0] == 2 }
                var s = assignment.map { $0 == 0 ? lower : upper }
                if !freeIndices.isEmpty {
                    var shifted = g
                    for j in 0..<p where assignment[j] != 2 { for i in shifted.indices { shifted[i] += s[j] * columns[j][i] } }
                    var a = freeIndices.map { x in freeIndices.map { y in zip(columns[x], columns[y]).reduce(0) { $0 + $1.0 * $1.1 } } }
                    var b = freeIndices.map { x in -zip(columns[x], shifted).reduce(0) { $0 + $1.0 * $1.1 } }
                    guard let solution = BoundedLeastSquares.solveSymmetric(&a, &b) else { return }
                    for (position, j) in freeIndices.enumerated() { s[j] = solution[position] }
                    if s.contains(where: { $0 < lower - 1e-12 || $0 > upper + 1e-12 }) { return }
                }
                best = min(best, objective(s))
                return
            }
            for choice in 0..<3 { assignment[position] = choice; visit(position + 1) }
        }
        visit(0)
        return best
    }

    @Test func matchesBruteForce() {
        var random = TestRandom(77)
        for _ in 0..<400 {   // includes p > q (more sliding pairs than dimensions)
            let p = 1 + random.next(5), q = 1 + random.next(3)
            let g = (0..<q).map { _ in random.normal() }
            let columns = (0..<p).map { _ in (0..<q).map { _ in random.normal() } }
            let lower = random.next(2) == 0 ? 0.0 : 0.1
            let (s, residual) = BoundedLeastSquares.solve(g: g, columns: columns, lower: lower, upper: 1)
            #expect(s.allSatisfy { $0 >= lower && $0 <= 1 })
            var r = g
            for (j, column) in columns.enumerated() { for i in r.indices { r[i] += s[j] * column[i] } }
            // The residual is g + U s (up to the polish, which can only lower the objective).
            let value = residual.reduce(0) { $0 + $1 * $1 }
            #expect(value <= r.reduce(0) { $0 + $1 * $1 } * (1 + 1e-9) + 1e-12)
            let reference = bruteForce(g: g, columns: columns, lower: lower, upper: 1)
            #expect(value <= reference * (1 + 1e-9) + 1e-12, "p \(p) q \(q): \(value) vs \(reference)")
        }
    }
}

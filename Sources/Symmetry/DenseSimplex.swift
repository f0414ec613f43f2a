/// `min cᵀx` subject to `A x = b`, `x ≥ 0`, for small dense problems (tens of
/// rows, thousands of columns): the two-phase tableau simplex with Bland's
/// rule (no cycling). Binary64 and tolerances, so its answer is only a
/// candidate: the convex-fit bound (SPEC §6.3) re-solves the support it finds
/// exactly and keeps nothing it cannot check.
struct DenseSimplex {
    /// The solution (`columns` values, at most `rows` of them non-zero; nil
    /// when infeasible, unbounded, or out of pivots) and the pivots taken.
    static func solve(a: [[Double]], b: [Double], c: [Double], maxPivots: Int = 2000) -> (x: [Double]?, pivots: Int) {
        var pivots = 0
        let x = solve(a: a, b: b, c: c, maxPivots: maxPivots, pivots: &pivots)
        return (x, pivots)
    }

    private static func solve(a: [[Double]], b: [Double], c: [Double], maxPivots: Int, pivots: inout Int) -> [Double]? {
        let m = a.count
        guard m > 0, b.count == m, let n = a.first?.count, c.count == n, a.allSatisfy({ $0.count == n }) else { return nil }
        // Tableau: n original columns, m artificial ones, the right-hand side last.
        let width = n + m + 1, rhs = n + m
        var t = [[Double]](repeating: [Double](repeating: 0, count: width), count: m + 1)
        var basis = [Int](repeating: 0, count: m)
        for i in 0..<m {
            let flip = b[i] < 0 ? -1.0 : 1.0
            for j in 0..<n { t[i][j] = flip * a[i][j] }
            t[i][n + i] = 1
            t[i][rhs] = flip * b[i]
            basis[i] = n + i
        }
        let scale = max(1, a.joined().reduce(0) { max($0, abs($1)) }, b.reduce(0) { max($0, abs($1)) })
        let tolerance = 1e-11 * scale

        func pivot(_ row: Int, _ column: Int) {
            let value = t[row][column]
            for j in 0..<width { t[row][j] /= value }
            for i in 0...m where i != row && t[i][column] != 0 {
                let factor = t[i][column]
                for j in 0..<width { t[i][j] -= factor * t[row][j] }
            }
            basis[row] = column
            pivots += 1
        }
        /// Runs to optimality over the columns `allowed`; false when unbounded or out of pivots.
        func optimise(_ allowed: Range<Int>) -> Bool {
            while true {
                guard let entering = allowed.first(where: { t[m][$0] < -tolerance }) else { return true }
                var leaving: Int? = nil
                var best = Double.infinity
                for i in 0..<m where t[i][entering] > tolerance {
                    let ratio = t[i][rhs] / t[i][entering]
                    if ratio < best - 1e-15 || (abs(ratio - best) <= 1e-15 && basis[i] < basis[leaving ?? i]) {
                        best = ratio
                        leaving = i
                    }
                }
                guard let leaving, pivots < maxPivots else { return false }
                pivot(leaving, entering)
            }
        }

        // Phase I: minimise the sum of the artificials.
        for j in 0..<width { t[m][j] = j >= n && j < n + m ? 0 : -(0..<m).reduce(0) { $0 + t[$1][j] } }
        guard optimise(0..<n), -t[m][rhs] <= 1e-9 * scale else { return nil }
        // Drive artificials at level zero out of the basis where an original column can replace them.
        for i in 0..<m where basis[i] >= n {
            if let column = (0..<n).first(where: { abs(t[i][$0]) > tolerance }) { pivot(i, column) }
        }
        // Phase II: reduced costs of c over the current basis.
        for j in 0..<width {
            var reduced = j < n ? c[j] : 0
            for i in 0..<m where basis[i] < n { reduced -= c[basis[i]] * t[i][j] }
            t[m][j] = j >= n && j < n + m ? 0 : reduced
        }
        guard optimise(0..<n) else { return nil }
        var x = [Double](repeating: 0, count: n)
        for i in 0..<m where basis[i] < n { x[basis[i]] = max(0, t[i][rhs]) }
        return x
    }
}

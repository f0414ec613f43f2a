/// Exact solutions of small linear systems over the rationals: the
/// certificates of SPEC §6.3 (a data point as an exact convex combination of
/// others) are checked with it.
public enum ExactLinearSystem {
    /// The unique `x` with `A x = b` (`A`: `rows` equations in `columns`
    /// unknowns, row-major, `rows ≥ columns` allowed), or nil when the system
    /// is inconsistent or its solution is not unique.
    public static func uniqueSolution(_ a: [[Rational]], _ b: [Rational]) -> [Rational]? {
        guard let reduced = reduce(a, b), reduced.free.isEmpty else { return nil }
        return reduced.solve { _ in .zero }
    }

    /// An `x` with `A x = b`, or nil when inconsistent: where the solution is
    /// not unique, each free unknown `j` takes `hint(j)` and the others follow
    /// exactly (a caller with an approximate solution passes it as the hint).
    public static func solution(_ a: [[Rational]], _ b: [Rational], hint: (Int) -> Rational) -> [Rational]? {
        reduce(a, b)?.solve(hint)
    }

    /// The reduced row echelon form of `[A | b]`: Gauss–Jordan elimination with
    /// the first non-zero pivot (exact, so no pivoting strategy is needed).
    struct Reduced {
        let m: [[Rational]]
        let columns: Int
        /// The pivot column of each leading row.
        let pivots: [Int]
        var free: [Int] { (0..<columns).filter { !pivots.contains($0) } }

        func solve(_ hint: (Int) -> Rational) -> [Rational] {
            var x = [Rational](repeating: .zero, count: columns)
            for j in free { x[j] = hint(j) }
            for (row, column) in pivots.enumerated() {
                var value = m[row][columns]
                for j in free where !m[row][j].isZero { value -= m[row][j] * x[j] }
                x[column] = value
            }
            return x
        }
    }

    static func reduce(_ a: [[Rational]], _ b: [Rational]) -> Reduced? {
        let rows = a.count
        guard rows == b.count, let columns = a.first?.count, a.allSatisfy({ $0.count == columns }) else { return nil }
        var m = zip(a, b).map { $0 + [$1] }
        var pivots: [Int] = []
        for column in 0..<columns {
            let row = pivots.count
            guard let found = (row..<rows).first(where: { !m[$0][column].isZero }) else { continue }
            m.swapAt(row, found)
            let pivot = m[row][column]
            for j in column...columns { m[row][j] = m[row][j] / pivot }
            for i in 0..<rows where i != row && !m[i][column].isZero {
                let factor = m[i][column]
                for j in column...columns { m[i][j] -= factor * m[row][j] }
            }
            pivots.append(column)
        }
        // Rows below the pivots must read 0 = 0.
        for i in pivots.count..<rows where !m[i][columns].isZero { return nil }
        return Reduced(m: m, columns: columns, pivots: pivots)
    }
}

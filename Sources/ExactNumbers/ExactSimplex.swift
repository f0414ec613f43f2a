/// `max cᵀx` subject to `A x = b`, `x ≥ 0`, in exact rational arithmetic: the
/// two-phase tableau simplex with Bland's rule (smallest index enters and
/// leaves, so it never cycles). For the small cross-checks of `verify` (tens
/// of rows and columns), where an answer must be exact rather than fast.
public enum ExactSimplex {
    public enum Outcome: Sendable, Equatable {
        /// An optimal vertex and its value.
        case optimal(x: [Rational], value: Rational)
        case infeasible
        case unbounded
    }

    public static func maximize(_ c: [Rational], subjectTo a: [[Rational]], equals b: [Rational]) -> Outcome {
        let n = c.count
        precondition(a.count == b.count && a.allSatisfy { $0.count == n }, "ExactSimplex: inconsistent sizes")
        let m = a.count
        let width = n + m + 1, rhs = n + m
        var t: [[Rational]] = (0..<m).map { i in
            let flip = b[i].signum < 0
            var row = a[i].map { flip ? -$0 : $0 }
            row += (0..<m).map { $0 == i ? Rational(1) : .zero }
            row.append(flip ? -b[i] : b[i])
            return row
        }
        var basis = (0..<m).map { n + $0 }

        func pivot(_ row: Int, _ column: Int, _ objective: inout [Rational]) {
            let value = t[row][column]
            if value != Rational(1) { for j in 0..<width where !t[row][j].isZero { t[row][j] = t[row][j] / value } }
            for i in t.indices where i != row && !t[i][column].isZero {
                let factor = t[i][column]
                for j in 0..<width where !t[row][j].isZero { t[i][j] = t[i][j] - factor * t[row][j] }
            }
            let factor = objective[column]
            if !factor.isZero { for j in 0..<width where !t[row][j].isZero { objective[j] = objective[j] - factor * t[row][j] } }
            basis[row] = column
        }
        /// The objective row of `cost` for the current basis: reduced costs
        /// `c_B B⁻¹A_j − c_j` (optimal when none is negative) and the value.
        func objectiveRow(_ cost: (Int) -> Rational) -> [Rational] {
            var row = (0..<width).map { $0 == rhs ? Rational.zero : -cost($0) }
            for (i, column) in basis.enumerated() {
                let weight = cost(column)
                if !weight.isZero { for j in 0..<width where !t[i][j].isZero { row[j] = row[j] + weight * t[i][j] } }
            }
            return row
        }
        /// Bland's rule over `allowed` columns; false when unbounded.
        func optimise(_ objective: inout [Rational], allowed: Int) -> Bool {
            while let entering = (0..<allowed).first(where: { objective[$0].signum < 0 }) {
                var leaving: Int? = nil
                var best = Rational.zero
                for i in t.indices where t[i][entering].signum > 0 {
                    let ratio = t[i][rhs] / t[i][entering]
                    if leaving == nil || ratio < best || (ratio == best && basis[i] < basis[leaving!]) {
                        best = ratio
                        leaving = i
                    }
                }
                guard let leaving else { return false }
                pivot(leaving, entering, &objective)
            }
            return true
        }

        // Phase I: maximise −Σ artificials.
        var phaseOne = objectiveRow { $0 >= n && $0 < rhs ? Rational(-1) : .zero }
        _ = optimise(&phaseOne, allowed: n + m)
        guard phaseOne[rhs].isZero else { return .infeasible }
        // Drive artificials (at level 0) out of the basis; a row with no
        // original column left is redundant and goes.
        var row = 0
        while row < t.count {
            if basis[row] >= n, let column = (0..<n).first(where: { !t[row][$0].isZero }) {
                pivot(row, column, &phaseOne)
            } else if basis[row] >= n {
                t.remove(at: row)
                basis.remove(at: row)
                continue
            }
            row += 1
        }
        // Phase II over the original columns.
        var phaseTwo = objectiveRow { $0 < n ? c[$0] : .zero }
        guard optimise(&phaseTwo, allowed: n) else { return .unbounded }
        var x = [Rational](repeating: .zero, count: n)
        for (i, column) in basis.enumerated() where column < n { x[column] = t[i][rhs] }
        return .optimal(x: x, value: phaseTwo[rhs])
    }
}

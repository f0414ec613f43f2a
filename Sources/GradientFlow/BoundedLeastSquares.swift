/// `min ‖g + U s‖²` over `s ∈ [lower, upper]^p` for small p (the kink
/// multipliers of one neuron, SPEC §9.2a). Columns `U[j]`, length q each.
enum BoundedLeastSquares {
    /// Cyclic coordinate descent on `s` (each update O(q)), then an exact
    /// polish: with the bound variables fixed, the residual is projected off the
    /// span of the interior columns (so the field is exactly tangent to every
    /// interior sliding surface). Columns live in R^q with q = m small, while p
    /// (the sliding pairs of one neuron) can be large. Returns the multipliers
    /// and the residual `g + U s`.
    static func solve(g: [Double], columns: [[Double]], lower: Double, upper: Double) -> (s: [Double], residual: [Double]) {
        let p = columns.count, q = g.count
        if p == 0 { return ([], g) }
        func dot(_ a: [Double], _ b: [Double]) -> Double { var sum = 0.0; for i in 0..<a.count { sum += a[i] * b[i] }; return sum }
        let norms = columns.map { dot($0, $0) }
        var s = [Double](repeating: lower, count: p)
        var r = g
        for j in 0..<p where lower != 0 { for i in 0..<q { r[i] += lower * columns[j][i] } }
        let scale = g.map(abs).reduce(0, +) + columns.reduce(0) { $0 + $1.map(abs).reduce(0, +) }
        for _ in 0..<10_000 {
            var largest = 0.0
            for j in 0..<p where norms[j] > 0 {
                let next = min(upper, max(lower, s[j] - dot(columns[j], r) / norms[j]))
                let delta = next - s[j]
                if delta != 0 {
                    for i in 0..<q { r[i] += delta * columns[j][i] }
                    s[j] = next
                    largest = max(largest, abs(delta) * norms[j].squareRoot())
                }
            }
            if largest <= 1e-15 * max(scale, 1e-300) { break }
        }
        // Polish: exact projection for the interior set found above.
        let margin = 1e-12 * (upper - lower)
        let interior = (0..<p).filter { s[$0] > lower + margin && s[$0] < upper - margin }
        var fixed = g
        for j in 0..<p where !interior.contains(j) { for i in 0..<q { fixed[i] += s[j] * columns[j][i] } }
        var basis: [[Double]] = []
        for j in interior {
            var u = columns[j]
            for _ in 0..<2 { for b in basis { let c = dot(b, u); for i in 0..<q { u[i] -= c * b[i] } } }   // Gram–Schmidt, twice
            let n = dot(u, u).squareRoot()
            if n > 1e-12 * max(norms[j].squareRoot(), 1e-300) { basis.append(u.map { $0 / n }) }
            if basis.count == q { break }
        }
        var polished = fixed
        for b in basis { let c = dot(b, polished); for i in 0..<q { polished[i] -= c * b[i] } }
        // Accept the polish only if it satisfies the optimality conditions at the bounds.
        let consistent = (0..<p).allSatisfy { j in
            if interior.contains(j) { return true }
            let slopeAtBound = dot(columns[j], polished)
            let tolerance = 1e-9 * max(scale, 1e-300) * max(norms[j].squareRoot(), 1)
            return s[j] <= lower + margin ? slopeAtBound >= -tolerance : slopeAtBound <= tolerance
        }
        return (s, consistent && dot(polished, polished) <= dot(r, r) * (1 + 1e-9) + 1e-300 ? polished : r)
    }
}

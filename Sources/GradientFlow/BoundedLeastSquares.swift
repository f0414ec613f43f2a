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
        let p = columns.count
        if p == 0 { return ([], g) }
        // Columns one after another: the sweeps below run on raw pointers (the
        // nested arrays' checks cost as much as the arithmetic on breast cancer,
        // l = 32, where these problems took 7% of a flow). Same operations in the
        // same order as ever: the multipliers do not change.
        let flat = columns.flatMap { $0 }
        return flat.withUnsafeBufferPointer { u in
            guard let base = u.baseAddress else { return ([Double](repeating: lower, count: p), g) }
            return solve(g: g, columns: base, count: p, lower: lower, upper: upper)
        }
    }

    /// `solve` with the p columns (length q = g.count each) at `u`, one after another.
    static func solve(g: [Double], columns u: UnsafePointer<Double>, count p: Int, lower: Double, upper: Double) -> (s: [Double], residual: [Double]) {
        let q = g.count
        @inline(__always) func column(_ j: Int) -> UnsafePointer<Double> { u + j &* q }
        @inline(__always) func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
            var sum = 0.0
            for i in 0..<q { sum += a[i] * b[i] }
            return sum
        }
        /// `target += factor · source`, element by element.
        @inline(__always) func add(_ factor: Double, _ source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>) {
            for i in 0..<q { target[i] += factor * source[i] }
        }
        let norms = (0..<p).map { dot(column($0), column($0)) }
        var s = [Double](repeating: lower, count: p)
        var r = g
        var scale = g.map(abs).reduce(0, +)
        var columnsSum = 0.0
        for j in 0..<p {
            var sum = 0.0
            for i in 0..<q { sum = sum + abs(column(j)[i]) }
            columnsSum = columnsSum + sum
        }
        scale += columnsSum
        r.withUnsafeMutableBufferPointer { rb in
            guard let rp = rb.baseAddress else { return }
            if lower != 0 { for j in 0..<p { add(lower, column(j), to: rp) } }
            for _ in 0..<10_000 {
                var largest = 0.0
                for j in 0..<p where norms[j] > 0 {
                    let next = min(upper, max(lower, s[j] - dot(column(j), rp) / norms[j]))
                    let delta = next - s[j]
                    if delta != 0 {
                        add(delta, column(j), to: rp)
                        s[j] = next
                        largest = max(largest, abs(delta) * norms[j].squareRoot())
                    }
                }
                if largest <= 1e-15 * max(scale, 1e-300) { break }
            }
        }
        // Polish: exact projection for the interior set found above.
        let margin = 1e-12 * (upper - lower)
        let isInterior = (0..<p).map { s[$0] > lower + margin && s[$0] < upper - margin }
        var fixed = g
        fixed.withUnsafeMutableBufferPointer { fb in
            guard let fp = fb.baseAddress else { return }
            for j in 0..<p where !isInterior[j] { add(s[j], column(j), to: fp) }
        }
        var basis: [[Double]] = []
        func product(_ a: [Double], _ b: [Double]) -> Double { var sum = 0.0; for i in 0..<a.count { sum += a[i] * b[i] }; return sum }
        for j in 0..<p where isInterior[j] {
            var v = Array(UnsafeBufferPointer(start: column(j), count: q))
            for _ in 0..<2 { for b in basis { let c = product(b, v); for i in 0..<q { v[i] -= c * b[i] } } }   // Gram–Schmidt, twice
            let n = product(v, v).squareRoot()
            if n > 1e-12 * max(norms[j].squareRoot(), 1e-300) { basis.append(v.map { $0 / n }) }
            if basis.count == q { break }
        }
        var polished = fixed
        for b in basis { let c = product(b, polished); for i in 0..<q { polished[i] -= c * b[i] } }
        // Accept the polish only if it satisfies the optimality conditions at the bounds.
        let consistent = polished.withUnsafeBufferPointer { pb -> Bool in
            guard let pp = pb.baseAddress else { return true }
            return (0..<p).allSatisfy { j in
                if isInterior[j] { return true }
                let slopeAtBound = dot(column(j), pp)
                let tolerance = 1e-9 * max(scale, 1e-300) * max(norms[j].squareRoot(), 1)
                return s[j] <= lower + margin ? slopeAtBound >= -tolerance : slopeAtBound <= tolerance
            }
        }
        return (s, consistent && product(polished, polished) <= product(r, r) * (1 + 1e-9) + 1e-300 ? polished : r)
    }
}

import CBLAS

extension BoundedLeastSquares {
    /// `solve` for long columns (q ≫ p: the kink columns of a deep network span
    /// every layer below the kink, SPEC §13.8), in the p × p Gram form
    /// `G = UᵀU`, `c = Uᵀg`, minimising `½sᵀGs + cᵀs` over the box. A few sweeps
    /// of cyclic coordinate descent (O(p) per update) find the likely free set;
    /// an active-set method (Stark–Parker's BVLS) then finishes exactly: the free
    /// multipliers solve their normal equations (Cholesky, dependent columns
    /// held, as `solve`'s Gram–Schmidt drops them), a free one that would leave
    /// the box stops at its bound, a bound one whose derivative points inward
    /// is freed. At the end every free multiplier has zero derivative: the
    /// field is tangent to its kink. `solve` is kept for the one-neuron
    /// problems, whose numbers the one-hidden-layer flow has always had.
    static func solveGram(g: [Double], columns: [[Double]], lower: Double, upper: Double) -> (s: [Double], residual: [Double]) {
        solveGram(g: g, flat: columns.flatMap { $0 }, count: columns.count, lower: lower, upper: upper)
    }

    /// `solveGram` with the p columns stored one after another in `flat` (p·q numbers).
    static func solveGram(g: [Double], flat: [Double], count p: Int, lower: Double, upper: Double) -> (s: [Double], residual: [Double]) {
        let q = g.count
        if p == 0 { return ([], g) }
        // G = U Uᵀ and c = U g on OpenBLAS (the dot products of length q dominate).
        var gram = [Double](repeating: 0, count: p * p)
        var linear = [Double](repeating: 0, count: p)
        var scale = 0.0
        flat.withUnsafeBufferPointer { u in
            g.withUnsafeBufferPointer { gb in
                gram.withUnsafeMutableBufferPointer { gp in
                    linear.withUnsafeMutableBufferPointer { lp in
                        guard let ub = u.baseAddress, let gbase = gb.baseAddress, let gpb = gp.baseAddress, let lpb = lp.baseAddress else { return }
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(p), Int32(p), Int32(q), 1, ub, Int32(q), ub, Int32(q), 0, gpb, Int32(p))
                        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(p), Int32(q), 1, ub, Int32(q), gbase, 1, 0, lpb, 1)
                    }
                }
                scale = cblas_dasum(Int32(q), gb.baseAddress, 1) + cblas_dasum(Int32(p * q), u.baseAddress, 1)
            }
        }
        // Exactly symmetric.
        for a in 0..<p { for b in (a + 1)..<max(a + 1, p) { gram[b * p + a] = gram[a * p + b] } }
        var s = [Double](repeating: lower, count: p)
        // w = G s + c, the derivative (= Uᵀ(g + U s)).
        func derivative(_ s: [Double]) -> [Double] {
            (0..<p).map { a in (0..<p).reduce(linear[a]) { $0 + gram[a * p + $1] * s[$1] } }
        }
        var w = derivative(s)
        for _ in 0..<100 {
            var largest = 0.0
            for j in 0..<p where gram[j * p + j] > 0 {
                let next = min(upper, max(lower, s[j] - w[j] / gram[j * p + j]))
                let delta = next - s[j]
                if delta != 0 {
                    for a in 0..<p { w[a] += delta * gram[a * p + j] }
                    s[j] = next
                    largest = max(largest, abs(delta) * gram[j * p + j].squareRoot())
                }
            }
            if largest <= 1e-15 * max(scale, 1e-300) { break }
        }
        func residual(_ s: [Double]) -> [Double] {
            var r = g
            r.withUnsafeMutableBufferPointer { rb in
                flat.withUnsafeBufferPointer { u in
                    for j in 0..<p where s[j] != 0 {
                        let row = j * q, weight = s[j]
                        for i in 0..<q { rb[i] += weight * u[row + i] }
                    }
                }
            }
            return r
        }
        let descent = s
        let margin = 1e-12 * (upper - lower)
        var free = Set((0..<p).filter { s[$0] > lower + margin && s[$0] < upper - margin && gram[$0 * p + $0] > 0 })
        for j in 0..<p where !free.contains(j) { s[j] = s[j] <= 0.5 * (lower + upper) ? lower : upper }
        var finished = false
        for _ in 0..<(4 * p + 10) {
            let target = freeSolution(free, s, gram: gram, linear: linear, p: p)
            let outside = free.filter { target[$0] < lower || target[$0] > upper }
            if outside.isEmpty {
                for j in free { s[j] = target[j] }
                w = derivative(s)
                // The bound multiplier whose derivative points into the box the most.
                var worst = -1, violation = 0.0
                for j in 0..<p where !free.contains(j) && gram[j * p + j] > 0 {
                    let inward = s[j] == lower ? -w[j] : w[j]
                    let tolerance = 1e-12 * max(scale, 1e-300) * max(gram[j * p + j].squareRoot(), 1)
                    if inward > tolerance && inward > violation { worst = j; violation = inward }
                }
                if worst < 0 { finished = true; break }
                free.insert(worst)
            } else {
                // Step towards the free solution until the first multiplier meets its bound.
                var step = 1.0
                for j in outside {
                    let bound = target[j] < lower ? lower : upper
                    let denominator = target[j] - s[j]
                    if denominator != 0 { step = min(step, max(0, (bound - s[j]) / denominator)) }
                }
                for j in free { s[j] += step * (target[j] - s[j]) }
                for j in free where s[j] <= lower + margin || s[j] >= upper - margin || outside.contains(j) && step == 0 {
                    s[j] = s[j] <= 0.5 * (lower + upper) ? lower : upper
                    free.remove(j)
                }
            }
        }
        guard finished else { return (descent, residual(descent)) }
        return (s, residual(s))
    }

    /// The free multipliers' normal equations `G_FF s_F = −(c_F + G_FB s_B)`
    /// by Cholesky; a column dependent on the ones before it keeps its value.
    static func freeSolution(_ free: Set<Int>, _ s: [Double], gram: [Double], linear: [Double], p: Int) -> [Double] {
        let order = free.sorted(), m = order.count
        var result = s
        guard m > 0 else { return result }
        var right = order.map { a in -(0..<p).filter { !free.contains($0) }.reduce(linear[a]) { $0 + gram[a * p + $1] * s[$1] } }
        var factor = [Double](repeating: 0, count: m * m)
        var kept = [Bool](repeating: false, count: m)
        for a in 0..<m {
            var pivot = gram[order[a] * p + order[a]]
            for k in 0..<a where kept[k] { pivot -= factor[a * m + k] * factor[a * m + k] }
            guard pivot > 1e-24 * max(gram[order[a] * p + order[a]], 1e-300) else { continue }
            kept[a] = true
            let root = pivot.squareRoot()
            factor[a * m + a] = root
            for b in (a + 1)..<max(a + 1, m) {
                var value = gram[order[b] * p + order[a]]
                for k in 0..<a where kept[k] { value -= factor[b * m + k] * factor[a * m + k] }
                factor[b * m + a] = value / root
            }
        }
        for a in 0..<m where !kept[a] {
            for b in 0..<m where kept[b] { right[b] -= gram[order[b] * p + order[a]] * s[order[a]] }
        }
        var y = [Double](repeating: 0, count: m)
        for a in 0..<m where kept[a] {
            var value = right[a]
            for k in 0..<a where kept[k] { value -= factor[a * m + k] * y[k] }
            y[a] = value / factor[a * m + a]
        }
        for a in stride(from: m - 1, through: 0, by: -1) where kept[a] {
            var value = y[a]
            for k in (a + 1)..<max(a + 1, m) where kept[k] { value -= factor[k * m + a] * result[order[k]] }
            result[order[a]] = value / factor[a * m + a]
        }
        return result
    }
}

import Foundation

/// SPEC §9.3 for any depth: restore every `c_{h,k}` by the rescaling of
/// SPEC §13.6 (`a_{h,k} → α a_{h,k}`, `o_{h,k} → o_{h,k}/α`), which leaves f and
/// the data loss unchanged. Rescaling neuron `(h, k)` multiplies the squared
/// weights of its edges, so it moves the `c` of its neighbours in layers
/// `h ± 1` too: all the `α` are solved for at once.
///
/// With `u = log α²` and `s_e` the squared weight of edge `v → w` (the free node
/// F has `u_F = 0`), `c(u) = 2∇Φ(u)` for the convex `Φ(u) = ½ Σ_e s_e e^{u_w − u_v}`,
/// whose Hessian is a grounded weighted graph Laplacian: diagonal
/// `‖a‖² + ‖o‖²` (after scaling), `−s_e e^{…}` between neurons of adjacent
/// layers (block tridiagonal by layers), positive definite when every group of
/// connected neurons has an edge to F. So `c(u) = c_0` is the minimum of the
/// strictly convex `Φ(u) − ½ c_0·u`; damped Newton (residual line search)
/// converges to it from `u = 0`, quadratically near it (the drift after one
/// step is ~rtol, so one or two iterations), each Newton system solved by
/// conjugate gradients with the diagonal as preconditioner (the Laplacian is
/// diagonally dominant), one product costing one pass over the weights.
/// With one hidden layer the neurons do not couple and each `α` has
/// `FlowProblem.project`'s closed form, used as such.
extension DeepFlowProblem {
    public func project(_ theta: inout [Double], onto target: [Double]) {
        if depth == 2 {
            projectOneHiddenLayer(&theta, onto: target)
            return
        }
        guard let u = orbitLogScales(theta, target: target) else { return }
        let alpha = u.map { Foundation.exp(0.5 * $0) }
        for h in 1...depth {
            let rows = widths[h], columns = widths[h - 1]
            for k in 0..<rows {
                let up = h < depth ? alpha[layout.neuronOffset[h - 1] + k] : 1
                for m in 0..<columns {
                    let down = h > 1 ? alpha[layout.neuronOffset[h - 2] + m] : 1
                    theta[layout.weight(h, k, m)] *= up / down
                }
                if h < depth && layout.bias[h - 1] { theta[layout.biasOffset[h - 1] + k] *= up }
            }
        }
    }

    /// `FlowProblem.project` on this layout (one hidden layer).
    func projectOneHiddenLayer(_ theta: inout [Double], onto target: [Double]) {
        let l = widths[1], e = widths[2], d = widths[0], hasBias = layout.bias[0]
        for k in 0..<l {
            var a2 = 0.0, b2 = 0.0
            for j in 0..<d { a2 += square(theta, layout.weight(1, k, j)) }
            if hasBias { a2 += square(theta, layout.biasOffset[0] + k) }
            for o in 0..<e { b2 += square(theta, layout.weight(2, o, k)) }
            guard let x = FlowProblem.orbitScaleSquared(inputs: a2, outputs: b2, target: target[k]) else { continue }
            let alpha = x.squareRoot()
            for j in 0..<d { theta[layout.weight(1, k, j)] *= alpha }
            if hasBias { theta[layout.biasOffset[0] + k] *= alpha }
            for o in 0..<e { theta[layout.weight(2, o, k)] /= alpha }
        }
    }

    /// Scaled squared weights at `u`: per neuron the input and output sums, and
    /// the hidden-to-hidden edges `S_h[k, m] = W_h[k, m]² e^{u_{h,k} − u_{h−1,m}}`
    /// (`h = 2 … L − 1`, flat like `W_h`).
    func scaledSums(_ squares: [Double], _ u: [Double]) -> (into: [Double], out: [Double], hidden: [[Double]]) {
        let grow = u.map { Foundation.exp($0) }, shrink = u.map { Foundation.exp(-$0) }
        var into = [Double](repeating: 0, count: neurons), out = into
        var hidden: [[Double]] = []
        for h in 1...depth {
            let rows = widths[h], columns = widths[h - 1]
            var layer = h > 1 && h < depth ? [Double](repeating: 0, count: rows * columns) : []
            for k in 0..<rows {
                let row = h < depth ? layout.neuronOffset[h - 1] + k : -1
                for m in 0..<columns {
                    let square = squares[layout.weight(h, k, m)]
                    if square == 0 { continue }
                    let below = h > 1 ? layout.neuronOffset[h - 2] + m : -1
                    let value = square * (row >= 0 ? grow[row] : 1) * (below >= 0 ? shrink[below] : 1)
                    if row >= 0 { into[row] += value }
                    if below >= 0 { out[below] += value }
                    if h > 1 && h < depth { layer[k * columns + m] = value }
                }
                if h < depth && layout.bias[h - 1] { into[row] += squares[layout.biasOffset[h - 1] + k] * grow[row] }
            }
            if h > 1 && h < depth { hidden.append(layer) }
        }
        return (into, out, hidden)
    }

    /// `H v` for the Jacobian `H = ∂c/∂u` at the sums of `scaledSums`.
    func jacobianProduct(_ v: [Double], diagonal: [Double], hidden: [[Double]]) -> [Double] {
        var result = (0..<neurons).map { diagonal[$0] * v[$0] }
        for h in 2..<depth {
            let rows = widths[h], columns = widths[h - 1], layer = hidden[h - 2]
            let upper = layout.neuronOffset[h - 1], lower = layout.neuronOffset[h - 2]
            for k in 0..<rows {
                for m in 0..<columns {
                    let s = layer[k * columns + m]
                    if s == 0 { continue }
                    result[upper + k] -= s * v[lower + m]
                    result[lower + m] -= s * v[upper + k]
                }
            }
        }
        return result
    }

    /// The `u = log α²` with `c(u) = target`, or nil when none is found
    /// (a non-finite value, or no progress from the start).
    func orbitLogScales(_ theta: [Double], target: [Double]) -> [Double]? {
        let squares = theta.indices.map { square(theta, $0) }
        let count = neurons
        var u = [Double](repeating: 0, count: count)
        func residual(_ u: [Double]) -> (r: [Double], diagonal: [Double], hidden: [[Double]], size: Double, worst: Double) {
            let (into, out, hidden) = scaledSums(squares, u)
            var r = [Double](repeating: 0, count: count), diagonal = r
            var size = 0.0, worst = 0.0
            for w in 0..<count {
                diagonal[w] = into[w] + out[w]
                guard diagonal[w] > 0 else { continue }   // a neuron at its apex: nothing to scale
                r[w] = into[w] - out[w] - target[w]
                size += r[w] * r[w]
                worst = FlowMonitors.maximum(worst, abs(r[w]) / diagonal[w])
            }
            return (r, diagonal, hidden, size, worst)
        }
        var current = residual(u)
        let start = current.worst
        guard start.isFinite else { return nil }
        for _ in 0..<40 {
            if current.worst <= 2 * Double.ulpOfOne { break }
            let step = conjugateGradient(current.r.map { -$0 }, diagonal: current.diagonal, hidden: current.hidden)
            var alpha = 1.0, accepted = false
            while alpha >= 1.0 / 1024 {
                let trial = (0..<count).map { u[$0] + alpha * step[$0] }
                let next = residual(trial)
                if next.size.isFinite && next.size < current.size * (1 - 1e-4 * alpha) {
                    u = trial
                    current = next
                    accepted = true
                    break
                }
                alpha *= 0.5
            }
            if !accepted { break }
        }
        guard u.allSatisfy({ $0.isFinite && abs($0) < 700 }), current.worst < start || start == 0 else { return nil }
        return u
    }

    /// Solves `H x = b` by conjugate gradients preconditioned with H's diagonal
    /// (neurons with an empty diagonal, at their apex, are left at 0).
    func conjugateGradient(_ b: [Double], diagonal: [Double], hidden: [[Double]]) -> [Double] {
        let count = b.count
        let inverse = diagonal.map { $0 > 0 ? 1 / $0 : 0 }
        var x = [Double](repeating: 0, count: count)
        var r = (0..<count).map { diagonal[$0] > 0 ? b[$0] : 0 }
        var z = (0..<count).map { r[$0] * inverse[$0] }
        var p = z
        var rz = zip(r, z).reduce(0.0) { $0 + $1.0 * $1.1 }
        let bound = 1e-28 * r.reduce(0.0) { $0 + $1 * $1 }
        for _ in 0..<(2 * count + 20) {
            if r.reduce(0.0, { $0 + $1 * $1 }) <= bound || rz == 0 { break }
            let product = jacobianProduct(p, diagonal: diagonal, hidden: hidden)
            let curvature = zip(p, product).reduce(0.0) { $0 + $1.0 * $1.1 }
            guard curvature > 0 else { break }
            let step = rz / curvature
            for w in 0..<count {
                x[w] += step * p[w]
                r[w] -= step * product[w]
                z[w] = r[w] * inverse[w]
            }
            let next = zip(r, z).reduce(0.0) { $0 + $1.0 * $1.1 }
            let beta = next / rz
            rz = next
            for w in 0..<count { p[w] = z[w] + beta * p[w] }
        }
        return x
    }
}

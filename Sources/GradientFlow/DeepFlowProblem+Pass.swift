import CBLAS

/// The values of one forward pass over all samples.
struct DeepForward {
    /// `σ(z)·state²` of hidden layer h at `hidden[h − 1]`, `n × n_h` row-major
    /// (0 for a pair on its kink, whose σ(z) is 0 there).
    var hidden: [[Double]]
    /// `z` of hidden layer h at `pre[h − 1]`, kept only when asked.
    var pre: [[Double]]
    /// `f`, `n × e`.
    var outputs: [Double]
    /// `n × neurons` states: the given pattern's, or read off the signs of z.
    var states: [Int8]
}

/// How the backward pass takes σ' (SPEC §9.1, §9.2a).
enum DerivativeRule {
    /// From the frozen pattern: 1 active, γ inactive; sliding pairs are set
    /// aside with their back-propagated value for the minimal-norm multipliers.
    case pattern
    /// From z: σ'(0) := 0 (SPEC §1), no pattern (gradient descent).
    case signs
}

extension DeepFlowProblem {
    /// `Z = A W_hᵀ + b_h` (`n × n_h`) for the layer's input `A` (`n × n_{h−1}`):
    /// `cblas_dgemm` from `FlowProblem.blasThreshold` multiply-adds on, plain
    /// loops (`FlowProblem`'s order of sums) below it.
    func layerProduct(_ input: UnsafeBufferPointer<Double>, layer h: Int, _ t: UnsafeBufferPointer<Double>) -> [Double] {
        let n = samples, m = widths[h - 1], k = widths[h]
        let w = layout.weightOffset[h - 1], b = layout.biasOffset[h - 1], hasBias = layout.bias[h - 1]
        var z = [Double](repeating: 0, count: n * k)
        z.withUnsafeMutableBufferPointer { zb in
            if n * m * k >= FlowProblem.blasThreshold {
                guard let ib = input.baseAddress, let tb = t.baseAddress, let zp = zb.baseAddress else { return }
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(k), Int32(m), 1, ib, Int32(m), tb + w, Int32(m), 0, zp, Int32(k))
                if hasBias { for i in 0..<n { for j in 0..<k { zb[i * k + j] += t[b + j] } } }
            } else {
                for i in 0..<n {
                    for j in 0..<k {
                        var sum = hasBias ? t[b + j] : 0
                        let row = w + j * m, x = i * m
                        for c in 0..<m { sum += t[row + c] * input[x + c] }
                        zb[i * k + j] = sum
                    }
                }
            }
        }
        return z
    }

    /// One forward pass over all samples. With `states`, hidden values are
    /// `σ(z)·state²` (as `FlowProblem.field` takes them); without, the states are
    /// read off the signs of z (zero counts as inactive) and the values are σ(z).
    func forward(_ theta: [Double], states given: [Int8]?, keepPreactivations: Bool = false) -> DeepForward {
        let n = samples, columns = neurons, gamma = slope
        var states = given ?? [Int8](repeating: 0, count: n * columns)
        var hidden: [[Double]] = [], pre: [[Double]] = []
        var outputs: [Double] = []
        theta.withUnsafeBufferPointer { t in
            for h in 1..<depth {
                var z = h == 1 ? inputs.withUnsafeBufferPointer { layerProduct($0, layer: h, t) }
                               : hidden[h - 2].withUnsafeBufferPointer { layerProduct($0, layer: h, t) }
                if keepPreactivations { pre.append(z) }
                let k = widths[h], offset = layout.neuronOffset[h - 1]
                z.withUnsafeMutableBufferPointer { zb in
                    states.withUnsafeMutableBufferPointer { sb in
                        for i in 0..<n {
                            for j in 0..<k {
                                let index = i * k + j, value = zb[index]
                                if given == nil { sb[i * columns + offset + j] = value > 0 ? 1 : -1 }
                                let state = Int(sb[i * columns + offset + j])
                                zb[index] = (max(value, 0) + gamma * min(value, 0)) * Double(state * state)
                            }
                        }
                    }
                }
                hidden.append(z)
            }
            outputs = hidden[depth - 2].withUnsafeBufferPointer { layerProduct($0, layer: depth, t) }
        }
        return DeepForward(hidden: hidden, pre: pre, outputs: outputs, states: states)
    }

    /// The backward pass for residuals `r` (`n × e`, not yet divided by n):
    /// `∇W_h`, `∇b_h` for every layer (output bias and decay excluded), σ' by
    /// `rule`. Under `.pattern` the sliding pairs' σ' is left out (0) and each is
    /// returned with its back-propagated value `b = (1/n) ∂L/∂σ(z)` (sample-major
    /// within a layer, top layer first).
    func backward(_ theta: [Double], _ pass: DeepForward, residual: [Double], rule: DerivativeRule) -> (gradient: [Double], sliding: [(pair: Int, back: Double)]) {
        let n = samples, columns = neurons, inverse = 1 / Double(samples), gamma = slope
        var gradient = [Double](repeating: 0, count: dimension)
        var sliding: [(pair: Int, back: Double)] = []
        let top = depth, last = widths[top - 1], outputs = e
        var back = [Double](repeating: 0, count: n * last)
        theta.withUnsafeBufferPointer { t in
            residual.withUnsafeBufferPointer { r in
                gradient.withUnsafeMutableBufferPointer { g in
                    back.withUnsafeMutableBufferPointer { b in
                        pass.hidden[top - 2].withUnsafeBufferPointer { a in
                            let weights = layout.weightOffset[top - 1]
                            if n * last * outputs < FlowProblem.blasThreshold {
                                // ∇W_L = (1/n) Rᵀ A and B = (1/n) R W_L, sample by sample (FlowProblem.field's loop).
                                for i in 0..<n {
                                    let row = i * last
                                    for o in 0..<outputs {
                                        let scaled = r[i * outputs + o] * inverse
                                        if scaled == 0 { continue }
                                        let w = weights + o * last
                                        for k in 0..<last {
                                            g[w + k] += scaled * a[row + k]
                                            b[row + k] += scaled * t[w + k]
                                        }
                                    }
                                }
                            } else {
                                let scaled = (0..<(n * outputs)).map { r[$0] * inverse }
                                scaled.withUnsafeBufferPointer { s in
                                    guard let sp = s.baseAddress, let ap = a.baseAddress, let gp = g.baseAddress,
                                          let tp = t.baseAddress, let bp = b.baseAddress else { return }
                                    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(outputs), Int32(last), Int32(n), 1,
                                                sp, Int32(outputs), ap, Int32(last), 0, gp + weights, Int32(last))
                                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(last), Int32(outputs), 1,
                                                sp, Int32(outputs), tp + weights, Int32(last), 0, bp, Int32(last))
                                }
                            }
                        }
                    }
                }
            }
        }
        for h in stride(from: depth - 1, through: 1, by: -1) {
            let k = widths[h], offset = layout.neuronOffset[h - 1]
            // G = B ⊙ σ'.
            back.withUnsafeMutableBufferPointer { b in
                switch rule {
                case .pattern:
                    pass.states.withUnsafeBufferPointer { states in
                        let onKink = ActivationState.sliding.rawValue, inactive = ActivationState.inactive.rawValue
                        for i in 0..<n {
                            let row = i * k, stateRow = i * columns + offset
                            var slidingInRow = false
                            for j in 0..<k {
                                let state = states[stateRow + j]
                                slidingInRow = slidingInRow || state == onKink
                                b[row + j] *= state == inactive ? gamma : 1
                            }
                            if slidingInRow {
                                for j in 0..<k where states[stateRow + j] == onKink {
                                    sliding.append((i * columns + offset + j, b[row + j]))
                                    b[row + j] = 0
                                }
                            }
                        }
                    }
                case .signs:
                    pass.pre[h - 1].withUnsafeBufferPointer { z in
                        for index in 0..<(n * k) {
                            let value = z[index]
                            b[index] *= value > 0 ? 1 : (value < 0 ? gamma : 0)
                        }
                    }
                }
            }
            accumulateLayerGradient(back, layer: h, pass, into: &gradient)
            if h > 1 { back = propagate(back, through: h, theta) }
        }
        return (gradient, sliding)
    }

    /// `∇W_h += Gᵀ A_{h−1}` and `∇b_h += 1ᵀ G` for `G` (`n × n_h`):
    /// `FlowProblem.accumulateInputGradient`'s kernels for any layer.
    func accumulateLayerGradient(_ g: [Double], layer h: Int, _ pass: DeepForward, into gradient: inout [Double]) {
        let n = samples, m = widths[h - 1], k = widths[h]
        let w = layout.weightOffset[h - 1]
        let below = h == 1 ? inputs : pass.hidden[h - 2]
        if n * m * k >= FlowProblem.blasThreshold {
            g.withUnsafeBufferPointer { gb in
                below.withUnsafeBufferPointer { x in
                    gradient.withUnsafeMutableBufferPointer { out in
                        guard let gp = gb.baseAddress, let xb = x.baseAddress, let op = out.baseAddress else { return }
                        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(m), Int32(n), 1, gp, Int32(k), xb, Int32(m), 1, op + w, Int32(m))
                    }
                }
            }
        } else {
            g.withUnsafeBufferPointer { gb in
                below.withUnsafeBufferPointer { x in
                    gradient.withUnsafeMutableBufferPointer { out in
                        for i in 0..<n {
                            for j in 0..<k {
                                let value = gb[i * k + j]
                                if value == 0 { continue }
                                let row = w + j * m, input = i * m
                                for c in 0..<m { out[row + c] += value * x[input + c] }
                            }
                        }
                    }
                }
            }
        }
        if layout.bias[h - 1] {
            let b = layout.biasOffset[h - 1]
            g.withUnsafeBufferPointer { gb in
                gradient.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n { for j in 0..<k { out[b + j] += gb[i * k + j] } }
                }
            }
        }
    }

    /// `B_{h−1} = G W_h` (`n × n_{h−1}`): the value back-propagated to layer h − 1's outputs.
    func propagate(_ g: [Double], through h: Int, _ theta: [Double]) -> [Double] {
        let n = samples, m = widths[h - 1], k = widths[h]
        let w = layout.weightOffset[h - 1]
        var result = [Double](repeating: 0, count: n * m)
        g.withUnsafeBufferPointer { gb in
            theta.withUnsafeBufferPointer { t in
                result.withUnsafeMutableBufferPointer { out in
                    if n * m * k >= FlowProblem.blasThreshold {
                        guard let gp = gb.baseAddress, let tp = t.baseAddress, let op = out.baseAddress else { return }
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(m), Int32(k), 1, gp, Int32(k), tp + w, Int32(m), 0, op, Int32(m))
                    } else {
                        for i in 0..<n {
                            for j in 0..<k {
                                let value = gb[i * k + j]
                                if value == 0 { continue }
                                let row = w + j * m, target = i * m
                                for c in 0..<m { out[target + c] += value * t[row + c] }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Adds `(1/n)Σ r_i` to the output-bias gradient and `λθ` to the decayed
    /// parameters (SPEC §2); returns `λ/2‖θ‖²` (`FlowProblem.addBiasAndDecay`).
    func addBiasAndDecay(_ gradient: inout [Double], _ theta: [Double], _ residual: [Double]) -> Double {
        if layout.bias[depth - 1] {
            let inverse = 1 / Double(samples), b = layout.biasOffset[depth - 1]
            for i in 0..<samples { for o in 0..<e { gradient[b + o] += residual[i * e + o] * inverse } }
        }
        if let coordinateLaw {
            for index in 0..<layout.decayedCount where coordinateLaw.penalty[index] != 0 {
                gradient[index] += coordinateLaw.penalty[index] * theta[index]
            }
            return decayPenalty(theta)
        }
        guard uniformDecay != 0 else { return 0 }
        for index in 0..<layout.decayedCount { gradient[index] += uniformDecay * theta[index] }
        return decayPenalty(theta)
    }

    /// `λ/2 ‖θ‖²` over the decayed parameters (`Σ λ_i θ_i²/(2m_i²)` under a
    /// training setup: `CoordinateLaw`).
    func decayPenalty(_ theta: [Double]) -> Double {
        if let coordinateLaw {
            var sum = 0.0
            for index in 0..<layout.decayedCount { sum += coordinateLaw.penalty[index] * theta[index] * theta[index] }
            return 0.5 * sum
        }
        guard uniformDecay != 0 else { return 0 }
        var squares = 0.0
        for index in 0..<layout.decayedCount { squares += theta[index] * theta[index] }
        return 0.5 * uniformDecay * squares
    }

    // MARK: Loss and gradient without a pattern

    /// `L(θ)` including weight decay; one forward pass.
    public func lossValue(_ theta: [Double]) -> Double {
        loss.lossAndResidual(forward(theta, states: nil).outputs, targets: targets, samples: samples).0 + decayPenalty(theta)
    }

    /// `L(θ)` and `∇L(θ)` with σ'(0) := 0 (SPEC §1), plus `λθ`.
    public func lossAndGradient(_ theta: [Double]) -> (loss: Double, gradient: [Double]) {
        let pass = forward(theta, states: nil, keepPreactivations: true)
        var (lossValue, residual) = loss.lossAndResidual(pass.outputs, targets: targets, samples: samples)
        var gradient = backward(theta, pass, residual: residual, rule: .signs).gradient
        lossValue += addBiasAndDecay(&gradient, theta, residual)
        return (lossValue, gradient)
    }

    /// Network outputs `f(x_i)`, `n × e`.
    public func outputs(_ theta: [Double]) -> [Double] { forward(theta, states: nil).outputs }

    /// Pre-activations of every pair, `n × neurons` (see `FlowModel`).
    public func preactivations(_ theta: [Double], pattern: ActivationPattern?) -> [Double] {
        let pass = forward(theta, states: pattern?.rawStates, keepPreactivations: true)
        if depth == 2 { return pass.pre[0] }
        let n = samples, columns = neurons
        var z = [Double](repeating: 0, count: n * columns)
        for h in 1..<depth {
            let k = widths[h], offset = layout.neuronOffset[h - 1], layer = pass.pre[h - 1]
            for i in 0..<n { for j in 0..<k { z[i * columns + offset + j] = layer[i * k + j] } }
        }
        return z
    }
}

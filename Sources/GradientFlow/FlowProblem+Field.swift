extension FlowProblem {
    /// The flow's vector field with the activation pattern frozen: `−g` where
    /// `g` is the minimal-norm element of SPEC §9.2a's set-valued gradient.
    /// Active and inactive pairs use σ' = 1 and γ; for the sliding pairs of
    /// neuron k the multipliers `s ∈ [γ, 1]` minimise
    /// `‖g⁰_{a_k} + Σ_i s_i (r_i·v_k)/n · x̃_i‖` (`σ(z) = 0` on the kink, so the
    /// residuals do not depend on s). Interior multipliers make the field
    /// tangent to `z_ik = 0`: the pair slides.
    /// Returns the loss, the field and the multipliers of the sliding pairs
    /// (keyed by pair index `i·l + k`).
    public func field(_ theta: [Double], pattern: ActivationPattern) -> (loss: Double, field: [Double], multipliers: [Int: Double]) {
        let pairs = samples * l
        let inverse = 1 / Double(samples)
        // Two n × l buffers: z becomes σ(z) in place, b = (r_i·v_k)/n becomes G = b ⊙ σ'.
        var hidden = preactivations(theta)
        var back = [Double](repeating: 0, count: pairs)
        var outputs = [Double](repeating: 0, count: samples * e)
        var gradient = [Double](repeating: 0, count: dimension)
        var lossValue = 0.0, residual: [Double] = []
        var sliding: [(pair: Int, back: Double)] = []
        // Hot loops on raw buffers (no per-element bounds or uniqueness checks);
        // every index below is < pairs, samples·e or dimension by construction.
        theta.withUnsafeBufferPointer { t in
            pattern.rawStates.withUnsafeBufferPointer { states in
                hidden.withUnsafeMutableBufferPointer { h in
                    // Sliding pairs sit on the kink: σ(0) = 0. Branch-free on the raw
                    // states (they follow the data, so branches on them mispredict).
                    let gamma = slope
                    for index in 0..<pairs {
                        let value = h[index], state = Int(states[index])
                        h[index] = (max(value, 0) + gamma * min(value, 0)) * Double(state * state)
                    }
                    outputs.withUnsafeMutableBufferPointer { out in
                        for i in 0..<samples {
                            for o in 0..<e {
                                var sum = outputBias ? t[b2Offset + o] : 0
                                let row = i * l, weights = w2Offset + o * l
                                for k in 0..<l { sum += t[weights + k] * h[row + k] }
                                out[i * e + o] = sum
                            }
                        }
                    }
                    (lossValue, residual) = lossAndResidual(outputs)
                    // ∇W2 = (1/n) Rᵀ H, the back-propagated b_ik = (r_i·v_k)/n, and
                    // G = b ⊙ σ'(state) row by row (σ' = γ, 1 for states −1, 1; the
                    // sliding pairs' b are set aside for the multipliers and G = 0 there).
                    residual.withUnsafeBufferPointer { r in
                        gradient.withUnsafeMutableBufferPointer { g in
                            back.withUnsafeMutableBufferPointer { b in
                                let gamma = slope, onKink = ActivationState.sliding.rawValue, inactive = ActivationState.inactive.rawValue
                                for i in 0..<samples {
                                    let row = i * l
                                    for o in 0..<e {
                                        let scaled = r[i * e + o] * inverse
                                        if scaled == 0 { continue }
                                        let weights = w2Offset + o * l
                                        for k in 0..<l {
                                            g[weights + k] += scaled * h[row + k]
                                            b[row + k] += scaled * t[weights + k]
                                        }
                                    }
                                    var slidingInRow = false
                                    for k in 0..<l {
                                        let state = states[row + k]
                                        slidingInRow = slidingInRow || state == onKink
                                        b[row + k] *= state == inactive ? gamma : 1
                                    }
                                    if slidingInRow {
                                        for k in 0..<l where states[row + k] == onKink {
                                            sliding.append((row + k, b[row + k]))
                                            b[row + k] = 0
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        accumulateInputGradient(back, into: &gradient)
        // Sliding pairs of neuron k: minimal-norm multipliers s ∈ [γ, 1] (SPEC §9.2a).
        var multipliers: [Int: Double] = [:]
        if !sliding.isEmpty {
            let width = d + (hiddenBias ? 1 : 0)
            var byNeuron = [[(sample: Int, back: Double)]](repeating: [], count: l)
            for (pair, b) in sliding { byNeuron[pair % l].append((pair / l, b)) }
            for k in 0..<l where !byNeuron[k].isEmpty {
                var base = [Double](repeating: 0, count: width)
                for j in 0..<d { base[j] = gradient[w1Offset + k * d + j] }
                if hiddenBias { base[d] = gradient[b1Offset + k] }
                let columns = byNeuron[k].map { entry in
                    var column = [Double](repeating: entry.back, count: width)
                    for j in 0..<d { column[j] = entry.back * inputs[entry.sample * d + j] }
                    return column
                }
                let (s, total) = BoundedLeastSquares.solve(g: base, columns: columns, lower: slope, upper: 1)
                for (position, entry) in byNeuron[k].enumerated() { multipliers[entry.sample * l + k] = s[position] }
                for j in 0..<d { gradient[w1Offset + k * d + j] = total[j] }
                if hiddenBias { gradient[b1Offset + k] = total[d] }
            }
        }
        lossValue += addBiasAndDecay(&gradient, theta, residual)
        for index in gradient.indices { gradient[index] = -gradient[index] }
        return (lossValue, gradient, multipliers)
    }
}

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
        let evaluation = fieldEvaluation(theta, pattern: pattern)
        return (evaluation.loss, evaluation.field, evaluation.multipliers)
    }

    /// `field`, with the pairs found on the other side of their kink than
    /// `pattern` says (`FieldEvaluation.crossedPairs`).
    func fieldEvaluation(_ theta: [Double], pattern: ActivationPattern) -> FieldEvaluation {
        // One n × l buffer: z, left holding G (the hidden bias is added in the pass on the BLAS path).
        let blas = samples * d * l >= FlowProblem.blasThreshold
        var back = blas ? inputProduct(theta) : preactivationsLoops(theta)
        var gradient = [Double](repeating: 0, count: dimension)
        let pass = samplePass(&back, pattern: pattern, theta, addBias: blas && hiddenBias, gradient: &gradient)
        var lossValue = pass.loss
        let sliding = pass.sliding
        accumulateInputWeights(back, into: &gradient)
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
        lossValue += addDecay(&gradient, theta)   // the pass has added ∇b2
        for index in gradient.indices { gradient[index] = -gradient[index] }
        return FieldEvaluation(loss: lossValue, field: gradient, multipliers: multipliers, crossedPairs: pass.crossed)
    }
}

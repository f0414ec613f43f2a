/// The kinks of every hidden layer (SPEC §9.2a, §13.8), one sample at a time:
/// pre-activations read through a dense output, rates `ż`, projections onto
/// the kinks, and the side a pair takes when it reaches its kink.
extension DeepFlowProblem {
    /// The activities `a_0 = x_i, a_1, …, a_{h−1}` of sample i under `pattern`
    /// (`σ(z)·state²`, as the field takes them), with θ read through `coordinate`.
    func sampleActivities(_ i: Int, _ states: [Int8], below h: Int, _ coordinate: (Int) -> Double) -> [[Double]] {
        var result = [Array(inputs[(i * d)..<(i * d + d)])]
        guard h > 1 else { return result }
        let gamma = slope
        for layer in 1..<h {
            let below = result[layer - 1], fanIn = widths[layer - 1], offset = i * neurons + layout.neuronOffset[layer - 1]
            let hasBias = layout.bias[layer - 1], b = layout.biasOffset[layer - 1]
            result.append((0..<widths[layer]).map { k in
                var z = hasBias ? coordinate(b + k) : 0
                let row = layout.weightOffset[layer - 1] + k * fanIn
                for c in 0..<fanIn { z += coordinate(row + c) * below[c] }
                let state = Int(states[offset + k])
                return (max(z, 0) + gamma * min(z, 0)) * Double(state * state)
            })
        }
        return result
    }

    /// `z_{h,k}(x_i)` with θ read through `coordinate` (see `FlowModel`).
    public func preactivation(sample i: Int, neuron column: Int, pattern: ActivationPattern, _ coordinate: (Int) -> Double) -> Double {
        let h = layerOf[column], k = indexOf[column]
        var z = layout.bias[h - 1] ? coordinate(layout.biasOffset[h - 1] + k) : 0
        let row = layout.weightOffset[h - 1] + k * widths[h - 1]
        if h == 1 {
            for c in 0..<d { z += coordinate(row + c) * inputs[i * d + c] }
            return z
        }
        let below = sampleActivities(i, pattern.rawStates, below: h, coordinate)[h - 1]
        for c in below.indices { z += coordinate(row + c) * below[c] }
        return z
    }

    /// σ' of `(layer, m)` at sample i under `states`, 0 on a kink: a pair held
    /// on its kink keeps `a = σ(0) = 0`, so nothing it feeds moves through it.
    func patternDerivative(_ states: [Int8], sample i: Int, layer: Int, index m: Int) -> Double {
        switch states[i * neurons + layout.neuronOffset[layer - 1] + m] {
        case ActivationState.active.rawValue: return 1
        case ActivationState.inactive.rawValue: return slope
        default: return 0
        }
    }

    /// `ż_{h,k}(x_i)` for a field θ̇ (forward-mode through the layers below, σ' from the pattern).
    func preactivationRate(_ field: [Double], _ theta: [Double], _ states: [Int8], sample i: Int, neuron column: Int) -> Double {
        let h = layerOf[column], k = indexOf[column]
        var activity = Array(inputs[(i * d)..<(i * d + d)])
        var rateBelow = [Double](repeating: 0, count: d)
        let gamma = slope
        if h > 1 {
            for layer in 1..<h {
                let fanIn = widths[layer - 1], hasBias = layout.bias[layer - 1], b = layout.biasOffset[layer - 1]
                var next = [Double](repeating: 0, count: widths[layer]), nextRate = next
                for m in 0..<widths[layer] {
                    var z = hasBias ? theta[b + m] : 0, rate = hasBias ? field[b + m] : 0
                    let row = layout.weight(layer, m, 0)
                    for c in 0..<fanIn {
                        z += theta[row + c] * activity[c]
                        rate += field[row + c] * activity[c] + theta[row + c] * rateBelow[c]
                    }
                    let state = Int(states[i * neurons + layout.neuronOffset[layer - 1] + m])
                    next[m] = (max(z, 0) + gamma * min(z, 0)) * Double(state * state)
                    nextRate[m] = rate * patternDerivative(states, sample: i, layer: layer, index: m)
                }
                activity = next
                rateBelow = nextRate
            }
        }
        var rate = layout.bias[h - 1] ? field[layout.biasOffset[h - 1] + k] : 0
        let row = layout.weight(h, k, 0)
        for c in activity.indices { rate += field[row + c] * activity[c] }
        if h > 1 { for c in activity.indices { rate += theta[row + c] * rateBelow[c] } }
        return rate
    }

    /// `J = ∇_θ z_{h,k}(x_i)` under the pattern (σ' 0 on kinks below).
    func kinkGradient(_ theta: [Double], _ states: [Int8], sample i: Int, neuron column: Int) -> [(column: Int, values: [Double])] {
        let h = layerOf[column], k = indexOf[column]
        let activities = sampleActivities(i, states, below: h) { theta[$0] }
        return kinkGradient(layer: h, index: k, theta, activity: { activities[$0][$1] },
                            derivative: { patternDerivative(states, sample: i, layer: $0, index: $1) })
    }

    /// `(1/n) ∂L/∂a_{h,k}(x_i)` under the pattern (sample i alone; `FlowProblem.backPropagated`'s order of sums).
    func backValue(_ theta: [Double], _ states: [Int8], sample i: Int, neuron column: Int) -> Double {
        let h = layerOf[column], k = indexOf[column], top = depth
        let activities = sampleActivities(i, states, below: top) { theta[$0] }
        let last = activities[top - 1]
        var back = [Double](repeating: 0, count: widths[top - 1])
        for o in 0..<e {
            var f = layout.bias[top - 1] ? theta[layout.biasOffset[top - 1] + o] : 0
            for m in last.indices { f += theta[layout.weight(top, o, m)] * last[m] }
            let r = loss.residual(f, target: targets[i * e + o])
            for m in back.indices { back[m] += r * theta[layout.weight(top, o, m)] }
        }
        if h < top - 1 {
            for layer in stride(from: top - 1, to: h, by: -1) {
                var next = [Double](repeating: 0, count: widths[layer - 1])
                for m in back.indices {
                    let delta = back[m] * patternDerivative(states, sample: i, layer: layer, index: m)
                    if delta == 0 { continue }
                    for c in next.indices { next[c] += delta * theta[layout.weight(layer, m, c)] }
                }
                back = next
            }
        }
        return back[k] / Double(samples)
    }

    /// `‖J‖²` block by block, bias first (`FlowProblem.inputSquaredNorm`'s order);
    /// `JᵀDJ` under a training setup (SPEC §14), the change of `ż` per unit of
    /// `b` when the flow is `θ̇ = −D∇P`.
    func squaredNorm(_ blocks: [(column: Int, values: [Double])]) -> Double {
        var sum = 0.0
        for (column, values) in blocks {
            let h = layerOf[column]
            let weights = layout.bias[h - 1] ? values.count - 1 : values.count
            let metric = coordinateLaw.map { law in sideIndices(column).map { law.metric[$0] } }
            if weights < values.count { sum += values[weights] * values[weights] * (metric?[weights] ?? 1) }
            for c in 0..<weights { sum += values[c] * values[c] * (metric?[c] ?? 1) }
        }
        return sum
    }

    /// ż with the pair active and inactive (SPEC §9.2a): two evaluations of the
    /// field, or one when no other pair on a kink shares a neuron with this pair's
    /// column `b·J` (then no multiplier re-optimises and switching σ' from 1 to γ
    /// adds `(1 − γ)·b·‖J‖²` to ż). With one hidden layer: `FlowProblem`'s rule.
    public func switchingRates(_ theta: [Double], _ pattern: ActivationPattern, sample i: Int, neuron column: Int) -> SwitchingRates {
        let states = pattern.rawStates
        let blocks = kinkGradient(theta, states, sample: i, neuron: column)
        let kinkSquared = squaredNorm(blocks), kinkNorm = kinkSquared.squareRoot()
        guard kinkSquared > 0 else { return SwitchingRates(up: 0, down: 0, noise: 0, evaluations: 0, unaffected: true) }
        var evaluations = 0
        func rate(_ state: ActivationState) -> (rate: Double, size: Double) {
            var trial = pattern
            trial[pair: i * neurons + column] = state
            evaluations += 1
            let field = evaluateField(theta, pattern: trial).field
            var size = 0.0
            for (neuron, _) in blocks {
                let indices = sideIndices(neuron)
                if let bias = layout.bias[layerOf[neuron] - 1] ? indices.last : nil { size += field[bias] * field[bias] }
                for index in indices.prefix(widths[layerOf[neuron] - 1]) { size += field[index] * field[index] }
            }
            return (preactivationRate(field, theta, trial.rawStates, sample: i, neuron: column), size.squareRoot())
        }
        let (up, upSize) = rate(.active)
        let h = layerOf[column]
        let others = pattern.slidingPairList.filter { $0.sample != i || $0.neuron != column }
        let alone = h == 1 ? others.allSatisfy { layerOf[$0.neuron] == 1 && $0.neuron != column } : others.isEmpty
        let down: Double, downSize: Double
        if alone {
            let change = (1 - slope) * (backValue(theta, states, sample: i, neuron: column) * kinkSquared)
            down = up + change
            downSize = upSize + abs(change) / max(kinkNorm, .leastNormalMagnitude)
        } else {
            (down, downSize) = rate(.inactive)
        }
        return SwitchingRates(up: up, down: down, noise: 1e-10 * kinkNorm * max(upSize, downSize), evaluations: evaluations)
    }

    /// Sliding pairs whose multiplier sits at a bound while the field leaves the
    /// surface on that side (`FlowProblem.slidingExits`, with ż through the layers below).
    public func slidingExits(_ theta: [Double], _ pattern: ActivationPattern, field: [Double], multipliers: [Int: Double])
        -> [(sample: Int, neuron: Int, side: ActivationState)] {
        var exits: [(sample: Int, neuron: Int, side: ActivationState)] = []
        for (i, k) in pattern.slidingPairList {
            guard let s = multipliers[i * neurons + k] else { continue }
            let side: ActivationState
            if s >= 1 - 1e-9 { side = .active } else if s <= slope + 1e-9 { side = .inactive } else { continue }
            let rate = preactivationRate(field, theta, pattern.rawStates, sample: i, neuron: k)
            if (side == .active && rate > 1e-12) || (side == .inactive && rate < -1e-12) { exits.append((i, k, side)) }
        }
        return exits
    }

    /// Puts every sliding pair exactly on its kink (SPEC §9.2a). When every
    /// such pair is in the first hidden layer, `z` is linear in each neuron's
    /// input side: `FlowProblem.projectSlidingPairs`'s least-change projection,
    /// neuron by neuron. Deeper pairs have `z` polynomial in θ through the
    /// layers below: the least change of θ that zeroes them all, by damped
    /// Gauss–Newton (Levenberg–Marquardt: `Δθ = −Jᵀ(JJᵀ + μI)⁻¹z`, J the
    /// pairs' `∇_θ z`, μ raised when a step does not shrink `max |z|`, at most
    /// 8 steps). A neuron's own input side alone would not do: when the layer
    /// below is almost silent for a sample (`a_{h−1}(x_i) ≈ 0`), `z` is small
    /// because of that, and projecting the input side would wipe it out.
    public func projectSlidingPairs(_ theta: inout [Double], _ pattern: ActivationPattern) {
        let list = pattern.slidingPairList
        guard !list.isEmpty else { return }
        if list.allSatisfy({ layerOf[$0.neuron] == 1 }) {
            projectFirstLayerPairs(&theta, list)
            return
        }
        let states = pattern.rawStates
        func kinks(_ theta: [Double]) -> [Double] {
            let z = preactivations(theta, pattern: pattern)
            return list.map { z[$0.sample * neurons + $0.neuron] }
        }
        var z = kinks(theta)
        var damping = 1e-12
        for _ in 0..<8 {
            let largest = z.map(abs).max() ?? 0
            let size = theta.reduce(0.0) { max($0, abs($1)) }
            if largest <= 1e-15 * max(size, 1e-300) { return }
            let rows = list.map { kinkGradient(theta, states, sample: $0.sample, neuron: $0.neuron) }
            let p = rows.count
            var gram = [Double](repeating: 0, count: p * p)
            for a in 0..<p {
                for b in a..<p {
                    var sum = 0.0
                    for (column, values) in rows[a] {
                        guard let other = rows[b].first(where: { $0.column == column })?.values else { continue }
                        for c in values.indices { sum += values[c] * other[c] }
                    }
                    gram[a * p + b] = sum
                    gram[b * p + a] = sum
                }
            }
            let diagonal = (0..<p).map { gram[$0 * p + $0] }.max() ?? 0
            guard diagonal > 0 else { return }
            var improved = false
            for _ in 0..<6 {
                var damped = gram
                for a in 0..<p { damped[a * p + a] += damping * diagonal }
                let lambda = BoundedLeastSquares.freeSolution(Set(0..<p), [Double](repeating: 0, count: p), gram: damped,
                                                              linear: z.map { -$0 }, p: p)
                var trial = theta
                for (a, row) in rows.enumerated() where lambda[a] != 0 {
                    for (column, values) in row {
                        for (offset, index) in sideIndices(column).enumerated() { trial[index] -= lambda[a] * values[offset] }
                    }
                }
                let next = kinks(trial)
                if (next.map(abs).max() ?? 0) < largest {
                    theta = trial
                    z = next
                    damping = max(1e-12, damping / 10)
                    improved = true
                    break
                }
                damping *= 100
            }
            if !improved { return }
        }
    }

    /// `FlowProblem.projectSlidingPairs` for first-layer pairs: each neuron's
    /// input side projected off the span of its sliding samples' inputs.
    func projectFirstLayerPairs(_ theta: inout [Double], _ list: [(sample: Int, neuron: Int)]) {
        func dot(_ u: [Double], _ w: [Double]) -> Double { var sum = 0.0; for i in 0..<u.count { sum += u[i] * w[i] }; return sum }
        var rowsByNeuron: [Int: [Int]] = [:]
        for (i, k) in list { rowsByNeuron[k, default: []].append(i) }
        let width = sideWidth(1), hasBias = layout.bias[0]
        for column in rowsByNeuron.keys.sorted() {
            guard let rows = rowsByNeuron[column] else { continue }
            var basis: [[Double]] = []
            for i in rows {
                var u = (0..<d).map { inputs[i * d + $0] } + (hasBias ? [1] : [])
                let original = dot(u, u).squareRoot()
                for _ in 0..<2 { for b in basis { let c = dot(b, u); for j in 0..<width { u[j] -= c * b[j] } } }
                let n = dot(u, u).squareRoot()
                if n > 1e-10 * max(original, 1e-300) { basis.append(u.map { $0 / n }) }
                if basis.count == width { break }
            }
            let indices = sideIndices(column)
            var a = indices.map { theta[$0] }
            if basis.count == width {
                a = [Double](repeating: 0, count: width)
            } else {
                for b in basis { let c = dot(b, a); for j in 0..<width { a[j] -= c * b[j] } }
            }
            for (position, index) in indices.enumerated() { theta[index] = a[position] }
        }
    }
}

/// The column of one sliding pair `(i, h, k)` in the minimal-norm problem:
/// the pair's back-propagated value `b` times `J = ∇_θ z_{h,k}(x_i)`, stored as
/// blocks, one per hidden neuron whose input side it touches.
struct KinkColumn {
    /// Pattern pair index `i · neurons + column`.
    let pair: Int
    let back: Double
    /// `(neuron column, entries of J on that neuron's input side: weights, then bias)`.
    let blocks: [(column: Int, values: [Double])]
}

extension DeepFlowProblem {
    /// The field with the pattern frozen (SPEC §9.2a, §13.8): `−g`, `g` the
    /// minimal-norm element of the gradients obtained with σ'(0) ∈ [γ, 1] for
    /// every pair on a kink.
    ///
    /// A pair `(i, h, k)` on its kink adds `s·b·J` to the gradient (`b` from the
    /// layers above, `J = ∇_θ z_{h,k}(x_i)` through the layers below, σ(0) = 0
    /// so f does not move). When every sample's kink pairs lie in one layer the
    /// gradient is affine in the multipliers `s`, and `s` is the box-constrained
    /// least squares of §9.2a over all pairs at once (split into independent
    /// problems by the neurons their columns touch: with one hidden layer, one
    /// per neuron, as `FlowProblem`). When a sample has kink pairs in several
    /// layers, `b` and `J` depend on each other's multipliers (multilinear):
    /// safeguarded Gauss–Newton over them, block coordinate descent over the
    /// layers as the fallback, each step that same least squares
    /// (`resolveMultilinear`; Notes/DESIGN.md, "Deep flow").
    public func evaluateField(_ theta: [Double], pattern: ActivationPattern, start: [Int: Double]) -> FieldEvaluation {
        let pass = forward(theta, states: pattern.rawStates)
        var (lossValue, residual) = loss.lossAndResidual(pass.outputs, targets: targets, samples: samples)
        var (gradient, sliding) = backward(theta, pass, residual: residual, rule: .pattern)
        var multipliers: [Int: Double] = [:]
        var multilayer = 0
        if !sliding.isEmpty {
            (multipliers, multilayer) = resolveSliding(sliding, theta, pass, residual: residual, start: start, gradient: &gradient)
        }
        lossValue += addBiasAndDecay(&gradient, theta, residual)
        if let coordinateLaw {
            // SPEC §14: θ̇ = −D∇P.
            for index in gradient.indices { gradient[index] = -coordinateLaw.metric[index] * gradient[index] }
        } else {
            for index in gradient.indices { gradient[index] = -gradient[index] }
        }
        return FieldEvaluation(loss: lossValue, field: gradient, multipliers: multipliers, multilayerSamples: multilayer)
    }

    /// σ' of hidden neuron `(h, m)` at sample i under the pattern: 1, γ, or, on
    /// the kink, the multiplier in `kink` (0 when none is given).
    func derivative(_ pattern: [Int8], sample i: Int, layer h: Int, index m: Int, kink: [Int: Double]) -> Double {
        let pair = i * neurons + layout.neuronOffset[h - 1] + m
        switch pattern[pair] {
        case ActivationState.active.rawValue: return 1
        case ActivationState.inactive.rawValue: return slope
        default: return kink[pair] ?? 0
        }
    }

    /// `a_{h}(x_i)` as the pass holds it (`h = 0`: the input).
    @inline(__always) func activity(_ pass: DeepForward, sample i: Int, layer h: Int, _ m: Int) -> Double {
        h == 0 ? inputs[i * d + m] : pass.hidden[h - 1][i * widths[h] + m]
    }

    /// `J = ∇_θ z_{h,k}(x_i)` with σ' of the layers below from the pattern and
    /// `kink` (the multipliers of pairs on kinks below): one block per hidden
    /// neuron whose input side it touches, `(h, k)`'s own first.
    func kinkGradient(sample i: Int, layer h: Int, index k: Int, _ theta: [Double], _ pass: DeepForward, kink: [Int: Double]) -> [(column: Int, values: [Double])] {
        kinkGradient(layer: h, index: k, theta, activity: { activity(pass, sample: i, layer: $0, $1) },
                     derivative: { derivative(pass.states, sample: i, layer: $0, index: $1, kink: kink) })
    }

    /// `J = ∇_θ z_{h,k}(x)` for one input, given its activities `activity(layer, m)`
    /// (`layer` 0: the input) and σ' of the hidden neurons below, `derivative(layer, m)`.
    func kinkGradient(layer h: Int, index k: Int, _ theta: [Double], activity: (Int, Int) -> Double,
                      derivative: (Int, Int) -> Double) -> [(column: Int, values: [Double])] {
        func block(_ layer: Int, _ scale: Double) -> [Double] {
            var values = (0..<widths[layer - 1]).map { scale * activity(layer - 1, $0) }
            if layout.bias[layer - 1] { values.append(scale) }
            return values
        }
        var blocks = [(layout.neuronOffset[h - 1] + k, block(h, 1))]
        guard h > 1 else { return blocks }
        // δ at layer h − 1: W_h[k, :] ⊙ σ'.
        var delta = (0..<widths[h - 1]).map { m in theta[layout.weight(h, k, m)] * derivative(h - 1, m) }
        for layer in stride(from: h - 1, through: 1, by: -1) {
            for m in 0..<widths[layer] where delta[m] != 0 {
                blocks.append((layout.neuronOffset[layer - 1] + m, block(layer, delta[m])))
            }
            guard layer > 1 else { break }
            var next = [Double](repeating: 0, count: widths[layer - 1])
            for m in 0..<widths[layer] where delta[m] != 0 {
                for c in 0..<widths[layer - 1] { next[c] += delta[m] * theta[layout.weight(layer, m, c)] }
            }
            for c in next.indices where next[c] != 0 { next[c] *= derivative(layer - 1, c) }
            delta = next
        }
        return blocks
    }

    /// θ indices of hidden neuron `column`'s input side: `W_h[k, :]`, then `b_h[k]`.
    func sideIndices(_ column: Int) -> [Int] {
        let h = layerOf[column], k = indexOf[column]
        var indices = (0..<widths[h - 1]).map { layout.weight(h, k, $0) }
        if layout.bias[h - 1] { indices.append(layout.biasOffset[h - 1] + k) }
        return indices
    }

    /// The minimal-norm multipliers of `columns` (an affine family): one
    /// `BoundedLeastSquares` per group of pairs whose columns share a neuron,
    /// on the union of the group's blocks. Writes `g + Σ s·b·J` over `gradient`
    /// and returns the multipliers.
    func solveAffine(_ columns: [KinkColumn], gradient: inout [Double]) -> [Int: Double] {
        var parent = Array(0..<neurons)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for column in columns {
            let first = find(column.blocks[0].column)
            for block in column.blocks.dropFirst() {
                let root = find(block.column)
                if root != first { parent[root] = first }
            }
        }
        var groups: [Int: [Int]] = [:]
        for (position, column) in columns.enumerated() { groups[find(column.blocks[0].column), default: []].append(position) }
        var multipliers: [Int: Double] = [:]
        for root in groups.keys.sorted() {
            guard let members = groups[root] else { continue }
            var touched = Set<Int>()
            for position in members { for block in columns[position].blocks { touched.insert(block.column) } }
            var place: [Int: Int] = [:], indices: [Int] = []
            for neuron in touched.sorted() {
                place[neuron] = indices.count
                indices += sideIndices(neuron)
            }
            // Under a training setup the norm is ‖√D g‖ (the plain rule in φ = D^{−1/2}θ, SPEC §14).
            let root = indices.map { coordinateLaw?.metricRoot[$0] ?? 1 }
            let base = indices.enumerated().map { gradient[$1] * root[$0] }
            let q = indices.count
            var flat = [Double](repeating: 0, count: members.count * q)
            for (row, position) in members.enumerated() {
                let column = columns[position]
                for block in column.blocks {
                    guard let start = place[block.column] else { continue }
                    let origin = row * q + start
                    for (offset, value) in block.values.enumerated() { flat[origin + offset] += column.back * value * root[start + offset] }
                }
            }
            // One neuron: FlowProblem's solver (its numbers); several: the Gram form (long columns).
            let (s, total): (s: [Double], residual: [Double])
            if touched.count == 1 {
                (s, total) = BoundedLeastSquares.solve(g: base, columns: (0..<members.count).map { Array(flat[($0 * q)..<($0 * q + q)]) },
                                                       lower: slope, upper: 1)
            } else {
                (s, total) = BoundedLeastSquares.solveGram(g: base, flat: flat, count: members.count, lower: slope, upper: 1)
            }
            for (position, member) in members.enumerated() { multipliers[columns[member].pair] = s[position] }
            for (offset, index) in indices.enumerated() { gradient[index] = total[offset] / root[offset] }
        }
        return multipliers
    }

    /// The sliding pairs' multipliers and the minimal-norm gradient (see
    /// `evaluateField`); returns the multipliers and the number of samples
    /// with kink pairs in more than one layer.
    func resolveSliding(_ sliding: [(pair: Int, back: Double)], _ theta: [Double], _ pass: DeepForward, residual: [Double],
                        start: [Int: Double], gradient: inout [Double]) -> ([Int: Double], Int) {
        let columns = neurons
        var layersOfSample: [Int: Set<Int>] = [:]
        for (pair, _) in sliding { layersOfSample[pair / columns, default: []].insert(layerOf[pair % columns]) }
        let multi = Set(layersOfSample.filter { $0.value.count > 1 }.keys)
        let affine = sliding.filter { !multi.contains($0.pair / columns) }.map { pair, back in
            let i = pair / columns, column = pair % columns
            return KinkColumn(pair: pair, back: back,
                              blocks: kinkGradient(sample: i, layer: layerOf[column], index: indexOf[column], theta, pass, kink: [:]))
        }
        if multi.isEmpty { return (solveAffine(affine, gradient: &gradient), 0) }
        return (resolveMultilinear(sliding, multi: multi, affine: affine, theta, pass, residual: residual, start: start, gradient: &gradient),
                multi.count)
    }

    /// SPEC §13.8, several layers of one sample on kinks (Notes/DESIGN.md, "Deep
    /// sliding"). The multipliers of those samples start where the last
    /// evaluation under this pattern left them (`start`), else at (1 + γ)/2.
    /// A step linearises the gradient in their multipliers at the current ones
    /// (column of pair p: `b_p·J_p` with the others' current values, exact for
    /// the affine pairs) and solves `solveAffine`'s least squares over every
    /// pair at once (Gauss–Newton with the box); it is taken only if ‖g‖
    /// decreases. Otherwise one sweep of block coordinate descent over the
    /// layers, top down (a block: one layer's pairs of those samples with every
    /// pair of the other samples, the rest held, where g is affine: an exact
    /// least squares, ‖g‖ never increases). Until no multiplier moves by more
    /// than 1e-12, a sweep changes nothing, or 50 rounds.
    func resolveMultilinear(_ sliding: [(pair: Int, back: Double)], multi: Set<Int>, affine: [KinkColumn], _ theta: [Double],
                            _ pass: DeepForward, residual: [Double], start: [Int: Double], gradient: inout [Double]) -> [Int: Double] {
        let columns = neurons
        let base = gradient
        var kink: [Int: Double] = [:]
        var pairsOf: [Int: [Int]] = [:]
        for (pair, _) in sliding where multi.contains(pair / columns) {
            kink[pair] = start[pair] ?? 0.5 * (1 + slope)
            pairsOf[pair / columns, default: []].append(pair)
        }
        let samplesInOrder = multi.sorted()
        let zero = Dictionary(uniqueKeysWithValues: samplesInOrder.map { ($0, sampleGradient($0, theta, pass, residual: residual, kink: [:]).gradient) })
        let layers = Set(kink.keys.map { layerOf[$0 % columns] }).sorted(by: >)
        /// `base` plus those samples' share at `kink` (no affine pair), and their back-propagated values.
        func multiPart(_ kink: [Int: Double]) -> (g: [Double], backs: [Int: [[Double]]]) {
            var g = base, backs: [Int: [[Double]]] = [:]
            for i in samplesInOrder {
                let (contribution, back) = sampleGradient(i, theta, pass, residual: residual, kink: kink)
                if let reference = zero[i] { for index in g.indices { g[index] += contribution[index] - reference[index] } }
                backs[i] = back
            }
            return (g, backs)
        }
        /// Those samples' pairs (of layer `only`, or all) as columns at `kink`.
        func multiColumns(_ kink: [Int: Double], _ backs: [Int: [[Double]]], only: Int? = nil) -> [KinkColumn] {
            var result: [KinkColumn] = []
            for i in samplesInOrder {
                for pair in pairsOf[i] ?? [] {
                    let column = pair % columns, h = layerOf[column], k = indexOf[column]
                    if let only, h != only { continue }
                    result.append(KinkColumn(pair: pair, back: backs[i]?[h - 1][k] ?? 0,
                                             blocks: kinkGradient(sample: i, layer: h, index: k, theta, pass, kink: kink)))
                }
            }
            return result
        }
        /// `g + Σ weight·s·b·J` over `columns`.
        func add(_ columns: [KinkColumn], _ values: [Int: Double], weight: Double = 1, to g: inout [Double]) {
            for column in columns {
                guard let value = values[column.pair], value != 0 else { continue }
                for block in column.blocks {
                    let scale = weight * value * column.back
                    for (offset, index) in sideIndices(block.column).enumerated() { g[index] += scale * block.values[offset] }
                }
            }
        }
        func squaredNorm(_ g: [Double]) -> Double {
            guard let coordinateLaw else { return g.reduce(0) { $0 + $1 * $1 } }
            var sum = 0.0
            for index in g.indices { sum += coordinateLaw.metric[index] * g[index] * g[index] }
            return sum
        }
        // The affine pairs at the starting multipliers.
        var current = multiPart(kink)
        var total = current.g
        var result = solveAffine(affine, gradient: &total)
        var best = squaredNorm(total)
        for _ in 0..<50 {
            // Gauss–Newton: g(s') ≈ g(s) + Σ (s'_p − s_p) b_p J_p over those samples' pairs.
            let linear = multiColumns(kink, current.backs)
            var shifted = current.g
            add(linear, kink, weight: -1, to: &shifted)
            var model = shifted
            let proposal = solveAffine(affine + linear, gradient: &model)
            var next = kink
            var largest = 0.0
            for pair in kink.keys {
                let value = proposal[pair] ?? kink[pair] ?? 0
                largest = max(largest, abs(value - (kink[pair] ?? value)))
                next[pair] = value
            }
            let candidate = multiPart(next)
            var candidateTotal = candidate.g
            add(affine, proposal, to: &candidateTotal)
            let candidateNorm = squaredNorm(candidateTotal)
            if candidateNorm <= best {
                (kink, current, total, best) = (next, candidate, candidateTotal, candidateNorm)
                result = proposal
                if largest <= 1e-12 { break }
                continue
            }
            // One sweep of block coordinate descent instead.
            var moved = 0.0
            for h in layers {
                var held = kink
                for pair in kink.keys where layerOf[pair % columns] == h { held[pair] = 0 }
                let fixed = multiPart(held)
                var g = fixed.g
                let solution = solveAffine(affine + multiColumns(held, fixed.backs, only: h), gradient: &g)
                for (pair, value) in solution where kink[pair] != nil {
                    moved = max(moved, abs(value - (kink[pair] ?? value)))
                    kink[pair] = value
                }
                result = solution
                total = g
            }
            best = squaredNorm(total)
            current = multiPart(kink)
            if moved <= 1e-12 { break }
        }
        gradient = total
        for (pair, value) in kink { result[pair] = value }
        return result
    }

    /// Sample i's share of the gradient of the hidden layers (`W_h`, `b_h`,
    /// `h ≤ L − 1`; the top layer's share does not depend on σ'), with σ' from
    /// the pattern and `kink` on the pairs on kinks, and the back-propagated
    /// values `b_h = (1/n) ∂L/∂a_h(x_i)` per hidden layer.
    func sampleGradient(_ i: Int, _ theta: [Double], _ pass: DeepForward, residual: [Double], kink: [Int: Double]) -> (gradient: [Double], back: [[Double]]) {
        var gradient = [Double](repeating: 0, count: dimension)
        var backs = [[Double]](repeating: [], count: depth - 1)
        let inverse = 1 / Double(samples), top = depth
        var back = (0..<widths[top - 1]).map { m in
            (0..<e).reduce(0.0) { $0 + residual[i * e + $1] * theta[layout.weight(top, $1, m)] } * inverse
        }
        for h in stride(from: top - 1, through: 1, by: -1) {
            backs[h - 1] = back
            var delta = back
            for m in delta.indices { delta[m] *= derivative(pass.states, sample: i, layer: h, index: m, kink: kink) }
            let fanIn = widths[h - 1]
            for m in delta.indices where delta[m] != 0 {
                for c in 0..<fanIn { gradient[layout.weight(h, m, c)] += delta[m] * activity(pass, sample: i, layer: h - 1, c) }
                if layout.bias[h - 1] { gradient[layout.biasOffset[h - 1] + m] += delta[m] }
            }
            guard h > 1 else { break }
            var next = [Double](repeating: 0, count: fanIn)
            for m in delta.indices where delta[m] != 0 {
                for c in 0..<fanIn { next[c] += delta[m] * theta[layout.weight(h, m, c)] }
            }
            back = next
        }
        return (gradient, backs)
    }
}

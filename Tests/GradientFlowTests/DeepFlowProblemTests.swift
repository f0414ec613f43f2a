import Testing
import ExactNumbers
@testable import GradientFlow
import TestSupport

/// A random deep architecture: 2 or 3 hidden layers of width 1…3, random biases.
func randomDeepProblem(_ random: inout TestRandom, inputs: [Double]? = nil, samples n: Int = 7, loss: FlowLoss = .mse,
                       slope: Double = 0, decay: Double = 0, outputs: Int? = nil) -> DeepFlowProblem {
    let depth = 3 + random.next(2)
    var widths = [1 + random.next(3)]
    for _ in 1..<depth { widths.append(1 + random.next(3)) }
    widths.append(outputs ?? (loss == .bce ? 1 : 1 + random.next(2)))
    let bias = (0..<depth).map { _ in random.next(2) == 0 }
    let x = inputs ?? (0..<(n * widths[0])).map { _ in random.normal() }
    let y = (0..<(n * (widths.last ?? 1))).map { _ in loss == .bce ? Double(random.next(2)) : random.normal() }
    return DeepFlowProblem(inputs: x, targets: y, samples: n, widths: widths, bias: bias, loss: loss, slope: slope, weightDecay: decay)
}

/// An independent reference: the gradient of the data loss (no decay) with σ'
/// given per pair (`derivative[i·neurons + k]`) and hidden values σ(z), or 0 on
/// the pairs listed in `onKink`; plain loops, sample by sample.
func referenceGradient(_ p: DeepFlowProblem, _ theta: [Double], derivative: [Double], onKink: Set<Int> = []) -> [Double] {
    let widths = p.widths, depth = widths.count - 1, layout = p.layout
    var gradient = [Double](repeating: 0, count: p.dimension)
    for i in 0..<p.samples {
        var activity: [[Double]] = [Array(p.inputs[(i * widths[0])..<((i + 1) * widths[0])])]
        for h in 1...depth {
            var next = [Double](repeating: 0, count: widths[h])
            for k in 0..<widths[h] {
                var z = layout.bias[h - 1] ? theta[layout.biasOffset[h - 1] + k] : 0
                for m in 0..<widths[h - 1] { z += theta[layout.weight(h, k, m)] * activity[h - 1][m] }
                let pair = h < depth ? i * p.neurons + layout.neuronOffset[h - 1] + k : -1
                next[k] = h == depth ? z : (onKink.contains(pair) ? 0 : (z > 0 ? z : p.slope * z))
            }
            activity.append(next)
        }
        var back = (0..<widths[depth]).map { o in
            p.loss.residual(activity[depth][o], target: p.targets[i * widths[depth] + o]) / Double(p.samples)
        }
        for h in stride(from: depth, through: 1, by: -1) {
            if h < depth {
                back = (0..<widths[h]).map { k in back[k] * derivative[i * p.neurons + layout.neuronOffset[h - 1] + k] }
            }
            var below = [Double](repeating: 0, count: widths[h - 1])
            for k in 0..<widths[h] {
                for m in 0..<widths[h - 1] {
                    gradient[layout.weight(h, k, m)] += back[k] * activity[h - 1][m]
                    below[m] += back[k] * theta[layout.weight(h, k, m)]
                }
                if layout.bias[h - 1] { gradient[layout.biasOffset[h - 1] + k] += back[k] }
            }
            back = below
        }
    }
    return gradient
}

/// σ' of every pair under `pattern`, with the multipliers on the kinks.
func derivatives(_ p: DeepFlowProblem, _ pattern: ActivationPattern, _ multipliers: [Int: Double]) -> [Double] {
    (0..<pattern.pairs).map { index in
        switch pattern[pair: index] {
        case .active: return 1
        case .inactive: return p.slope
        case .sliding: return multipliers[index] ?? 0
        }
    }
}

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

@Suite struct DeepFlowProblemTests {
    /// SPEC §9.1 for any depth: ∇L in binary64 against the exact rational
    /// gradient (MSE is a polynomial on each activation region, SPEC §11.1) at
    /// dyadic parameters and data, σ'(0) := 0; and the exact conservation
    /// defect ⟨a, ∇_a L⟩ − ⟨o, ∇_o L⟩ = 0 of every hidden neuron (SPEC §13.2).
    @Test(arguments: [Rational.zero, Rational(1) / Rational(4)])
    func gradientIsTheExactRationalGradient(slope: Rational) {
        var random = TestRandom(1308)
        for _ in 0..<60 {
            let n = 2 + random.next(5)
            let depth = 3 + random.next(2)
            var widths = [1 + random.next(3)]
            for _ in 1..<depth { widths.append(1 + random.next(3)) }
            widths.append(1 + random.next(2))
            let bias = (0..<depth).map { _ in random.next(2) == 0 }
            let x = (0..<(n * widths[0])).map { _ in random.dyadic() }
            let y = (0..<(n * widths[depth])).map { _ in random.dyadic() }
            let problem = DeepFlowProblem(inputs: x.map(\.doubleValue), targets: y.map(\.doubleValue), samples: n, widths: widths,
                                          bias: bias, loss: .mse, slope: slope.doubleValue)
            let theta = (0..<problem.dimension).map { _ in random.dyadic() }
            let exact = exactDeepGradient(problem.layout, theta, inputs: x, targets: y, samples: n, slope: slope)
            let computed = problem.lossAndGradient(theta.map(\.doubleValue)).gradient
            let scale = exact.map { abs($0.doubleValue) }.max() ?? 0
            for index in exact.indices {
                #expect(abs(computed[index] - exact[index].doubleValue) <= 1e-12 * (1 + scale), "θ[\(index)]")
            }
            // SPEC §13.2: the identity behind every law, exactly.
            let layout = problem.layout
            for h in 1..<depth {
                for k in 0..<widths[h] {
                    var defect = Rational.zero
                    for m in 0..<widths[h - 1] { defect += theta[layout.weight(h, k, m)] * exact[layout.weight(h, k, m)] }
                    if bias[h - 1] { defect += theta[layout.biasOffset[h - 1] + k] * exact[layout.biasOffset[h - 1] + k] }
                    for o in 0..<widths[h + 1] { defect -= theta[layout.weight(h + 1, o, k)] * exact[layout.weight(h + 1, o, k)] }
                    #expect(defect.isZero)
                }
            }
        }
    }

    /// BCE, leaky ReLU, weight decay: ∇L against central differences at generic points.
    @Test(arguments: [(FlowLoss.bce, 0.0, 0.0), (.bce, 0.1, 0.05), (.mse, 0.2, 0.3)])
    func gradientMatchesCentralDifferences(loss: FlowLoss, slope: Double, decay: Double) {
        var random = TestRandom(77)
        for _ in 0..<25 {
            let problem = randomDeepProblem(&random, loss: loss, slope: slope, decay: decay)
            let theta = (0..<problem.dimension).map { _ in random.normal() }
            let (value, gradient) = problem.lossAndGradient(theta)
            #expect(abs(value - problem.lossValue(theta)) <= 1e-14 * max(1, value))
            for index in theta.indices {
                let h = 1e-6 * max(1, abs(theta[index]))
                var plus = theta, minus = theta
                plus[index] += h
                minus[index] -= h
                let difference = (problem.lossValue(plus) - problem.lossValue(minus)) / (2 * h)
                #expect(abs(difference - gradient[index]) <= 1e-6 * max(1, abs(gradient[index])), "θ[\(index)]")
            }
        }
    }

    /// Kink projection and the field, at points near kinks (as a flow meets
    /// them): 1–3 pairs put on kinks by repeated projection, moved by 1e-7, then
    /// projected once more: they land on their kinks again with a small move
    /// of θ. There the field is the reference gradient with its own
    /// multipliers, and keeps the laws: ⟨a, ġ_a⟩ − ⟨o, ġ_o⟩ vanishes to
    /// rounding for every selection (SPEC §13.2).
    @Test func fieldKeepsTheLawsAndTheKinks() {
        var random = TestRandom(4242)
        var checked = (cases: 0, multilinear: 0)
        for trial in 0..<150 where checked.cases < 60 {
            let problem = randomDeepProblem(&random, slope: trial % 3 == 0 ? 0.2 : 0, decay: 0)
            var theta = (0..<problem.dimension).map { _ in random.normal() }
            // A few pairs on kinks, as a flow has them (a handful among many coordinates).
            var pattern = ActivationPattern(problem, theta)
            for _ in 0..<(1 + random.next(3)) { pattern[pair: random.next(pattern.pairs)] = .sliding }
            // Onto the kinks, with the other pairs' sides kept as θ has them (the
            // values do not depend on the states; ∇z and the field do).
            for _ in 0..<3 {
                for _ in 0..<10 { problem.projectSlidingPairs(&theta, pattern) }
                let z = problem.preactivations(theta, pattern: pattern)
                for index in 0..<pattern.pairs where pattern[pair: index] != .sliding {
                    pattern[pair: index] = ActivationState(preactivation: z[index])
                }
            }
            func largestKink(_ theta: [Double]) -> Double {
                let z = problem.preactivations(theta, pattern: pattern)
                return pattern.slidingPairList.map { abs(z[$0.sample * problem.neurons + $0.neuron]) }.max() ?? 0
            }
            let size = theta.map(abs).max() ?? 1
            guard largestKink(theta) <= 1e-13 * max(1, size * size * size) else { continue }   // constraints without a common solution
            let near = theta.map { $0 + 1e-7 * random.normal() }
            // A pair not on a kink but within reach of one would cross first in a flow.
            let zNear = problem.preactivations(near, pattern: pattern)
            guard (0..<pattern.pairs).allSatisfy({ pattern[pair: $0] == .sliding || abs(zNear[$0]) > 1e-4 }) else { continue }
            var projected = near
            problem.projectSlidingPairs(&projected, pattern)
            #expect(largestKink(projected) <= 1e-13 * max(1, size * size * size), "trial \(trial)")
            #expect(norm(zip(projected, near).map { $0 - $1 }) <= 1e-5, "trial \(trial)")
            theta = projected
            checked.cases += 1
            let z = problem.preactivations(theta, pattern: pattern)
            guard (0..<pattern.pairs).allSatisfy({ pattern[pair: $0] == .sliding || !pattern[pair: $0].isCrossed(by: z[$0]) }) else { continue }
            let evaluation = problem.evaluateField(theta, pattern: pattern)
            if evaluation.multilayerSamples > 0 { checked.multilinear += 1 }
            let reference = referenceGradient(problem, theta, derivative: derivatives(problem, pattern, evaluation.multipliers),
                                              onKink: Set(pattern.slidingPairList.map { $0.sample * problem.neurons + $0.neuron }))
            let scale = norm(reference)
            for index in reference.indices { #expect(abs(evaluation.field[index] + reference[index]) <= 1e-10 * scale + 1e-15) }
            for value in evaluation.multipliers.values { #expect(value >= problem.slope && value <= 1) }
            let layout = problem.layout, widths = problem.widths
            for h in 1..<(widths.count - 1) {
                for k in 0..<widths[h] {
                    var defect = 0.0, magnitude = 0.0
                    func add(_ index: Int, _ sign: Double) {
                        defect += sign * theta[index] * evaluation.field[index]
                        magnitude += abs(theta[index] * evaluation.field[index])
                    }
                    for m in 0..<widths[h - 1] { add(layout.weight(h, k, m), 1) }
                    if layout.bias[h - 1] { add(layout.biasOffset[h - 1] + k, 1) }
                    for o in 0..<widths[h + 1] { add(layout.weight(h + 1, o, k), -1) }
                    #expect(abs(defect) <= 1e-9 * magnitude + 1e-15, "trial \(trial), neuron (\(h), \(k))")
                }
            }
        }
        #expect(checked.cases >= 40 && checked.multilinear >= 3)
    }

    /// SPEC §9.2a's minimal norm: in the affine case no selection of the
    /// multipliers on a grid gives a shorter field (the exact least squares);
    /// in the multilinear case no single multiplier moved along the grid does.
    /// Interior multipliers of the affine case make the field tangent to their kinks.
    @Test func minimalNormAgainstAGrid() {
        var random = TestRandom(99)
        var checked = (affine: 0, multilinear: 0)
        var worstRatio = 1.0
        for _ in 0..<300 where checked.affine < 40 || checked.multilinear < 25 {
            let problem = randomDeepProblem(&random, samples: 3, slope: random.next(2) == 0 ? 0 : 0.25)
            var theta = (0..<problem.dimension).map { _ in random.normal() }
            var pattern = ActivationPattern(problem, theta)
            let kinks = (0..<pattern.pairs).filter { _ in random.next(3) == 0 }.prefix(3)
            guard !kinks.isEmpty else { continue }
            for index in kinks { pattern[pair: index] = .sliding }
            problem.projectSlidingPairs(&theta, pattern)
            let evaluation = problem.evaluateField(theta, pattern: pattern)
            let multilinear = evaluation.multilayerSamples > 0
            let onKink = Set(kinks)
            var best = Double.infinity
            var grid = [Double](repeating: 0, count: kinks.count)
            func visit(_ position: Int) {
                if position == kinks.count {
                    var choice = evaluation.multipliers
                    for (place, index) in kinks.enumerated() { choice[index] = grid[place] }
                    best = min(best, norm(referenceGradient(problem, theta, derivative: derivatives(problem, pattern, choice), onKink: onKink)))
                    return
                }
                for step in 0...10 { grid[position] = problem.slope + (1 - problem.slope) * Double(step) / 10; visit(position + 1) }
            }
            visit(0)
            let found = norm(evaluation.field)
            if multilinear {
                // Not convex: the descent ends at a point no single multiplier can improve,
                // never worse than where it started.
                checked.multilinear += 1
                var middle = evaluation.multipliers
                for index in kinks { middle[index] = 0.5 * (1 + problem.slope) }
                #expect(found <= norm(referenceGradient(problem, theta, derivative: derivatives(problem, pattern, middle), onKink: onKink)) * (1 + 1e-9))
                for index in kinks {
                    for step in 0...10 {
                        var choice = evaluation.multipliers
                        choice[index] = problem.slope + (1 - problem.slope) * Double(step) / 10
                        let other = norm(referenceGradient(problem, theta, derivative: derivatives(problem, pattern, choice), onKink: onKink))
                        #expect(found <= other * (1 + 1e-9) + 1e-14)
                    }
                }
                worstRatio = max(worstRatio, found / max(best, 1e-300))
                continue
            }
            #expect(found <= best * (1 + 1e-9) + 1e-14, "\(found) vs \(best)")
            checked.affine += 1
            for index in kinks {
                guard let s = evaluation.multipliers[index], s > problem.slope + 1e-6, s < 1 - 1e-6 else { continue }
                let rate = problem.preactivationRate(evaluation.field, theta, pattern.rawStates, sample: index / problem.neurons,
                                                     neuron: index % problem.neurons)
                #expect(abs(rate) <= 1e-9 * max(1, norm(evaluation.field)), "pair \(index) slides with ż = \(rate)")
            }
        }
        #expect(checked.affine >= 40 && checked.multilinear >= 25)
        print("multilinear kinks: within a factor \(worstRatio) of the best grid point")
    }

    /// SPEC §9.3 at any depth: the Newton projection restores every c (also
    /// moved by 10%) and leaves f unchanged: a point of the symmetry orbit.
    @Test func orbitProjectionRestoresEveryInvariant() {
        var random = TestRandom(31)
        for _ in 0..<60 {
            let problem = randomDeepProblem(&random)
            let theta = (0..<problem.dimension).map { _ in random.normal() }
            let c0 = problem.invariants(theta)
            var moved = theta.map { $0 * (1 + 0.05 * random.normal()) }
            let before = problem.outputs(moved)
            problem.project(&moved, onto: c0)
            let c = problem.invariants(moved), scale = problem.squaredNorms(moved)
            for k in c.indices { #expect(abs(c[k] - c0[k]) <= 1e-12 * scale[k], "neuron \(k): \(c[k]) vs \(c0[k])") }
            for (a, b) in zip(problem.outputs(moved), before) { #expect(abs(a - b) <= 1e-11 * max(1, abs(b))) }
        }
    }

    /// SPEC §9.4 on random deep nets: without projection the drift of every c
    /// stays at the integration error; with it, at rounding after each step.
    @Test(arguments: [FlowMethod.dopri5, .bdf])
    func driftIsBounded(method: FlowMethod) throws {
        var random = TestRandom(5)
        for trial in 0..<6 {
            let problem = randomDeepProblem(&random, samples: 12, loss: trial % 2 == 0 ? .mse : .bce)
            let start = (0..<problem.dimension).map { _ in random.normal() }
            var settings = FlowSettings.unprojected(tMax: 5, relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
            let free = try FlowRunner(problem: problem, settings: settings).run(from: start, method: method)
            #expect(free.verdict != .invalid, "\(free.reason)")
            #expect(free.monitors.maxRelativeDrift <= 1e-5)
            settings.project = true
            let projected = try FlowRunner(problem: problem, settings: settings).run(from: start, method: method)
            // BDF's corrector before CVODE's projection: up to 1.8e-5 here (drift_tol is 1e-4).
            #expect(projected.monitors.maxRelativeDrift <= (method == .bdf ? 1e-4 : 1e-5))
            #expect(projected.monitors.maxRelativeDriftAfterProjection <= 1e-12)
            #expect(projected.monitors.invariantSignFlips == 0)
        }
    }
}

/// `∇L` exactly: rational backpropagation, σ'(0) := 0, MSE.
func exactDeepGradient(_ layout: DeepParameterLayout, _ theta: [Rational], inputs: [Rational], targets: [Rational], samples n: Int,
                       slope: Rational) -> [Rational] {
    let widths = layout.widths, depth = widths.count - 1
    var gradient = [Rational](repeating: .zero, count: layout.dimension)
    let inverse = Rational(1) / Rational(n)
    for i in 0..<n {
        var activity: [[Rational]] = [Array(inputs[(i * widths[0])..<((i + 1) * widths[0])])]
        var pre: [[Rational]] = [[]]
        for h in 1...depth {
            let z = (0..<widths[h]).map { k in
                (0..<widths[h - 1]).reduce(layout.bias[h - 1] ? theta[layout.biasOffset[h - 1] + k] : .zero) {
                    $0 + theta[layout.weight(h, k, $1)] * activity[h - 1][$1]
                }
            }
            pre.append(z)
            activity.append(h == depth ? z : z.map { $0.signum > 0 ? $0 : slope * $0 })
        }
        var back = (0..<widths[depth]).map { (activity[depth][$0] - targets[i * widths[depth] + $0]) * inverse }
        for h in stride(from: depth, through: 1, by: -1) {
            if h < depth {
                back = back.indices.map { k in
                    let z = pre[h][k]
                    return back[k] * (z.signum > 0 ? Rational(1) : (z.signum < 0 ? slope : .zero))
                }
            }
            var below = [Rational](repeating: .zero, count: widths[h - 1])
            for k in 0..<widths[h] where !back[k].isZero {
                for m in 0..<widths[h - 1] {
                    gradient[layout.weight(h, k, m)] += back[k] * activity[h - 1][m]
                    below[m] += back[k] * theta[layout.weight(h, k, m)]
                }
                if layout.bias[h - 1] { gradient[layout.biasOffset[h - 1] + k] += back[k] }
            }
            back = below
        }
    }
    return gradient
}

@Suite struct GramLeastSquaresTests {
    /// The Gram form answers SPEC §9.2a's box-constrained least squares as the
    /// column form does: same optimal residual norm (the optimum is unique in
    /// the residual), on random problems with long columns, some repeated or
    /// dependent, some zero.
    @Test func gramFormMatchesTheColumnForm() {
        var random = TestRandom(606)
        for trial in 0..<300 {
            let q = 5 + random.next(60), p = 1 + random.next(7)
            var columns = (0..<p).map { _ in (0..<q).map { _ in random.normal() } }
            if p > 2 && trial % 3 == 0 { columns[2] = columns[0].map { 2 * $0 } }
            if p > 1 && trial % 5 == 0 { columns[1] = [Double](repeating: 0, count: q) }
            if p > 3 && trial % 7 == 0 { columns[3] = zip(columns[0], columns[1]).map { $0 - 0.5 * $1 } }
            // Some g in the cone of the columns, so that interior solutions occur.
            var g = (0..<q).map { _ in 0.1 * random.normal() }
            for column in columns { let weight = -random.normal().magnitude; for i in 0..<q { g[i] += weight * column[i] } }
            let lower = trial % 2 == 0 ? 0 : 0.2
            let plain = BoundedLeastSquares.solve(g: g, columns: columns, lower: lower, upper: 1)
            let gram = BoundedLeastSquares.solveGram(g: g, columns: columns, lower: lower, upper: 1)
            #expect(abs(norm(gram.residual) - norm(plain.residual)) <= 1e-9 * max(1, norm(g)), "trial \(trial)")
            #expect(gram.s.allSatisfy { $0 >= lower && $0 <= 1 })
            // The residual is g + U s for the returned s, up to the polish's move within the interior span.
            var check = g
            for (j, column) in columns.enumerated() { for i in 0..<q { check[i] += gram.s[j] * column[i] } }
            #expect(norm(zip(check, gram.residual).map { $0 - $1 }) <= 1e-6 * max(1, norm(g)))
        }
    }
}

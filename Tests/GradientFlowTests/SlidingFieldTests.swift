import Testing
@testable import GradientFlow
import TestSupport

@Suite struct BoundedLeastSquaresTests {
    /// Reference: every assignment of each variable to {lower, upper, free}; solve the free
    /// ones unconstrained; keep feasible candidates; take the smallest objective.
    func bruteForce(g: [Double], columns: [[Double]], lower: Double, upper: Double) -> Double {
        let p = columns.count
        func objective(_ s: [Double]) -> Double {
            var r = g
            for (j, column) in columns.enumerated() { for i in r.indices { r[i] += s[j] * column[i] } }
            return r.reduce(0) { $0 + $1 * $1 }
        }
        var best = Double.infinity
        var assignment = [Int](repeating: 0, count: p)
        func visit(_ position: Int) {
            if position == p {
                let freeIndices = (0..<p).filter { assignment[$0] == 2 }
                var s = assignment.map { $0 == 0 ? lower : upper }
                if !freeIndices.isEmpty {
                    var shifted = g
                    for j in 0..<p where assignment[j] != 2 { for i in shifted.indices { shifted[i] += s[j] * columns[j][i] } }
                    var a = freeIndices.map { x in freeIndices.map { y in zip(columns[x], columns[y]).reduce(0) { $0 + $1.0 * $1.1 } } }
                    var b = freeIndices.map { x in -zip(columns[x], shifted).reduce(0) { $0 + $1.0 * $1.1 } }
                    guard let solution = solveLinear(&a, &b) else { return }
                    for (position, j) in freeIndices.enumerated() { s[j] = solution[position] }
                    if s.contains(where: { $0 < lower - 1e-12 || $0 > upper + 1e-12 }) { return }
                }
                best = min(best, objective(s))
                return
            }
            for choice in 0..<3 { assignment[position] = choice; visit(position + 1) }
        }
        visit(0)
        return best
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    func solveLinear(_ a: inout [[Double]], _ b: inout [Double]) -> [Double]? {
        let n = b.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                  abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                if factor == 0 { continue }
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    @Test func matchesBruteForce() {
        var random = TestRandom(77)
        for _ in 0..<400 {   // includes p > q (more sliding pairs than dimensions)
            let p = 1 + random.next(5), q = 1 + random.next(3)
            let g = (0..<q).map { _ in random.normal() }
            let columns = (0..<p).map { _ in (0..<q).map { _ in random.normal() } }
            let lower = random.next(2) == 0 ? 0.0 : 0.1
            let (s, residual) = BoundedLeastSquares.solve(g: g, columns: columns, lower: lower, upper: 1)
            #expect(s.allSatisfy { $0 >= lower && $0 <= 1 })
            var r = g
            for (j, column) in columns.enumerated() { for i in r.indices { r[i] += s[j] * column[i] } }
            // The residual is g + U s (up to the polish, which can only lower the objective).
            let value = residual.reduce(0) { $0 + $1 * $1 }
            #expect(value <= r.reduce(0) { $0 + $1 * $1 } * (1 + 1e-9) + 1e-12)
            let reference = bruteForce(g: g, columns: columns, lower: lower, upper: 1)
            #expect(value <= reference * (1 + 1e-9) + 1e-12, "p \(p) q \(q): \(value) vs \(reference)")
        }
    }
}

@Suite struct PiecewiseFieldTests {
    /// Reference assembly of the frozen-pattern gradient with plain loops: σ'(state) of
    /// SPEC §9.2a with sliding pairs left out, plus the given multipliers times their columns.
    func referenceGradient(_ p: FlowProblem, _ theta: [Double], _ pattern: ActivationPattern, multipliers: [Int: Double]) -> [Double] {
        var gradient = [Double](repeating: 0, count: p.dimension)
        let z = p.preactivationsLoops(theta)
        var f = [Double](repeating: 0, count: p.samples * p.e)
        for i in 0..<p.samples {
            for o in 0..<p.e {
                var sum = p.outputBias ? theta[p.b2Offset + o] : 0
                for k in 0..<p.l where pattern[i, k] != .sliding { sum += theta[p.w2Offset + o * p.l + k] * p.activate(z[i * p.l + k]) }
                f[i * p.e + o] = sum
            }
        }
        let (_, r) = p.lossAndResidual(f)
        let n = Double(p.samples)
        for i in 0..<p.samples {
            for k in 0..<p.l {
                let state = pattern[i, k]
                var back = 0.0
                for o in 0..<p.e {
                    if state != .sliding { gradient[p.w2Offset + o * p.l + k] += r[i * p.e + o] * p.activate(z[i * p.l + k]) / n }
                    back += r[i * p.e + o] * theta[p.w2Offset + o * p.l + k] / n
                }
                let factor = state == .active ? 1 : (state == .inactive ? p.slope : (multipliers[i * p.l + k] ?? .nan))
                for j in 0..<p.d { gradient[p.w1Offset + k * p.d + j] += factor * back * p.inputs[i * p.d + j] }
                if p.hiddenBias { gradient[p.b1Offset + k] += factor * back }
            }
        }
        if p.outputBias { for i in 0..<p.samples { for o in 0..<p.e { gradient[p.b2Offset + o] += r[i * p.e + o] / n } } }
        for index in 0..<(p.outputBias ? p.b2Offset : p.dimension) { gradient[index] += p.weightDecay * theta[index] }
        return gradient
    }

    /// Without sliding pairs the field is −∇L (the states are the signs of z); on
    /// problems above the BLAS threshold too.
    @Test(arguments: [FlowLoss.mse, .bce])
    func noSlidingIsMinusTheGradient(loss: FlowLoss) {
        var random = TestRandom(5)
        for size in [8, 300] {
            let problem = randomWideProblem(&random, samples: size, loss: loss, slope: 0.1)
            let theta = (0..<problem.dimension).map { _ in random.normal() }
            let (loss, field, multipliers) = problem.field(theta, pattern: ActivationPattern(problem, theta))
            let (referenceLoss, gradient) = problem.lossAndGradientLoops(theta)
            #expect(multipliers.isEmpty)
            #expect(abs(loss - referenceLoss) <= 1e-12 * max(1, abs(loss)))
            for (a, b) in zip(field, gradient) { #expect(abs(a + b) <= 1e-11 * max(1, abs(b))) }
        }
    }

    /// With sliding pairs: the field is −(g⁰ + Σ s_i b_i x̃_i) with the multipliers it
    /// reports, each in [γ, 1], and every interior multiplier makes ż_ik = 0 (SPEC §9.2a).
    @Test func slidingFieldAssemblyAndTangency() {
        var random = TestRandom(9)
        for trial in 0..<40 {
            let n = 6 + random.next(20), d = 2 + random.next(4), l = 1 + random.next(4)
            let slope = trial % 2 == 0 ? 0 : 0.1
            let problem = FlowProblem(inputs: (0..<(n * d)).map { _ in random.normal() },
                                      targets: (0..<n).map { _ in random.normal() }, samples: n, d: d, l: l, e: 1,
                                      hiddenBias: random.next(2) == 0, outputBias: false, loss: .mse, slope: slope)
            let theta = (0..<problem.dimension).map { _ in random.normal() }
            var pattern = ActivationPattern(problem, theta)
            for index in 0..<pattern.pairs where random.next(4) == 0 { pattern[pair: index] = .sliding }
            let (_, field, multipliers) = problem.field(theta, pattern: pattern)
            #expect(multipliers.count == pattern.slidingPairs)
            #expect(multipliers.values.allSatisfy { $0 >= slope - 1e-15 && $0 <= 1 + 1e-15 })
            let reference = referenceGradient(problem, theta, pattern, multipliers: multipliers)
            let scale = reference.map(abs).max() ?? 1
            for (a, b) in zip(field, reference) { #expect(abs(a + b) <= 1e-9 * max(1, scale)) }
            for (index, s) in multipliers where s > slope + 1e-6 && s < 1 - 1e-6 {
                let rate = problem.preactivationRate(field, sample: index / l, neuron: index % l)
                #expect(abs(rate) <= 1e-8 * max(1, scale), "interior multiplier \(s), ż = \(rate)")
            }
        }
    }

    /// The shortcut in `decide`: on the kink, switching a pair from σ' = 1 to γ adds
    /// (1 − γ)(r_i·v_k)/n ‖x̃_i‖² to ż_ik, checked against two full evaluations.
    @Test func switchingRateShortcut() {
        var random = TestRandom(13)
        for trial in 0..<40 {
            let n = 5 + random.next(10), d = 1 + random.next(4), l = 1 + random.next(3)
            let loss: FlowLoss = trial % 2 == 0 ? .mse : .bce
            let problem = FlowProblem(inputs: (0..<(n * d)).map { _ in random.normal() },
                                      targets: (0..<n).map { _ in loss == .bce ? Double(random.next(2)) : random.normal() },
                                      samples: n, d: d, l: l, e: 1, hiddenBias: random.next(2) == 0, outputBias: random.next(2) == 0,
                                      loss: loss, slope: trial % 3 == 0 ? 0.2 : 0)
            var theta = (0..<problem.dimension).map { _ in random.normal() }
            let i = random.next(n), k = random.next(l)
            // Put (i, k) on its kink with the runner's projection.
            var surface = ActivationPattern(problem, theta)
            surface[i, k] = .sliding
            problem.projectSlidingPairs(&theta, surface)
            var pattern = ActivationPattern(problem, theta)
            for m in 0..<n where pattern[m, k] == .sliding { pattern[m, k] = .active }   // no sliding pairs on neuron k
            func rate(_ state: ActivationState) -> Double {
                var trialPattern = pattern
                trialPattern[i, k] = state
                return problem.preactivationRate(problem.field(theta, pattern: trialPattern).field, sample: i, neuron: k)
            }
            let shortcut = (1 - problem.slope) * problem.backPropagated(theta, pattern: pattern, sample: i, neuron: k)
            let scale = max(1, abs(rate(.active)), abs(rate(.inactive)))
            #expect(abs(rate(.inactive) - rate(.active) - shortcut) <= 1e-12 * scale)
        }
    }
}

import Testing
@testable import GradientFlow
import TestSupport

/// The one-hidden-layer problem as a `DeepFlowProblem` (same data, same θ layout).
func deepTwin(_ problem: FlowProblem) -> DeepFlowProblem {
    DeepFlowProblem(inputs: problem.inputs, targets: problem.targets, samples: problem.samples,
                    widths: [problem.d, problem.l, problem.e], bias: [problem.hiddenBias, problem.outputBias],
                    loss: problem.loss, slope: problem.slope, weightDecay: problem.weightDecay)
}

/// A pattern read off θ with about a quarter of the pairs put on their kinks.
func patternWithKinks<Problem: FlowModel>(_ problem: Problem, _ theta: [Double], _ random: inout TestRandom) -> ActivationPattern {
    var pattern = ActivationPattern(problem, theta)
    for index in 0..<pattern.pairs where random.next(4) == 0 { pattern[pair: index] = .sliding }
    return pattern
}

@Suite struct DeepFlowAgreementTests {
    /// SPEC §13.1: with one hidden layer the deep problem is SPEC §9's. The same
    /// field, bit for bit, with and without pairs on kinks, below and above the
    /// BLAS threshold (where both call the same `cblas_dgemm`s), and the same
    /// invariants and projections. The switching rates agree to 1e-12 of their
    /// scale `‖x̃_i‖·‖ȧ_k‖` (noise / 1e-10): for a pair leaving the active side
    /// the two-layer problem evaluates the field with the pair inactive (the
    /// field the next stretch starts from) and derives the active one from it
    /// (`FlowProblem.switchingRates`), the deep one the other way round; the
    /// rounding of those few extra operations is all that differs.
    @Test(arguments: [(FlowLoss.mse, 0.0), (.mse, 0.25), (.bce, 0.0), (.bce, 0.1)])
    func oneHiddenLayerIsTheTwoLayerField(loss: FlowLoss, slope: Double) {
        var random = TestRandom(2024)
        var activePairsTried = 0
        for trial in 0..<30 {
            let problem: FlowProblem
            let theta: [Double]
            if trial % 5 == 4 {
                problem = randomWideProblem(&random, samples: 400, loss: loss, slope: slope)
                theta = (0..<problem.dimension).map { _ in random.normal() }
            } else {
                (problem, theta) = randomProblem(&random, loss: loss, slope: slope, decay: trial % 2 == 0 ? 0 : 0.05)
            }
            let deep = deepTwin(problem)
            let pattern = patternWithKinks(problem, theta, &random)
            let two = problem.field(theta, pattern: pattern)
            let many = deep.evaluateField(theta, pattern: pattern)
            #expect(two.loss == many.loss)
            #expect(two.field == many.field, "trial \(trial)")
            #expect(two.multipliers == many.multipliers)
            #expect(many.multilayerSamples == 0)
            #expect(problem.invariants(theta) == deep.invariants(theta))
            #expect(problem.preactivations(theta) == deep.preactivations(theta, pattern: pattern))
            var a = theta, b = theta
            problem.projectSlidingPairs(&a, pattern)
            deep.projectSlidingPairs(&b, pattern)
            #expect(a == b)
            let target = problem.invariants(theta).map { $0 * 0.9 }
            problem.project(&a, onto: target)
            deep.project(&b, onto: target)
            #expect(a == b)
            let active = (0..<pattern.pairs).filter { pattern[pair: $0] == .active }.prefix(3).map { (sample: $0 / problem.l, neuron: $0 % problem.l) }
            activePairsTried += active.count
            for (i, k) in Array(pattern.slidingPairList.prefix(3)) + active {
                let x = problem.switchingRates(theta, pattern, sample: i, neuron: k)
                let y = deep.switchingRates(theta, pattern, sample: i, neuron: k)
                let scale = y.noise / 1e-10, tolerance = 1e-12 * scale
                #expect(abs(x.up - y.up) <= tolerance && abs(x.down - y.down) <= tolerance, "rates \(x.up) \(x.down) against \(y.up) \(y.down)")
                #expect(abs(x.noise - y.noise) <= 1e-12 * y.noise && x.evaluations == y.evaluations)
                if pattern[i, k] != .active {   // the active side evaluated by both: bit for bit
                    #expect(x.up == y.up && x.down == y.down && x.noise == y.noise)
                }
            }
        }
        #expect(activePairsTried >= 30)
    }

    /// The obstructed and good toys of SPEC §9.2a through both problems: same
    /// verdict, same final loss. The two-layer run may take fewer evaluations:
    /// it starts the stretch after a crossing from the field its switching
    /// rates evaluated, where the deep one evaluates it again.
    @Test(arguments: [FlowMethod.dopri5, .bdf, .adams])
    func toyRunsAgree(method: FlowMethod) throws {
        let (problem, floor) = scipyToyProblem()
        var settings = FlowSettings(tMax: 200)
        settings.lossTolerance = 1e-10
        settings.gradientTolerance = 1e-10
        for start in [[0.3, 0.4, 0.4, -0.3, -1, -1], [0.6, 0.8, 0.8, -0.6, -0.5, -0.5]] {
            let two = try FlowRunner(problem: problem, settings: settings).run(from: start, method: method)
            let deep = try FlowRunner(problem: deepTwin(problem), settings: settings).run(from: start, method: method)
            #expect(two.verdict == deep.verdict)
            #expect(two.finalLoss == deep.finalLoss)
            #expect(two.statistics.evaluations <= deep.statistics.evaluations)
            #expect(two.statistics.switches == deep.statistics.switches && two.statistics.acceptedSteps == deep.statistics.acceptedSteps)
            if start[4] == -1 { #expect(abs(deep.finalLoss - floor) <= 1e-9 * floor) }
        }
    }
}

@Suite struct DeepFlowWideAgreementTests {
    /// A breast-cancer-sized problem (569 samples, 30 features, l = 8, both
    /// biases, BCE; seeded normal features and labels from a random
    /// hyperplane), every product above the BLAS threshold: the deep problem's
    /// run is the two-layer run, bit for bit, with dopri5 and BDF to t = 5 (the
    /// same steps, switches and final loss; the two-layer run evaluates less,
    /// see `toyRunsAgree`).
    @Test(arguments: [FlowMethod.dopri5, .bdf])
    func breastCancerSizedRunsAgree(method: FlowMethod) throws {
        var random = TestRandom(569)
        let n = 569, d = 30, l = 8
        let x = (0..<(n * d)).map { _ in random.normal() }
        let normal = (0..<d).map { _ in random.normal() }
        let y = (0..<n).map { i in (0..<d).reduce(0.0) { $0 + normal[$1] * x[i * d + $1] } + 0.3 * random.normal() > 0 ? 1.0 : 0.0 }
        let problem = FlowProblem(inputs: x, targets: y, samples: n, d: d, l: l, e: 1, hiddenBias: true, outputBias: true, loss: .bce)
        #expect(n * d * l >= FlowProblem.blasThreshold)
        let start = (0..<problem.dimension).map { index in
            index < l * d ? random.normal() * (2.0 / Double(d)).squareRoot() : (index >= problem.w2Offset && index < problem.b2Offset ? random.normal() * (2.0 / Double(l)).squareRoot() : 0)
        }
        let settings = FlowSettings(tMax: 5)
        let two = try FlowRunner(problem: problem, settings: settings).run(from: start, method: method)
        let deep = try FlowRunner(problem: deepTwin(problem), settings: settings).run(from: start, method: method)
        #expect(two.verdict == deep.verdict)
        #expect(two.finalLoss == deep.finalLoss)
        #expect(abs(two.finalLoss - deep.finalLoss) <= 1e-9 * two.finalLoss)
        var deepStatistics = deep.statistics
        #expect(two.statistics.evaluations < deepStatistics.evaluations)   // some crossing started from the rates' field
        deepStatistics.evaluations = two.statistics.evaluations
        #expect(two.statistics == deepStatistics)
        #expect(two.statistics.switches > 0)
    }
}

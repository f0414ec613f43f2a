import ExactNumbers
import GradientFlow

/// SPEC §13.2 and §11.1 on deep networks: the conservation identity at every
/// hidden neuron and the one-step gradient-descent drift, exactly, at random
/// points and at points on kinks in several layers at once; and the exact
/// gradient itself against the loss polynomial and the two-layer gradient.
public enum DeepIdentityChecks {
    /// A gradient of `problem` at θ (the exact one, or a deliberately wrong one in tests).
    public typealias Gradient = @Sendable (DeepMSEProblem, DeepParameters) -> DeepParameters

    public static let exactGradient: Gradient = { problem, theta in problem.gradient(theta) }

    public struct Outcome: Sendable {
        public var cases = 0
        public var failures: [String] = []
        /// Cases with some hidden pre-activation exactly 0, and with zeros in two or more hidden layers.
        public var kinkCases = 0
        public var multiLayerKinkCases = 0
        /// Neuron identities (or drifts, or gradients) checked, over every `σ'(0)` selection.
        public var checks = 0
        /// Gradient check: cases compared with `ExactMSEProblem` (`L = 2`).
        public var twoLayerCases = 0
    }

    /// One random case: a problem, a point, and how many hidden layers have a kink at the point.
    public struct Case: Sendable {
        public var problem: DeepMSEProblem
        public var theta: DeepParameters
        public var kinkLayers: Int
    }

    /// A random small exact problem: `L − 1` hidden layers from `hiddenLayers`,
    /// `d ≤ 3`, hidden widths `≤ 3`, `e ≤ 2`, `n ≤ 4`; each layer's bias at random;
    /// leaky ReLU one time in three with a slope `p/q ∈ (0, 1)`; entries `p/q`,
    /// `|p| ≤ 9`, `1 ≤ q ≤ 7`. With `kinks`, pre-activations are put exactly on 0
    /// in at least two hidden layers (when there are two), one neuron and sample at a time.
    public static func randomCase(_ random: inout SeededRationals, hiddenLayers: ClosedRange<Int> = 2...4, kinks: Bool) -> Case {
        func integer(_ range: ClosedRange<Int>) -> Int { random.integer(in: range) }
        func rational() -> Rational { random.rational(numerators: -9...9, denominators: 1...7) }
        let hidden = integer(hiddenLayers)
        let widths = [integer(1...3)] + (0..<hidden).map { _ in integer(1...3) } + [integer(1...2)]
        let n = integer(1...4)
        var slope = Rational.zero
        if integer(0...2) == 0 {
            let q = integer(2...7)
            slope = Rational(numerator: BigInt(integer(1...(q - 1))), denominator: BigInt(q)) ?? .zero
        }
        let depth = widths.count - 1
        var theta = DeepParameters(
            weights: (1...depth).map { h in (0..<widths[h]).map { _ in (0..<widths[h - 1]).map { _ in rational() } } },
            biases: (1...depth).map { h in integer(0...1) == 1 ? (0..<widths[h]).map { _ in rational() } : nil })
        let inputs = (0..<n).map { _ in (0..<widths[0]).map { _ in rational() } }
        let targets = (0..<n).map { _ in (0..<widths[depth]).map { _ in rational() } }
        let problem = DeepMSEProblem(inputs: inputs, targets: targets, slope: slope)
        if kinks {
            // Layers to put kinks in: at least two of the hidden layers (all of them when there are two).
            var layers = (1..<depth).filter { _ in integer(0...2) > 0 }
            while layers.count < min(2, depth - 1) {
                let h = integer(1...(depth - 1))
                if !layers.contains(h) { layers.append(h) }
            }
            for h in layers.sorted() {
                var neurons = (0..<widths[h]).filter { _ in integer(0...1) == 1 }
                if neurons.isEmpty { neurons = [integer(0...(widths[h] - 1))] }
                for k in neurons {
                    let i = integer(0...(n - 1))
                    // x_{h−1} of sample i at the current θ (rows of layers ≥ h change nothing below).
                    let x = problem.forward(theta, inputs[i]).post[h - 1]
                    var partial = Rational.zero
                    if theta.biases[h - 1] != nil {
                        for j in x.indices { partial += theta.weights[h - 1][k][j] * x[j] }
                        theta.biases[h - 1]?[k] = -partial
                        continue
                    }
                    let start = integer(0...(x.count - 1))
                    // With x = 0 (and no bias) z is already 0: a kink by itself.
                    guard let j = (0..<x.count).map({ ($0 + start) % x.count }).first(where: { !x[$0].isZero }) else { continue }
                    for j2 in x.indices where j2 != j { partial += theta.weights[h - 1][k][j2] * x[j2] }
                    theta.weights[h - 1][k][j] = -partial / x[j]
                }
            }
        }
        let zeros = problem.pattern(theta)
        let kinkLayers = (0..<(depth - 1)).filter { layer in zeros.contains { $0[layer].contains(0) } }.count
        return Case(problem: problem, theta: theta, kinkLayers: kinkLayers)
    }

    /// The three selections `σ'(0) ∈ {0, 1, r}` with `r = p/q ∈ (0, 1)` random.
    static func kinkDerivatives(_ random: inout SeededRationals) -> [Rational] {
        let q = random.integer(in: 2...7)
        return [.zero, Rational(1), Rational(numerator: BigInt(random.integer(in: 1...(q - 1))), denominator: BigInt(q)) ?? .zero]
    }

    static func tally(_ item: Case, into outcome: inout Outcome) {
        outcome.cases += 1
        if item.kinkLayers > 0 { outcome.kinkCases += 1 }
        if item.kinkLayers > 1 { outcome.multiLayerKinkCases += 1 }
    }

    /// `⟨a_{h,k}, ∇_a L⟩ − ⟨o_{h,k}, ∇_o L⟩ = 0` exactly at every hidden neuron
    /// (SPEC §13.2), for each of the three selections of `σ'(0)`. Odd cases
    /// are on kinks in several layers, even ones at random points.
    public static func conservationIdentity(cases: Int, seed: UInt64, gradient: Gradient = exactGradient) -> Outcome {
        var random = SeededRationals(seed: seed)
        var outcome = Outcome()
        for index in 0..<cases {
            let item = randomCase(&random, kinks: index % 2 == 1)
            tally(item, into: &outcome)
            for choice in kinkDerivatives(&random) {
                var problem = item.problem
                problem.kinkDerivative = choice
                let defects = item.theta.neuronForms(gradient(problem, item.theta))
                for (h, layer) in defects.enumerated() {
                    for (k, defect) in layer.enumerated() {
                        outcome.checks += 1
                        if !defect.isZero {
                            outcome.failures.append("case \(index) (widths \(item.theta.widths), σ'(0) = \(choice)): neuron (\(h + 1), \(k)) has defect \(defect)")
                        }
                    }
                }
            }
        }
        return outcome
    }

    /// One exact step `θ' = θ − η∇L` changes every `c_{h,k}` by exactly
    /// `η²(‖∇_a L‖² − ‖∇_o L‖²)`: `‖a − ηg_a‖² − ‖a‖² = −2η⟨a, g_a⟩ + η²‖g_a‖²`,
    /// the same for `o`, and the cross terms cancel by the identity (SPEC §2, §13.2).
    /// `η = p/q` random, `1 ≤ p ≤ 3`, `2 ≤ q ≤ 20`.
    public static func gradientDescentDrift(cases: Int, seed: UInt64, gradient: Gradient = exactGradient) -> Outcome {
        var random = SeededRationals(seed: seed)
        var outcome = Outcome()
        for index in 0..<cases {
            let item = randomCase(&random, kinks: index % 2 == 1)
            tally(item, into: &outcome)
            let eta = random.rational(numerators: 1...3, denominators: 2...20)
            for choice in kinkDerivatives(&random) {
                var problem = item.problem
                problem.kinkDerivative = choice
                let g = gradient(problem, item.theta)
                let next = item.theta.adding(g, times: -eta)
                let before = item.theta.neuronForms(item.theta), after = next.neuronForms(next), squares = g.neuronForms(g)
                for h in before.indices {
                    for k in before[h].indices {
                        outcome.checks += 1
                        let drift = after[h][k] - before[h][k], expected = eta * eta * squares[h][k]
                        if drift != expected {
                            outcome.failures.append("case \(index) (widths \(item.theta.widths), η = \(eta), σ'(0) = \(choice)): neuron (\(h + 1), \(k)): Δc = \(drift), η²(‖∇_a L‖² − ‖∇_o L‖²) = \(expected)")
                        }
                    }
                }
            }
        }
        return outcome
    }

    /// The gradient itself, two independent ways:
    /// * at random points off every kink, `⟨∇L(θ), u⟩` for a random direction `u`
    ///   equals `q'(0)` with `q(t) = L(θ + tu)`: on the activation region of θ,
    ///   `q` is a polynomial of degree `≤ 2L`, known exactly from its values at
    ///   `t = 0, 1/M, …, 2L/M` once every one of these points has θ's activation
    ///   pattern (M grows by 4× until they do); a further node `(2L+1)/M` must lie
    ///   on the interpolant (the degree bound holds);
    /// * for one hidden layer, `∇L` equals `ExactMSEProblem`'s gradient (σ'(0) = 0),
    ///   kinks included.
    public static func gradientAgainstLoss(cases: Int, twoLayerCases: Int, seed: UInt64, gradient: Gradient = exactGradient) -> Outcome {
        var random = SeededRationals(seed: seed)
        var outcome = Outcome()
        var index = 0
        while outcome.cases < cases && index < 4 * cases {
            index += 1
            let item = randomCase(&random, kinks: false)
            let pattern = item.problem.pattern(item.theta)
            // Off every kink only (a dead layer without bias puts z exactly on 0).
            guard !pattern.contains(where: { $0.contains { $0.contains(0) } }) else { continue }
            outcome.cases += 1
            outcome.checks += 1
            let direction = randomLike(item.theta, &random)
            let depth = item.theta.depth, nodes = 2 * depth + 2
            var scale = BigInt(16), values: [Rational] = [], times: [Rational] = []
            for _ in 0..<40 {
                times = (0..<nodes).map { Rational(numerator: BigInt($0), denominator: scale) ?? .zero }
                let points = times.map { item.theta.adding(direction, times: $0) }
                if points.allSatisfy({ item.problem.pattern($0) == pattern }) {
                    values = points.map(item.problem.loss)
                    break
                }
                scale = scale * BigInt(4)
            }
            guard !values.isEmpty else {
                outcome.failures.append("case \(index): no step 1/M kept the activation pattern")
                continue
            }
            let interpolation = Array(0..<(nodes - 1))
            let slope = derivativeAtZero(times: interpolation.map { times[$0] }, values: interpolation.map { values[$0] })
            let predicted = lagrange(times: interpolation.map { times[$0] }, values: interpolation.map { values[$0] }, at: times[nodes - 1])
            let claimed = gradient(item.problem, item.theta).dot(direction)
            if predicted != values[nodes - 1] {
                outcome.failures.append("case \(index) (widths \(item.theta.widths)): L(θ + tu) is not a polynomial of degree ≤ \(2 * depth) on the region")
            } else if slope != claimed {
                outcome.failures.append("case \(index) (widths \(item.theta.widths)): ⟨∇L, u⟩ = \(claimed), d/dt L(θ + tu) at 0 = \(slope)")
            }
        }
        if outcome.cases < cases { outcome.failures.append("only \(outcome.cases) of \(cases) random points were off every kink") }
        for index in 0..<twoLayerCases {
            let item = randomCase(&random, hiddenLayers: 1...1, kinks: index % 2 == 1)
            tally(item, into: &outcome)
            outcome.twoLayerCases += 1
            outcome.checks += 1
            let theta = item.theta, widths = theta.widths
            let (d, l, e) = (widths[0], widths[1], widths[2])
            let reference = ExactMSEProblem(inputs: item.problem.inputs.flatMap { $0 }, targets: item.problem.targets.flatMap { $0 },
                                            samples: item.problem.inputs.count, d: d, l: l, e: e,
                                            hiddenBias: theta.biases[0] != nil, outputBias: theta.biases[1] != nil, slope: item.problem.slope)
            let expected = reference.gradient(flatten(theta))
            let mine = flatten(gradient(item.problem, theta))
            if mine != expected {
                outcome.failures.append("two-layer case \(index) (widths \(widths)): the deep gradient differs from ExactMSEProblem's")
            }
        }
        return outcome
    }

    /// Random rational entries `p/q` (`|p| ≤ 9`, `1 ≤ q ≤ 7`) in the shape of `theta`.
    static func randomLike(_ theta: DeepParameters, _ random: inout SeededRationals) -> DeepParameters {
        var result = theta.zero
        for h in result.weights.indices {
            for i in result.weights[h].indices {
                for j in result.weights[h][i].indices { result.weights[h][i][j] = random.rational(numerators: -9...9, denominators: 1...7) }
            }
            if let bias = result.biases[h] { result.biases[h] = bias.map { _ in random.rational(numerators: -9...9, denominators: 1...7) } }
        }
        return result
    }

    /// `ExactMSEProblem`'s layout: `[W1 (rows) | b1 | W2 (rows) | b2]`.
    static func flatten(_ theta: DeepParameters) -> [Rational] {
        var flat: [Rational] = []
        for h in theta.weights.indices {
            flat += theta.weights[h].flatMap { $0 }
            if let bias = theta.biases[h] { flat += bias }
        }
        return flat
    }

    /// The value at `t` of the polynomial through `(times[j], values[j])` (distinct times).
    static func lagrange(times: [Rational], values: [Rational], at t: Rational) -> Rational {
        var sum = Rational.zero
        for j in times.indices {
            var term = values[j]
            for m in times.indices where m != j { term = term * (t - times[m]) / (times[j] - times[m]) }
            sum += term
        }
        return sum
    }

    /// `q'(0)` for the polynomial through `(times[j], values[j])`, `times[0] = 0`:
    /// `ℓ_0'(0) = −Σ_{m≥1} 1/t_m` and, for `j ≥ 1`, `ℓ_j'(0) = Π_{m≠j,m≥1}(−t_m) / Π_{m≠j}(t_j − t_m)`.
    static func derivativeAtZero(times: [Rational], values: [Rational]) -> Rational {
        var sum = Rational.zero
        for m in times.indices.dropFirst() { sum -= values[0] / times[m] }
        for j in times.indices.dropFirst() {
            var numerator = Rational(1), denominator = Rational(1)
            for m in times.indices where m != j {
                if m > 0 { numerator *= -times[m] }
                denominator *= times[j] - times[m]
            }
            sum += values[j] * numerator / denominator
        }
        return sum
    }
}

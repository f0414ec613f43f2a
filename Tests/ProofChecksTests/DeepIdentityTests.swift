import ExactNumbers
import Testing
@testable import ProofChecks

@Suite struct DeepIdentityTests {
    static func r(_ p: Int, _ q: Int = 1) -> Rational { Rational(numerator: BigInt(p), denominator: BigInt(q)) ?? .zero }

    /// The chain 1 → 1 → 1 → 1, θ = (w1, w2, w3) = (2, 3, −1), x = 1, y = 0, ReLU, by hand:
    /// z1 = 2, z2 = 6, f = −6, L = 36/2 = 18; δ3 = −6, ∂w3 = δ3·z2 = −36, δ2 = w3·δ3 = 6,
    /// ∂w2 = δ2·z1 = 12, δ1 = w2·δ2 = 18, ∂w1 = 18. Identity: 2·18 − 3·12 = 0, 3·12 − (−1)(−36) = 0.
    @Test func chainGradientByHand() {
        let theta = DeepParameters(weights: [[[Self.r(2)]], [[Self.r(3)]], [[Self.r(-1)]]], biases: [nil, nil, nil])
        let problem = DeepMSEProblem(inputs: [[Self.r(1)]], targets: [[Self.r(0)]])
        #expect(problem.loss(theta) == Self.r(18))
        let g = problem.gradient(theta)
        #expect(g.weights.map { $0[0][0] } == [Self.r(18), Self.r(12), Self.r(-36)])
        #expect(theta.neuronForms(g) == [[.zero], [.zero]])
        #expect(theta.neuronForms(theta) == [[Self.r(4 - 9)], [Self.r(9 - 1)]])
    }

    /// On a kink the gradient depends on σ'(0) = s, the identity does not. Chain with b1:
    /// w1 = 2, b1 = −2, x = 1 ⇒ z1 = 0 = z2 (w2 = 3, no b2), f = 0, y = 1, w3 = −1:
    /// δ3 = −1, ∂w3 = 0, δ2 = w3·δ3·s = s, ∂w2 = s·z1⁺ = 0, δ1 = w2·δ2·s = 3s², ∂w1 = ∂b1 = 3s².
    /// Identity at (1, 0): w1·3s² + b1·3s² − w2·0 = 0.
    @Test(arguments: [(0, 1), (1, 1), (1, 2), (2, 7)])
    func kinkGradientDependsOnTheSelectionButNotTheIdentity(_ selection: (Int, Int)) {
        let s = Self.r(selection.0, selection.1)
        let theta = DeepParameters(weights: [[[Self.r(2)]], [[Self.r(3)]], [[Self.r(-1)]]], biases: [[Self.r(-2)], nil, nil])
        let problem = DeepMSEProblem(inputs: [[Self.r(1)]], targets: [[Self.r(1)]], kinkDerivative: s)
        #expect(problem.pattern(theta) == [[[0], [0]]])
        let g = problem.gradient(theta)
        #expect(g.weights[0][0][0] == Self.r(3) * s * s)
        #expect(g.biases[0] == [Self.r(3) * s * s])
        #expect(g.weights[1][0][0] == .zero && g.weights[2][0][0] == .zero)
        #expect(theta.neuronForms(g) == [[.zero], [.zero]])
    }

    @Test func identityAndDriftHoldWithKinksInSeveralLayers() {
        let identity = DeepIdentityChecks.conservationIdentity(cases: 120, seed: 31)
        #expect(identity.failures.isEmpty, "\(identity.failures.prefix(3))")
        #expect(identity.cases == 120)
        // Every odd case is placed on kinks in at least two hidden layers.
        #expect(identity.multiLayerKinkCases >= 60)
        let drift = DeepIdentityChecks.gradientDescentDrift(cases: 120, seed: 32)
        #expect(drift.failures.isEmpty, "\(drift.failures.prefix(3))")
        #expect(drift.multiLayerKinkCases >= 60)
    }

    @Test func gradientMatchesTheLossPolynomialAndTheTwoLayerGradient() {
        let outcome = DeepIdentityChecks.gradientAgainstLoss(cases: 60, twoLayerCases: 60, seed: 33)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.prefix(3))")
        #expect(outcome.cases == 120 && outcome.twoLayerCases == 60)
        #expect(outcome.kinkCases >= 20)   // two-layer comparisons on kinks
    }

    /// Random cases really have 2–4 hidden layers, and kinks land where asked.
    @Test func randomCasesHaveTheAdvertisedShapes() {
        var random = SeededRationals(seed: 34)
        for index in 0..<50 {
            let item = DeepIdentityChecks.randomCase(&random, kinks: index % 2 == 0)
            #expect((3...5).contains(item.theta.depth))
            if index % 2 == 0 { #expect(item.kinkLayers >= 2) }
        }
    }

    /// Lagrange helpers on q(t) = 3 − 2t + 5t³ (q'(0) = −2), nodes 0, 1/2, 1, 2.
    @Test func interpolationOfAKnownPolynomial() {
        let times = [Self.r(0), Self.r(1, 2), Self.r(1), Self.r(2)]
        func q(_ t: Rational) -> Rational { Self.r(3) - Self.r(2) * t + Self.r(5) * t * t * t }
        let values = times.map(q)
        #expect(DeepIdentityChecks.derivativeAtZero(times: times, values: values) == Self.r(-2))
        #expect(DeepIdentityChecks.lagrange(times: times, values: values, at: Self.r(3)) == q(Self.r(3)))
    }

    // MARK: Mutations: each check fails on a deliberately wrong gradient.

    /// ∇W_L doubled: breaks the identity at the last hidden layer, hence the drift.
    @Test func wrongLastLayerGradientIsCaught() {
        let doubled: DeepIdentityChecks.Gradient = { problem, theta in
            var g = problem.gradient(theta)
            let last = g.weights.count - 1
            g.weights[last] = g.weights[last].map { $0.map { $0 + $0 } }
            return g
        }
        #expect(!DeepIdentityChecks.conservationIdentity(cases: 40, seed: 35, gradient: doubled).failures.isEmpty)
        #expect(!DeepIdentityChecks.gradientDescentDrift(cases: 40, seed: 36, gradient: doubled).failures.isEmpty)
        #expect(!DeepIdentityChecks.gradientAgainstLoss(cases: 20, twoLayerCases: 20, seed: 37, gradient: doubled).failures.isEmpty)
    }

    /// Backpropagation through the identity instead of σ (σ' ≡ 1): z·1 ≠ σ(z) for z < 0.
    @Test func linearBackpropagationIsCaught() {
        let linear: DeepIdentityChecks.Gradient = { problem, theta in problem.gradientIgnoringInactiveUnits(theta) }
        #expect(!DeepIdentityChecks.conservationIdentity(cases: 60, seed: 38, gradient: linear).failures.isEmpty)
        #expect(!DeepIdentityChecks.gradientDescentDrift(cases: 60, seed: 39, gradient: linear).failures.isEmpty)
    }

    /// A uniformly scaled gradient keeps the identity and the drift formula (both are
    /// homogeneous in ∇L), so only the comparison with the loss can catch it: it does.
    @Test func scaledGradientIsCaughtOnlyByTheLoss() {
        let scaled: DeepIdentityChecks.Gradient = { problem, theta in
            let g = problem.gradient(theta)
            return g.adding(g, times: Rational(1))
        }
        #expect(DeepIdentityChecks.conservationIdentity(cases: 30, seed: 40, gradient: scaled).failures.isEmpty)
        #expect(DeepIdentityChecks.gradientDescentDrift(cases: 30, seed: 41, gradient: scaled).failures.isEmpty)
        let loss = DeepIdentityChecks.gradientAgainstLoss(cases: 20, twoLayerCases: 20, seed: 42, gradient: scaled)
        #expect(loss.failures.count >= 30)
    }
}

extension DeepMSEProblem {
    /// A wrong gradient for the mutation test: backpropagation with `σ' = 1` everywhere.
    func gradientIgnoringInactiveUnits(_ theta: DeepParameters) -> DeepParameters {
        var gradient = theta.zero
        let inverse = Rational(1) / Rational(max(inputs.count, 1))
        for (x, y) in zip(inputs, targets) {
            let pass = forward(theta, x)
            var delta = zip(pass.output, y).map { ($0 - $1) * inverse }
            for h in stride(from: theta.depth - 1, through: 0, by: -1) {
                let input = pass.post[h]
                for i in delta.indices {
                    for j in input.indices { gradient.weights[h][i][j] += delta[i] * input[j] }
                    if gradient.biases[h] != nil { gradient.biases[h]?[i] += delta[i] }
                }
                guard h > 0 else { break }
                delta = (0..<input.count).map { k in delta.indices.reduce(Rational.zero) { $0 + theta.weights[h][$1][k] * delta[$1] } }
            }
        }
        return gradient
    }
}

import Testing
@testable import GradientFlow
import TestSupport

/// The two-layer field's one pass over the samples (`FlowProblem+FieldPasses`):
/// its by-products and its lane arithmetic against the scalar definitions.
/// (That its fields are the plain loops' numbers bit for bit is
/// `DeepFlowAgreementTests.oneHiddenLayerIsTheTwoLayerField`: the deep
/// problem still computes them with those loops.)
@Suite struct FieldPassTests {
    /// The crossed pairs the field lists on the way are exactly the pairs with
    /// `pattern[i, k].isCrossed(by: z_ik)`, z from `preactivations` (brute force
    /// over every pair), sample-major; below and above the BLAS threshold, odd
    /// and even widths, with pairs flipped to the wrong side and put on kinks.
    @Test(arguments: [FlowLoss.mse, .bce])
    func crossedPairsAreTheWrongSidedPairs(loss: FlowLoss) {
        var random = TestRandom(1717)
        for trial in 0..<24 {
            let problem: FlowProblem
            let theta: [Double]
            if trial % 3 == 2 {
                problem = randomWideProblem(&random, samples: 300, loss: loss, slope: 0.1 * Double(trial % 2))
                theta = (0..<problem.dimension).map { _ in random.normal() }
            } else {
                (problem, theta) = randomProblem(&random, loss: loss, slope: 0, decay: 0)
            }
            var pattern = ActivationPattern(problem, theta)
            for index in 0..<pattern.pairs {
                switch random.next(6) {
                case 0: pattern[pair: index] = pattern[pair: index] == .active ? .inactive : .active
                case 1: pattern[pair: index] = .sliding
                default: break
                }
            }
            let z = problem.preactivations(theta)
            let expected = (0..<pattern.pairs).filter { pattern[pair: $0].isCrossed(by: z[$0]) }
            let listed = problem.evaluateField(theta, pattern: pattern).crossedPairs
            #expect(listed == expected, "trial \(trial): \(listed ?? []) against \(expected)")
            #expect(problem.crossedPairs(theta, pattern).map { $0.sample * problem.l + $0.neuron } == expected)
            // The pattern read off θ itself: nothing crossed.
            #expect(problem.evaluateField(theta, pattern: ActivationPattern(problem, theta)).crossedPairs == [])
        }
    }

    /// `FieldLanes.hidden` and `derivativeTimes` lane by lane against the
    /// scalar formulas they replace, bit for bit (NaN for NaN), on signed
    /// zeros, infinities, NaN and ordinary values, every state and two slopes.
    @Test func lanesAreTheScalarFormulas() {
        let values: [Double] = [0, -0.0, 1.5, -2.25, .infinity, -.infinity, .nan, 1e-310, -1e-310, 3e300]
        func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern }
        for gamma in [0.0, 0.25] {
            for state in [-1.0, 0, 1] {
                for (z0, z1) in zip(values, values.reversed()) {
                    var crossed = FieldMask(repeating: false)
                    let lanes = FieldLanes.hidden(FieldLanes(z0, z1), state: FieldLanes(repeating: state), slope: FieldLanes(repeating: gamma),
                                                  crossed: &crossed)
                    for (lane, z) in [(0, z0), (1, z1)] {
                        let scalar = (max(z, 0) + gamma * min(z, 0)) * (state * state)
                        #expect(same(lanes[lane], scalar), "σ(\(z))·\(state)² with γ = \(gamma): \(lanes[lane]) against \(scalar)")
                        let raw = ActivationState(rawValue: Int8(state)) ?? .sliding
                        #expect(crossed[lane] == raw.isCrossed(by: z))
                    }
                    var onKink = FieldMask(repeating: false)
                    let back = FieldLanes.derivativeTimes(FieldLanes(z0, z1), state: FieldLanes(repeating: state),
                                                          slope: FieldLanes(repeating: gamma), onKink: &onKink)
                    for (lane, b) in [(0, z0), (1, z1)] {
                        let scalar = state == 0 ? 0 : b * (state == -1 ? gamma : 1)
                        #expect(same(back[lane], scalar), "b = \(b), state \(state), γ = \(gamma): \(back[lane]) against \(scalar)")
                        #expect(onKink[lane] == (state == 0))
                    }
                }
            }
        }
    }

    /// `ActivationPattern.signs` is `rawStates` as numbers and `slidingPairs`
    /// their count of kinks after any mutation; equality looks at the states only.
    @Test func signsFollowTheStates() {
        var random = TestRandom(88)
        let (problem, theta) = randomProblem(&random, loss: .mse, slope: 0, decay: 0)
        var pattern = ActivationPattern(problem, theta)
        let original = pattern
        for _ in 0..<50 {
            let index = random.next(pattern.pairs)
            pattern[pair: index] = [ActivationState.active, .inactive, .sliding][random.next(3)]
            #expect(pattern.signs == pattern.rawStates.map { Double($0) })
            #expect(pattern.slidingPairs == pattern.rawStates.filter { $0 == 0 }.count)
            #expect(pattern.slidingPairList.map { $0.sample * problem.l + $0.neuron } == pattern.rawStates.indices.filter { pattern.rawStates[$0] == 0 })
        }
        var back = pattern
        for index in 0..<back.pairs { back[pair: index] = original[pair: index] }
        #expect(back == original && back.signs == original.signs)
    }
}

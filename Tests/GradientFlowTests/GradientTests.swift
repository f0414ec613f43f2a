import Testing
import ExactNumbers
import ModelIO
@testable import GradientFlow
import TestSupport

func randomProblem(_ random: inout TestRandom, loss: FlowLoss, slope: Double, decay: Double) -> (FlowProblem, [Double]) {
    let n = 3 + random.next(6), d = 1 + random.next(3), l = 1 + random.next(4)
    let e = loss == .bce ? 1 : 1 + random.next(2)
    let hiddenBias = random.next(2) == 0, outputBias = random.next(2) == 0
    let x = (0..<(n * d)).map { _ in random.normal() }
    let y = (0..<(n * e)).map { _ in loss == .bce ? Double(random.next(2)) : random.normal() }
    let problem = FlowProblem(inputs: x, targets: y, samples: n, d: d, l: l, e: e, hiddenBias: hiddenBias,
                              outputBias: outputBias, loss: loss, slope: slope, weightDecay: decay)
    return (problem, (0..<problem.dimension).map { _ in random.normal() })
}

/// A random problem with n samples, d ≤ 30, l ≤ 40 (above the BLAS threshold for
/// large n), random biases, weight decay 0.01.
func randomWideProblem(_ random: inout TestRandom, samples n: Int, loss: FlowLoss, slope: Double) -> FlowProblem {
    let d = 1 + random.next(30), l = 1 + random.next(40)
    let e = loss == .bce ? 1 : 1 + random.next(3)
    return FlowProblem(inputs: (0..<(n * d)).map { _ in random.normal() },
                       targets: (0..<(n * e)).map { _ in loss == .bce ? Double(random.next(2)) : random.normal() },
                       samples: n, d: d, l: l, e: e, hiddenBias: random.next(2) == 0, outputBias: random.next(2) == 0,
                       loss: loss, slope: slope, weightDecay: 0.01)
}

@Suite struct GradientTests {
    /// ∇L against central differences (generic random points avoid the kinks).
    @Test(arguments: [(FlowLoss.mse, 0.0, 0.0), (.mse, 0.2, 0.0), (.bce, 0.0, 0.0), (.bce, 0.1, 0.05), (.mse, 0.0, 0.3)])
    func centralDifferences(loss: FlowLoss, slope: Double, decay: Double) {
        var random = TestRandom(17)
        for _ in 0..<40 {
            let (problem, theta) = randomProblem(&random, loss: loss, slope: slope, decay: decay)
            let gradient = problem.lossAndGradient(theta).gradient
            for index in theta.indices {
                let h = 1e-6 * max(1, abs(theta[index]))
                var plus = theta, minus = theta
                plus[index] += h
                minus[index] -= h
                let numeric = (problem.lossValue(plus) - problem.lossValue(minus)) / (2 * h)
                #expect(abs(numeric - gradient[index]) <= 1e-6 * max(1, abs(numeric)), "index \(index): \(numeric) vs \(gradient[index])")
            }
        }
    }

    /// The binary64 gradient equals the exact rational gradient up to rounding, on dyadic data.
    @Test func matchesTheExactRationalGradient() {
        var random = TestRandom(5)
        for _ in 0..<60 {
            let n = 2 + random.next(4), d = 1 + random.next(3), l = 1 + random.next(3), e = 1 + random.next(2)
            let x = (0..<(n * d)).map { _ in random.dyadic() }, y = (0..<(n * e)).map { _ in random.dyadic() }
            let exact = ExactMSEProblem(inputs: x, targets: y, samples: n, d: d, l: l, e: e, hiddenBias: true, outputBias: true,
                                        slope: Rational(1) / Rational(4))
            let theta = (0..<exact.dimension).map { _ in random.dyadic() }
            let binary = FlowProblem(inputs: x.map(\.doubleValue), targets: y.map(\.doubleValue), samples: n, d: d, l: l, e: e,
                                     hiddenBias: true, outputBias: true, loss: .mse, slope: 0.25)
            let g = binary.lossAndGradient(theta.map(\.doubleValue)).gradient
            for (value, reference) in zip(g, exact.gradient(theta)) {
                #expect(abs(value - reference.doubleValue) <= 1e-12 * max(1, abs(reference.doubleValue)))
            }
        }
    }

    /// SPEC §2/§11.1: ⟨a_k, ∇_{a_k}L⟩ − ⟨v_k, ∇_{v_k}L⟩ = 0 exactly — with biases,
    /// leaky ReLU, several outputs and points on activation boundaries.
    @Test func conservationIdentityIsExactlyZero() {
        var random = TestRandom(11)
        var kinkPoints = 0
        for trial in 0..<150 {
            let n = 2 + random.next(4), d = 1 + random.next(3), l = 1 + random.next(3), e = 1 + random.next(2)
            var x = (0..<(n * d)).map { _ in random.dyadic() }
            let y = (0..<(n * e)).map { _ in random.dyadic() }
            let problem = ExactMSEProblem(inputs: x, targets: y, samples: n, d: d, l: l, e: e,
                                          hiddenBias: trial % 2 == 0, outputBias: trial % 3 == 0,
                                          slope: trial % 4 == 0 ? .zero : Rational(1) / Rational(5))
            var theta = (0..<problem.dimension).map { _ in random.dyadic() }
            if trial % 5 == 0 {
                // Put sample 0 exactly on neuron 0's kink: w_0·x_0 + b_0 = 0.
                x = x.enumerated().map { $0.offset < d ? ($0.offset == 0 ? Rational(1) : .zero) : $0.element }
                theta[0] = problem.hiddenBias ? -theta[problem.b1Offset] : .zero
                kinkPoints += 1
            }
            let kinked = ExactMSEProblem(inputs: x, targets: y, samples: n, d: d, l: l, e: e, hiddenBias: problem.hiddenBias,
                                         outputBias: problem.outputBias, slope: problem.slope)
            #expect(kinked.conservationDefects(theta).allSatisfy { $0.isZero })
        }
        #expect(kinkPoints == 30)
    }

    /// With weight decay λ/2‖θ‖² the defect is λ·c_k instead of 0, which is the law
    /// dc_k/dt = −2λ c_k behind c_k(t) = c_k(0) e^{−2λt} (SPEC §2). The identity test
    /// above would fail on this gradient.
    @Test func weightDecayDefectIsLambdaTimesInvariant() {
        var random = TestRandom(31)
        for _ in 0..<40 {
            let (problem, theta) = randomProblem(&random, loss: .mse, slope: 0.1, decay: 0.3)
            let g = problem.lossAndGradient(theta).gradient
            let c = problem.invariants(theta)
            for k in 0..<problem.l {
                var defect = 0.0
                for j in 0..<problem.d { defect += theta[k * problem.d + j] * g[k * problem.d + j] }
                if problem.hiddenBias { defect += theta[problem.b1Offset + k] * g[problem.b1Offset + k] }
                for o in 0..<problem.e { defect -= theta[problem.w2Offset + o * problem.l + k] * g[problem.w2Offset + o * problem.l + k] }
                #expect(abs(defect - 0.3 * c[k]) <= 1e-12 * max(1, problem.squaredNorms(theta)[k]))
                #expect(abs(c[k]) < 1e-9 || abs(defect) > 1e-12)
            }
        }
    }

    /// SPEC §2: one GD step changes c_k by exactly η²(‖∇_{a_k}L‖² − ‖∇_{v_k}L‖²).
    @Test func gradientDescentDriftFormula() {
        var random = TestRandom(23)
        for _ in 0..<60 {
            let n = 2 + random.next(3), d = 1 + random.next(3), l = 1 + random.next(3)
            let x = (0..<(n * d)).map { _ in random.dyadic() }, y = (0..<n).map { _ in random.dyadic() }
            let problem = ExactMSEProblem(inputs: x, targets: y, samples: n, d: d, l: l, e: 1, hiddenBias: true, outputBias: false)
            let theta = (0..<problem.dimension).map { _ in random.dyadic() }
            let eta = Rational(1) / Rational(1 + random.next(10))
            let g = problem.gradient(theta)
            let next = zip(theta, g).map { $0 - eta * $1 }
            let before = problem.invariants(theta), after = problem.invariants(next)
            for k in 0..<l {
                var ga = Rational.zero, gv = Rational.zero
                for j in 0..<d { ga += g[k * d + j].squared }
                ga += g[problem.b1Offset + k].squared
                gv += g[problem.w2Offset + k].squared
                #expect(after[k] - before[k] == eta * eta * (ga - gv))
            }
        }
    }

    @Test func binaryCrossEntropyIsStable() {
        let problem = FlowProblem(inputs: [1, -1], targets: [1, 0], samples: 2, d: 1, l: 1, e: 1,
                                  hiddenBias: false, outputBias: false, loss: .bce)
        for theta in [[800.0, 1.0], [800.0, -1.0], [-800.0, 1.0]] {
            let (loss, gradient) = problem.lossAndGradient(theta)
            #expect(loss.isFinite && gradient.allSatisfy { $0.isFinite })
        }
    }
}

@Suite struct ToyProblemTests {
    /// The paper's toy (SciPy reference `toy_problem`, `TOY_INITS`): teacher relu(x1 + x2).
    /// From the obstructed init (both neurons pathological, v < 0) f ≤ 0 for ever, so the
    /// loss cannot go below (1/2n)Σ y_i² (every y ≥ 0; SPEC §6.2); the good init fits.
    @Test func obstructedInitStallsGoodInitFits() throws {
        let teacher = try ModelJSONReader.parse(Array(#"{"W1": [[1, 1]], "W2": [[1]]}"#.utf8), file: "teacher.json")
        let data = FlowData.teacher(teacher, samples: 100, seed: 0)
        let problem = FlowProblem(inputs: data.inputs, targets: data.targets, samples: 100, d: 2, l: 2, e: 1,
                                  hiddenBias: false, outputBias: false, loss: .mse)
        let floor = data.targets.reduce(0) { $0 + $1 * $1 } / 200
        let obstructed = [0.3, 0.4, 0.4, -0.3, -1.0, -1.0]
        let good = [0.6, 0.8, 0.8, -0.6, -0.5, -0.5]
        let stalled = descend(problem, from: obstructed, learningRate: 0.05, steps: 4000)
        #expect(stalled.finalLoss >= floor * (1 - 1e-9))
        #expect(stalled.finalLoss <= floor * 1.01)   // it does reach the floor (predicting 0)
        #expect(stalled.monitors.lockedSignChanges == 0)
        let fitted = descend(problem, from: good, learningRate: 0.05, steps: 4000)
        #expect(fitted.finalLoss < floor * 1e-3)
        #expect(floor > 0.1)
    }
}

@Suite struct BLASKernelTests {
    /// The cblas_dgemm path computes the same loss and gradient as the loops.
    @Test(arguments: [FlowLoss.mse, .bce])
    func blasMatchesLoops(loss: FlowLoss) {
        var random = TestRandom(41)
        for _ in 0..<10 {
            let problem = randomWideProblem(&random, samples: 50 + random.next(200), loss: loss, slope: 0.05)
            let theta = (0..<problem.dimension).map { _ in random.normal() }
            for (a, b) in zip(problem.preactivationsLoops(theta), problem.preactivationsBLAS(theta)) {
                #expect(abs(a - b) <= 1e-12 * max(1, abs(a)))
            }
            let (lossA, gradientA) = problem.lossAndGradientLoops(theta)
            let (lossB, gradientB) = problem.lossAndGradientBLAS(theta)
            #expect(abs(lossA - lossB) <= 1e-12 * max(1, abs(lossA)))
            for (a, b) in zip(gradientA, gradientB) { #expect(abs(a - b) <= 1e-11 * max(1, abs(a))) }
        }
    }
}

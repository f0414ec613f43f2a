import ExactNumbers
import Foundation
import GradientFlow
import Randomness

/// SPEC §2 and §11.1: the conservation identity exactly, the weight-decay law
/// numerically, and the gradient-descent drift formula exactly.
public enum IdentityChecks {
    public struct Outcome: Sendable {
        public var cases: Int
        public var failures: [String]
        /// Cases with a pre-activation exactly 0 (a point on an activation boundary).
        public var boundaryCases = 0
        /// Largest relative error (numeric checks).
        public var largestError = 0.0
    }

    /// A random small exact MSE problem: `d ≤ 3`, `l ≤ 3`, `e ≤ 2`, `n ≤ 4`,
    /// biases and leaky slope 1/5 at random; entries `p/q` with `|p| ≤ 9`, `1 ≤ q ≤ 7`.
    /// With probability ½ one pre-activation is put exactly on 0.
    static func randomProblem(_ random: inout SeededRationals) -> (problem: ExactMSEProblem, theta: [Rational], boundary: Bool) {
        func integer(_ range: ClosedRange<Int>) -> Int { random.integer(in: range) }
        func rational() -> Rational { random.rational(numerators: -9...9, denominators: 1...7) }
        let d = integer(1...3), l = integer(1...3), e = integer(1...2), n = integer(1...4)
        let hiddenBias = integer(0...1) == 1, outputBias = integer(0...1) == 1
        let slope = integer(0...1) == 1 ? Rational(numerator: 1, denominator: 5) ?? .zero : .zero
        let inputs = (0..<(n * d)).map { _ in rational() }
        let targets = (0..<(n * e)).map { _ in rational() }
        let problem = ExactMSEProblem(inputs: inputs, targets: targets, samples: n, d: d, l: l, e: e,
                                      hiddenBias: hiddenBias, outputBias: outputBias, slope: slope)
        var theta = (0..<problem.dimension).map { _ in rational() }
        var boundary = false
        if integer(0...1) == 1 {
            // Put z_ik = w_k·x_i + b_k exactly on 0 for one (i, k).
            let i = integer(0...(n - 1)), k = integer(0...(l - 1))
            var partial = Rational.zero
            for j in 1..<d { partial += theta[k * d + j] * inputs[i * d + j] }
            if hiddenBias {
                partial += theta[k * d] * inputs[i * d]
                theta[problem.b1Offset + k] = -partial
                boundary = true
            } else if !inputs[i * d].isZero {
                theta[k * d] = -partial / inputs[i * d]
                boundary = true
            }
        }
        return (problem, theta, boundary)
    }

    /// `⟨a_k, ∇_{a_k}L⟩ − ⟨v_k, ∇_{v_k}L⟩ = 0` exactly for every neuron (SPEC §11.1).
    public static func conservationIdentity(cases: Int, seed: UInt64) -> Outcome {
        var random = SeededRationals(seed: seed)
        var outcome = Outcome(cases: cases, failures: [])
        for index in 0..<cases {
            let (problem, theta, boundary) = randomProblem(&random)
            if boundary { outcome.boundaryCases += 1 }
            let defects = problem.conservationDefects(theta)
            if let bad = defects.firstIndex(where: { !$0.isZero }) {
                outcome.failures.append("case \(index): neuron \(bad) has defect \(defects[bad])")
            }
        }
        return outcome
    }

    /// One exact gradient-descent step `θ' = θ − η∇L` changes `c_k` by exactly
    /// `η²(‖∇_{a_k}L‖² − ‖∇_{v_k}L‖²)` (SPEC §2).
    public static func gradientDescentDrift(cases: Int, seed: UInt64) -> Outcome {
        var random = SeededRationals(seed: seed)
        var outcome = Outcome(cases: cases, failures: [])
        let eta = Rational(numerator: 1, denominator: 10) ?? .zero
        for index in 0..<cases {
            let (problem, theta, boundary) = randomProblem(&random)
            if boundary { outcome.boundaryCases += 1 }
            let gradient = problem.gradient(theta)
            let next = zip(theta, gradient).map { $0 - eta * $1 }
            let before = problem.invariants(theta), after = problem.invariants(next)
            let squaredGradients = problem.invariants(gradient)   // ‖∇_a L‖² − ‖∇_v L‖², same layout
            for k in 0..<problem.l where after[k] - before[k] != eta * eta * squaredGradients[k] {
                outcome.failures.append("case \(index): neuron \(k): Δc = \(after[k] - before[k]), η²(‖∇_a‖² − ‖∇_v‖²) = \(eta * eta * squaredGradients[k])")
            }
        }
        return outcome
    }

    /// Under L2 weight decay λ, `c_k(t) = c_k(0)e^{−2λt}` (SPEC §2), checked on the
    /// sliding-mode dopri5 flow without projection at rtol 1e-10: the relative
    /// error `|c_k(T) − c_k(0)e^{−2λT}| / (‖a_k‖² + ‖v_k‖²)(0)` must stay below 1e-6.
    /// `assumedRate` (default λ) is the rate the check compares against (tests pass a wrong one).
    public static func weightDecayLaw(cases: Int, seed: UInt64, lambda: Double = 0.1, horizon: Double = 5, assumedRate: Double? = nil) -> Outcome {
        var random = SeededRandom(seed: seed)
        var outcome = Outcome(cases: cases, failures: [])
        for index in 0..<cases {
            let d = 2 + index % 3, l = 2 + index % 2, n = 20
            let inputs = (0..<(n * d)).map { _ in random.normal() }
            let targets = (0..<n).map { _ in random.normal() }
            let problem = FlowProblem(inputs: inputs, targets: targets, samples: n, d: d, l: l, e: 1,
                                      hiddenBias: index % 2 == 0, outputBias: index % 3 == 0, loss: .mse, weightDecay: lambda)
            let start = (0..<problem.dimension).map { _ in random.normal() }
            var settings = FlowSettings(tMax: horizon)
            settings.project = false
            settings.relativeTolerance = 1e-10
            settings.absoluteTolerance = 1e-12
            settings.driftTolerance = .infinity
            settings.stopAtVerdict = false
            settings.lossTolerance = 0
            settings.gradientTolerance = 0
            let report = FlowRunner(problem: problem, settings: settings).run(from: start)
            let c0 = problem.invariants(start), scale = problem.squaredNorms(start)
            let cT = problem.invariants(report.parameters)
            let decay = Foundation.exp(-2 * (assumedRate ?? lambda) * report.tFinal)
            for k in 0..<l {
                let error = Swift.abs(cT[k] - c0[k] * decay) / scale[k]
                outcome.largestError = Swift.max(outcome.largestError, error)
                if error > 1e-6 || report.tFinal < horizon * (1 - 1e-12) {
                    outcome.failures.append("case \(index): neuron \(k): c(T) = \(cT[k]), c(0)e^{−2λT} = \(c0[k] * decay), t = \(report.tFinal)")
                }
            }
        }
        return outcome
    }
}

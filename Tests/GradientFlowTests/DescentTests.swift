import Testing
import Foundation
import ExactNumbers
@testable import GradientFlow
import TestSupport

@Suite struct DescentTests {
    /// SPEC §14.5: the safe step is exact. From the obstructed toy (both output
    /// weights locked negative), one plain GD step of the reported safe step
    /// times (1 + 1e-9) flips a locked sign, and one of (1 − 1e-9) does not.
    @Test func safeStepIsExact() throws {
        let (problem, _) = scipyToyProblem()
        let start = [0.3, 0.4, 0.4, -0.3, -1, -1]
        let field = problem.descent(problem.lossAndGradient(start).gradient)
        let locked = problem.lockedCoordinates(start)
        #expect(locked == [4, 5])
        // The same quotient computed here: the locked coordinate moving towards 0 with the smallest |θ/u|.
        let candidates = locked.filter { start[$0] * field[$0] < 0 }
        let expected = try #require(candidates.compactMap { index -> Rational? in
            guard let value = Rational(exactly: start[index]), let rate = Rational(exactly: field[index]) else { return nil }
            return (value / rate).magnitude
        }.min())
        for (factor, flips) in [(1 + 1e-9, true), (1 - 1e-9, false)] {
            let lr = expected.doubleValue * factor
            var settings = FlowSettings(tMax: lr)
            settings.stopAtVerdict = false
            let run = FlowRunner(problem: problem, settings: settings).run(from: start, with: GradientDescent(learningRate: lr))
            let descent = try #require(run.descent)
            #expect(descent.steps.count == 1)
            #expect(descent.smallestSafeStep == expected)
            #expect((descent.firstLockedFlipStep == 1) == flips, "factor \(factor)")
            #expect((descent.firstUnsafeStep == 1) == flips)
            #expect(locked.contains { (run.parameters[$0] > 0) != (start[$0] > 0) } == flips)
        }
    }

    /// SPEC §2: each plain GD step moves `c_k` by exactly `η²(‖∇_a L‖² − ‖∇_o L‖²)`
    /// (here checked in binary64 to rounding), and momentum does not obey it.
    @Test func driftIdentityOfPlainSteps() throws {
        let (problem, _) = scipyToyProblem()
        let start = [0.6, 0.8, 0.8, -0.6, -0.5, -0.5]
        var settings = FlowSettings(tMax: 0.5)
        settings.stopAtVerdict = false
        let plain = FlowRunner(problem: problem, settings: settings).run(from: start, with: GradientDescent(learningRate: 0.05))
        let gap = try #require(plain.descent?.largestIdentityGap)
        #expect(gap <= 1e-14)
        #expect((plain.descent?.largestStepDrift ?? 0) > 1e-6)   // the steps do move c
        let heavy = FlowRunner(problem: problem, settings: settings).run(from: start, with: GradientDescent(learningRate: 0.05, momentum: 0.9))
        #expect(heavy.descent?.largestIdentityGap == nil)
    }

    /// Adam as PyTorch defines it, written out here step by step on the toy's
    /// gradients (bias-corrected moments, ε outside the root): the stepper's
    /// parameters after 5 steps are the same numbers.
    @Test func adamMatchesTheDefinition() {
        let (problem, _) = scipyToyProblem()
        let start = [0.3, 0.4, 0.4, -0.3, -1, -1]
        let lr = 0.05, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-6
        var theta = start, m = [Double](repeating: 0, count: 6), v = m
        for step in 1...5 {
            let g = problem.lossAndGradient(theta).gradient
            for i in 0..<6 {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(beta1, Double(step))), vHat = v[i] / (1 - pow(beta2, Double(step)))
                theta[i] -= lr * mHat / (vHat.squareRoot() + epsilon)
            }
        }
        var settings = FlowSettings(tMax: 5 * lr)
        settings.stopAtVerdict = false
        let run = FlowRunner(problem: problem, settings: settings)
            .run(from: start, with: GradientDescent(learningRate: lr, rule: .adam(beta1: beta1, beta2: beta2, epsilon: epsilon)))
        #expect(run.descent?.steps.count == 5)
        for i in 0..<6 { #expect(abs(run.parameters[i] - theta[i]) <= 1e-14 * max(1, abs(theta[i]))) }
    }

    /// Under a setup (SPEC §14) Adam acts on the trained coordinates ψ = θ/m
    /// with rate η_i: with multipliers only the step of θ is m·lr·(normalised
    /// step), and with rates only it is η·lr·(normalised step).
    @Test func adamUnderASetup() {
        var random = TestRandom(1404)
        var problem = randomDeepProblem(&random, samples: 8)
        let L = problem.depth
        let rates = (0..<L).map { _ in [0.5, 2][random.next(2)] }, multipliers = (0..<L).map { _ in [0.5, 3][random.next(2)] }
        problem.coordinateLaw = coordinateLaw(problem.layout, rates: rates, multipliers: multipliers)
        let law = problem.coordinateLaw!
        let start = (0..<problem.dimension).map { _ in random.normal() }
        let lr = 0.01
        // One step from zero moments: ψ moves by −lr·η·sign(g_ψ) (1 − ε-ish), θ by m times that.
        var settings = FlowSettings(tMax: lr)
        settings.stopAtVerdict = false
        let run = FlowRunner(problem: problem, settings: settings)
            .run(from: start, with: GradientDescent(learningRate: lr, rule: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-12)))
        let g = problem.lossAndGradient(start).gradient
        for i in start.indices where abs(g[i]) > 1e-6 {
            let expected = start[i] - law.multipliers[i] * lr * law.rates[i] * (g[i] > 0 ? 1 : -1)
            #expect(abs(run.parameters[i] - expected) <= 1e-9, "coordinate \(i)")
        }
    }
}

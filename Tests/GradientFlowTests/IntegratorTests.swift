import Foundation
import Testing
@testable import GradientFlow
import TestSupport

@Suite struct DormandPrinceTests {
    @Test func exponentialDecay() {
        let solver = DormandPrince(relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        let result = solver.integrate({ _, y in [-y[0]] }, from: 0, [1], to: 5)
        #expect(result.stop == .reachedEnd && result.t == 5)
        #expect(abs(result.y[0] - exp(-5)) <= 1e-8 * exp(-5))
        #expect(result.statistics.evaluations == 1 + 1 + 6 * (result.statistics.accepted + result.statistics.rejected))
    }

    /// y'' = −y: (cos t, −sin t); error shrinks with the tolerance; dense output is accurate.
    @Test func harmonicOscillatorAndDenseOutput() {
        let f: (Double, [Double]) -> [Double] = { _, y in [y[1], -y[0]] }
        var errors: [Double] = []
        for tolerance in [1e-6, 1e-9] {
            let solver = DormandPrince(relativeTolerance: tolerance, absoluteTolerance: tolerance * 1e-3)
            var worstDense = 0.0
            let result = solver.integrate(f, from: 0, [1, 0], to: 20) { step, _ in
                let mid = step.t + 0.5 * step.h
                let y = step.interpolate(at: mid)
                worstDense = max(worstDense, abs(y[0] - cos(mid)), abs(y[1] + sin(mid)))
                return true
            }
            let error = max(abs(result.y[0] - cos(20)), abs(result.y[1] + sin(20)))
            errors.append(error)
            #expect(worstDense < 200 * tolerance, "dense output at tolerance \(tolerance): \(worstDense)")
        }
        #expect(errors[0] < 1e-4 && errors[1] < 1e-7)
        #expect(errors[1] < errors[0] / 100)   // tighter tolerance, smaller error
    }

    @Test func observerAndBudgetStopTheRun() {
        let solver = DormandPrince(relativeTolerance: 1e-6, absoluteTolerance: 1e-9)
        var steps = 0
        let stopped = solver.integrate({ _, y in [y[0]] }, from: 0, [1], to: 10) { _, _ in steps += 1; return steps < 3 }
        #expect(stopped.stop == .stoppedByObserver && stopped.statistics.accepted == 3)
        var budgeted = solver
        budgeted.evaluationBudget = 50
        #expect(budgeted.integrate({ _, y in [-y[0]] }, from: 0, [1], to: 1000).stop == .budgetExhausted)
    }
}

@Suite struct OrbitProjectionTests {
    /// SPEC §9.3: the projection restores every c_k and leaves f unchanged.
    @Test func restoresInvariantsAndKeepsTheFunction() {
        var random = TestRandom(3)
        for _ in 0..<50 {
            let (problem, theta) = randomProblem(&random, loss: .mse, slope: 0.1, decay: 0)
            let target = problem.invariants(theta)
            var moved = theta
            for index in moved.indices { moved[index] *= 1 + 1e-3 * random.normal() }
            var projected = moved
            problem.project(&projected, onto: target)
            let c = problem.invariants(projected), scale = problem.squaredNorms(projected)
            for k in 0..<problem.l {   // random neurons have a ≠ 0 ≠ v: every target is reachable (SPEC §5.3)
                #expect(abs(c[k] - target[k]) <= 1e-13 * max(1, scale[k]), "neuron \(k)")
            }
            for (a, b) in zip(problem.outputs(moved), problem.outputs(projected)) { #expect(abs(a - b) <= 1e-12 * max(1, abs(a))) }
        }
    }
}

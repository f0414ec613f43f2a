import Testing
import Foundation
@testable import GradientFlow
import TestSupport

@Suite struct PowerReluFlowTests {
    /// The gradient of `max(0, z)^p` networks against central differences of
    /// the loss (the activation is C¹, so differences converge everywhere).
    @Test(arguments: [(2.0, FlowLoss.mse), (1.5, .bce), (3, .mse)])
    func gradientMatchesCentralDifferences(power: Double, loss: FlowLoss) {
        var random = TestRandom(1405)
        for _ in 0..<10 {
            let problem = PowerReluFlowProblem(randomDeepProblem(&random, samples: 6, loss: loss, decay: 0.1), power: power)
            // Moderate weights: relu^p compounds powers over the layers.
            let theta = (0..<problem.dimension).map { _ in 0.6 * random.normal() }
            let gradient = problem.lossAndGradient(theta).gradient
            let scale = max(1, gradient.map(abs).max() ?? 0)
            for index in theta.indices {
                var up = theta, down = theta
                let h = 1e-6 * max(1, abs(theta[index]))
                up[index] += h
                down[index] -= h
                let difference = (problem.lossValue(up) - problem.lossValue(down)) / (2 * h)
                #expect(abs(difference - gradient[index]) <= 1e-6 * scale, "coordinate \(index): \(difference) against \(gradient[index])")
            }
        }
    }

    /// SPEC §14.3: along the flow `p^{h−1}(‖a‖² − p‖o‖²)` is conserved (no
    /// projection: the integration error only), under a setup too; the plain
    /// `‖a‖² − ‖o‖²` moves.
    @Test func lawIsConservedAlongTheFlow() throws {
        var random = TestRandom(1406)
        for trial in 0..<4 {
            let hidden = (0..<(1 + random.next(2))).map { _ in 2 + random.next(2) }
            let widths = [2] + hidden + [1], n = 10
            let x = (0..<(n * 2)).map { _ in random.normal() }
            let y = (0..<n).map { _ in random.normal() }
            var base = DeepFlowProblem(inputs: x, targets: y, samples: n, widths: widths, bias: (0..<(widths.count - 1)).map { _ in true }, loss: .mse)
            if trial % 2 == 1 {
                base.coordinateLaw = coordinateLaw(base.layout, rates: (0..<(widths.count - 1)).map { _ in [0.5, 2][random.next(2)] },
                                                   multipliers: (0..<(widths.count - 1)).map { _ in [1, 1.5][random.next(2)] })
            }
            let power = 2.0
            let problem = PowerReluFlowProblem(base, power: power)
            let start = (0..<problem.dimension).map { _ in random.normal() }
            var settings = FlowSettings.unprojected(tMax: 2, relativeTolerance: 1e-9, absoluteTolerance: 1e-11)
            let run = try FlowRunner(problem: problem, settings: settings).run(from: start, method: .dopri5)
            #expect(run.verdict != .invalid && run.tFinal == 2, "\(run.reason)")
            #expect(run.statistics.switches == 0)
            // The law written out: p^{h−1}(‖a‖²/D_h − p‖o‖²/D_{h+1}).
            func law(_ theta: [Double], plain: Bool) -> [Double] {
                let layout = base.layout
                return (0..<base.neurons).map { column in
                    let (h, k) = base.neuron(column)
                    func weight(_ index: Int, _ layer: Int) -> Double {
                        plain ? 1 : pow(power, Double(layer - 1)) / (base.coordinateLaw?.metric[index] ?? 1)
                    }
                    var c = 0.0
                    for j in 0..<widths[h - 1] { let i = layout.weight(h, k, j); c += theta[i] * theta[i] * weight(i, h) }
                    let b = layout.biasOffset[h - 1] + k
                    c += theta[b] * theta[b] * weight(b, h)
                    for o in 0..<widths[h + 1] { let i = layout.weight(h + 1, o, k); c -= theta[i] * theta[i] * weight(i, h + 1) }
                    return c
                }
            }
            let before = law(start, plain: false), after = law(run.parameters, plain: false)
            let size = before.map(abs).max() ?? 1
            let drift = zip(before, after).map { abs($0 - $1) }.max() ?? 0
            #expect(drift <= 1e-6 * size, "trial \(trial): \(drift)")
            let plainDrift = zip(law(start, plain: true), law(run.parameters, plain: true)).map { abs($0 - $1) }.max() ?? 0
            #expect(plainDrift >= 1e3 * drift, "trial \(trial): the plain c moved only \(plainDrift)")
        }
    }
}

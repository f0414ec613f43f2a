import Testing
import Foundation
@testable import GradientFlow
import TestSupport

/// A per-coordinate setup for `layout`: per-layer rates and multipliers `ρ_h`,
/// node scales on the last hidden layer's output weights, per-layer decays
/// (never on the output bias).
func coordinateLaw(_ layout: DeepParameterLayout, rates: [Double], multipliers: [Double], nodeScales: [Double]? = nil,
                   decays: [Double]? = nil) -> CoordinateLaw {
    let L = layout.depth, count = layout.dimension
    var r = [Double](repeating: 1, count: count), m = r, decay = [Double](repeating: 0, count: count)
    for h in 1...L {
        let end = h < L ? layout.weightOffset[h] : count
        for index in layout.weightOffset[h - 1]..<end {
            r[index] = rates[h - 1]
            m[index] = multipliers[h - 1]
            if index < layout.decayedCount { decay[index] = decays?[h - 1] ?? 0 }
        }
    }
    if let nodeScales {
        for o in 0..<layout.widths[L] { for k in 0..<layout.widths[L - 1] { m[layout.weight(L, o, k)] *= nodeScales[k] } }
    }
    return CoordinateLaw(rates: r, multipliers: m, decays: decay, decayed: 0..<layout.decayedCount)
}

/// The weighted `c` of SPEC §14.1–§14.2 written out from the setup's numbers
/// (not from `CoordinateLaw`): `‖a‖²/(η_h ρ_h²) − ‖o‖²/(η_{h+1} ρ_{h+1}² λ_k²)`.
func lawInvariants(_ layout: DeepParameterLayout, _ theta: [Double], rates: [Double], multipliers: [Double], nodeScales: [Double]) -> [Double] {
    let widths = layout.widths, L = layout.depth
    var c: [Double] = []
    for h in 1..<L {
        for k in 0..<widths[h] {
            var input = 0.0, output = 0.0
            for j in 0..<widths[h - 1] { input += pow(theta[layout.weight(h, k, j)], 2) }
            if layout.bias[h - 1] { input += pow(theta[layout.biasOffset[h - 1] + k], 2) }
            for o in 0..<widths[h + 1] { output += pow(theta[layout.weight(h + 1, o, k)], 2) }
            let scale = h + 1 == L ? nodeScales[k] * nodeScales[k] : 1
            c.append(input / (rates[h - 1] * pow(multipliers[h - 1], 2)) - output / (rates[h] * pow(multipliers[h], 2) * scale))
        }
    }
    return c
}

extension FlowSettings {
    /// A run to `tMax` whatever the loss does, with no projection: the drift of
    /// the invariants is the integration error alone (SPEC §9.4).
    static func unprojected(tMax: Double, relativeTolerance: Double, absoluteTolerance: Double) -> FlowSettings {
        var settings = FlowSettings(tMax: tMax)
        settings.relativeTolerance = relativeTolerance
        settings.absoluteTolerance = absoluteTolerance
        settings.stopAtVerdict = false
        settings.lossTolerance = 0
        settings.gradientTolerance = 0
        settings.project = false
        return settings
    }
}

@Suite struct FlowLawTests {
    /// SPEC §14.1–§14.2: per-layer rates η_h and multipliers ρ_h make the flow
    /// `θ̇ = −D∇L`, which in `φ = D^{−1/2}θ` is the plain flow. Without biases a
    /// ReLU network is positively homogeneous in each layer, so `f(θ) = κ f(φ)`
    /// with `κ = Π √(η_h ρ_h²)`, and the MSE of `f(θ)` against `y` is `κ²` times
    /// the MSE of `f(φ)` against `y/κ`: the setup's field at θ must be
    /// `√D ⊙ κ²·(plain field at φ with targets y/κ)`, kinks and the
    /// minimal-norm multipliers included (the same multipliers).
    @Test func perLayerSetupIsThePlainFlowInScaledCoordinates() {
        var random = TestRandom(1401)
        let choices = [0.25, 0.5, 1, 2, 4.5]
        for trial in 0..<40 {
            let L = 2 + random.next(3)
            var widths = [1 + random.next(3)]
            for _ in 1..<L { widths.append(1 + random.next(3)) }
            widths.append(1 + random.next(2))
            let n = 9, bias = [Bool](repeating: false, count: L)
            let x = (0..<(n * widths[0])).map { _ in random.normal() }
            let y = (0..<(n * widths[L])).map { _ in random.normal() }
            let rates = (0..<L).map { _ in choices[random.next(choices.count)] }
            let multipliers = (0..<L).map { _ in choices[random.next(choices.count)].squareRoot() }
            let kappa = (0..<L).reduce(1.0) { $0 * (rates[$1] * multipliers[$1] * multipliers[$1]).squareRoot() }
            var setup = DeepFlowProblem(inputs: x, targets: y, samples: n, widths: widths, bias: bias, loss: .mse)
            setup.coordinateLaw = coordinateLaw(setup.layout, rates: rates, multipliers: multipliers)
            let plain = DeepFlowProblem(inputs: x, targets: y.map { $0 / kappa }, samples: n, widths: widths, bias: bias, loss: .mse)
            let root = setup.coordinateLaw?.metricRoot ?? []
            let theta = (0..<setup.dimension).map { _ in random.normal() }
            let phi = theta.indices.map { theta[$0] / root[$0] }
            let pattern = patternWithKinks(plain, phi, &random)
            let a = setup.evaluateField(theta, pattern: pattern), b = plain.evaluateField(phi, pattern: pattern)
            let scale = max(1e-300, norm(a.field))
            #expect(abs(a.loss - kappa * kappa * b.loss) <= 1e-12 * max(1, a.loss), "trial \(trial)")
            let worst = theta.indices.map { abs(a.field[$0] - root[$0] * kappa * kappa * b.field[$0]) }.max() ?? 0
            #expect(worst <= 1e-9 * scale, "trial \(trial): \(worst) against ‖field‖ \(scale)")
            #expect(Set(a.multipliers.keys) == Set(b.multipliers.keys))
            for (pair, value) in a.multipliers { #expect(abs(value - (b.multipliers[pair] ?? .nan)) <= 1e-7, "trial \(trial) pair \(pair)") }
            let c = setup.invariants(theta), d = plain.invariants(phi)
            for k in c.indices { #expect(abs(c[k] - d[k]) <= 1e-12 * max(1, abs(c[k]))) }
            // Gradient descent's velocity is the same field without a pattern.
            let (_, gradient) = setup.lossAndGradient(theta)
            let (_, plainGradient) = plain.lossAndGradient(phi)
            let velocity = setup.descent(gradient)
            let gap = theta.indices.map { abs(velocity[$0] + root[$0] * kappa * kappa * plainGradient[$0]) }.max() ?? 0
            #expect(gap <= 1e-9 * max(1e-300, norm(velocity)))
        }
    }

    /// SPEC §14.1–§14.2 with biases, node scales and equal decay: along the
    /// flow the weighted `c` computed from the setup's numbers is conserved
    /// (times `e^{−2μt}`), without projection, to the integration error, while
    /// the plain `‖a‖² − ‖o‖²` is not: the test tells a wrong metric apart.
    @Test(arguments: [0.0, 0.05])
    func weightedInvariantsAreConserved(decay: Double) throws {
        var random = TestRandom(1402)
        for trial in 0..<4 {
            // Hidden layers of width 2–3 (a width-1 chain can die or collapse to its apex, where nothing tells metrics apart).
            let hidden = (0..<(2 + random.next(2))).map { _ in 2 + random.next(2) }
            let widths = [2] + hidden + [1], n = 10, loss: FlowLoss = trial % 2 == 0 ? .mse : .bce
            let x = (0..<(n * 2)).map { _ in random.normal() }
            let y = (0..<n).map { _ in loss == .bce ? Double(random.next(2)) : random.normal() }
            var problem = DeepFlowProblem(inputs: x, targets: y, samples: n, widths: widths,
                                          bias: (0..<(widths.count - 1)).map { _ in random.next(2) == 0 }, loss: loss)
            let L = problem.depth, layout = problem.layout
            let rates = (0..<L).map { _ in [0.5, 1, 2][random.next(3)] }
            let multipliers = (0..<L).map { _ in [0.5, 1, 1.5][random.next(3)] }
            let nodeScales = (0..<problem.widths[L - 1]).map { _ in [0.5, 1.5, 2][random.next(3)] }
            // Equal μ = η_h λ_h in every layer: the law holds with factor e^{−2μt}.
            let decays = rates.map { decay / $0 }
            problem.coordinateLaw = coordinateLaw(layout, rates: rates, multipliers: multipliers, nodeScales: nodeScales, decays: decays)
            #expect(problem.weightDecay == decay || abs(problem.weightDecay - decay) <= 1e-15)
            let start = (0..<problem.dimension).map { _ in random.normal() }
            var settings = FlowSettings.unprojected(tMax: 2, relativeTolerance: 1e-8, absoluteTolerance: 1e-10)
            settings.evaluationBudget = 50_000   // a chattering kink (a wrong switching rate) ends the run: caught below
            let run = try FlowRunner(problem: problem, settings: settings).run(from: start, method: .dopri5)
            #expect(run.verdict != .invalid && run.tFinal == 2, "\(run.reason)")
            let before = lawInvariants(layout, start, rates: rates, multipliers: multipliers, nodeScales: nodeScales)
            let after = lawInvariants(layout, run.parameters, rates: rates, multipliers: multipliers, nodeScales: nodeScales)
            let factor = exp(-2 * decay * run.tFinal)
            let size = before.map(abs).max() ?? 1
            let drift = before.indices.map { abs(after[$0] - before[$0] * factor) }.max() ?? 0
            #expect(drift <= 1e-6 * size, "trial \(trial): weighted drift \(drift)")
            let plain = { (theta: [Double]) in lawInvariants(layout, theta, rates: [Double](repeating: 1, count: L),
                                                               multipliers: [Double](repeating: 1, count: L),
                                                               nodeScales: [Double](repeating: 1, count: nodeScales.count)) }
            let plainBefore = plain(start), plainAfter = plain(run.parameters)
            let plainDrift = plainBefore.indices.map { abs(plainAfter[$0] - plainBefore[$0] * factor) }.max() ?? 0
            #expect(plainDrift >= 1e3 * drift, "trial \(trial): the plain c moved only \(plainDrift)")
        }
    }

    /// SPEC §14.4: equal `η_h λ_h` is one decay rate; unequal ones are none.
    @Test func commonDecayRate() {
        let layout = DeepParameterLayout(widths: [2, 3, 1], bias: [true, true])
        let equal = coordinateLaw(layout, rates: [1, 2], multipliers: [1, 1], decays: [0.2, 0.1])
        #expect(equal.commonDecayRate == 0.2 && equal.hasLaw)
        let unequal = coordinateLaw(layout, rates: [1, 1], multipliers: [1, 1], decays: [0.2, 0.1])
        #expect(unequal.commonDecayRate == nil && !unequal.hasLaw)
        let none = coordinateLaw(layout, rates: [1, 3], multipliers: [2, 1])
        #expect(none.commonDecayRate == 0)
        // The output bias is never decayed.
        #expect(equal.decays[layout.biasOffset[1]] == 0 && equal.penalty[layout.biasOffset[1]] == 0)
    }

    /// SPEC §9.2a under a setup: the switching rate of a lone kink pair taken
    /// by the shortcut `ż_down = ż_up + (1 − γ)·b·JᵀDJ` equals the rate from a
    /// second field evaluation with the pair inactive (the shortcut once used
    /// `‖J‖²`, and the flow chattered across the kink instead of sliding).
    @Test func loneKinkShortcutUnderASetup() {
        var random = TestRandom(1403)
        var checked = 0
        for _ in 0..<60 {
            var problem = randomDeepProblem(&random, samples: 6, slope: [0, 0.2][random.next(2)])
            let L = problem.depth
            problem.coordinateLaw = coordinateLaw(problem.layout, rates: (0..<L).map { _ in [0.5, 1, 2][random.next(3)] },
                                                  multipliers: (0..<L).map { _ in [0.5, 1, 1.5][random.next(3)] },
                                                  nodeScales: (0..<problem.widths[L - 1]).map { _ in [0.5, 2][random.next(2)] })
            var theta = (0..<problem.dimension).map { _ in random.normal() }
            var pattern = ActivationPattern(problem, theta)
            let pair = random.next(pattern.pairs)
            pattern[pair: pair] = .sliding
            problem.projectSlidingPairs(&theta, pattern)   // the pair exactly on its kink (z = 0 up to rounding)
            let i = pair / problem.neurons, k = pair % problem.neurons
            // Only a pair the projection put on its kink (z = 0 to rounding), the situation the rate is for.
            let z = problem.preactivations(theta, pattern: pattern)[pair]
            guard abs(z) <= 1e-12 else { continue }
            let rates = problem.switchingRates(theta, pattern, sample: i, neuron: k)
            guard !rates.unaffected, rates.evaluations == 1 else { continue }
            var inactive = pattern
            inactive[pair: pair] = .inactive
            let field = problem.evaluateField(theta, pattern: inactive).field
            let direct = problem.preactivationRate(field, theta, inactive.rawStates, sample: i, neuron: k)
            #expect(abs(rates.down - direct) <= 1e-10 * max(1, abs(direct)), "\(rates.down) against \(direct)")
            checked += 1
        }
        #expect(checked >= 20)
    }
}

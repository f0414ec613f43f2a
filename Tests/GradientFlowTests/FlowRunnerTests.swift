import Testing
import ModelIO
@testable import GradientFlow

/// The paper's toy (SciPy reference `toy_problem`, `TOY_INITS`): teacher relu(x1 + x2),
/// n = 100 inputs x ~ N(0, I), student l = 2 without biases.
func toyProblem() throws -> (FlowProblem, Double) {
    let teacher = try ModelJSONReader.parse(Array(#"{"W1": [[1, 1]], "W2": [[1]]}"#.utf8), file: "teacher.json")
    let data = FlowData.teacher(teacher, samples: 100, seed: 0)
    let problem = FlowProblem(inputs: data.inputs, targets: data.targets, samples: 100, d: 2, l: 2, e: 1,
                              hiddenBias: false, outputBias: false, loss: .mse)
    // Every target is ≥ 0 and f ≤ 0 from the obstructed init: the loss cannot go below (1/2n)Σy² (SPEC §6.2).
    return (problem, data.targets.reduce(0) { $0 + $1 * $1 } / 200)
}

let obstructedInit = [0.3, 0.4, 0.4, -0.3, -1.0, -1.0]
let goodInit = [0.6, 0.8, 0.8, -0.6, -0.5, -0.5]

/// To t = 500 with loss and gradient tolerances 1e-10, past the verdict (the stall tests).
func runToT500() -> FlowSettings {
    var settings = FlowSettings(tMax: 500)
    settings.lossTolerance = 1e-10
    settings.gradientTolerance = 1e-10
    settings.stopAtVerdict = false
    return settings
}

@Suite struct FlowRunnerTests {
    /// The obstructed init stalls exactly at the floor, sliding along the kinks, with a few
    /// thousand right-hand-side evaluations to t = 500 (SciPy's RK45 needs 1.35 million to reach
    /// t = 1.2, SPEC §9.2a); the locked output signs never change.
    @Test func obstructedToyStallsAtTheFloor() throws {
        let (problem, floor) = try toyProblem()
        let settings = runToT500()
        let report = FlowRunner(problem: problem, settings: settings).run(from: obstructedInit)
        #expect(report.verdict == .stalled)
        #expect(report.tFinal == 500)
        #expect(abs(report.finalLoss - floor) <= 1e-12 * floor)
        #expect(report.monitors.lockedSignChanges == 0)
        #expect(report.statistics.slidingEntries > 0)
        #expect(report.statistics.evaluations < 13_500, "\(report.statistics.evaluations) evaluations")
        // c_k(t) is restored by the projection: the final invariants equal the initial ones.
        for (c, c0) in zip(problem.invariants(report.parameters), problem.invariants(obstructedInit)) {
            #expect(abs(c - c0) <= 1e-12)
        }
    }

    /// The second, independent integrator (CVODE BDF with its root finding and
    /// projection hook) reaches the same verdict and the same floor. On the way one
    /// neuron's input weights collapse to a_k = 0, where every z_ik is 0 and the
    /// switching rates are rounding noise (the case `decide` treats as sliding).
    @Test func obstructedToyStallsWithBDF() throws {
        let (problem, floor) = try toyProblem()
        let settings = runToT500()
        let report = try FlowRunner(problem: problem, settings: settings).run(from: obstructedInit, with: CVODEStepper(method: .bdf))
        #expect(report.verdict == .stalled)
        #expect(abs(report.finalLoss - floor) <= 1e-12 * floor)
        #expect(report.monitors.lockedSignChanges == 0)
        #expect(report.monitors.maxRelativeDriftAfterProjection <= 1e-12)
    }

    @Test func goodToyReachesZeroLoss() throws {
        let (problem, floor) = try toyProblem()
        var settings = FlowSettings(tMax: 500)
        settings.lossTolerance = 1e-10
        let report = FlowRunner(problem: problem, settings: settings).run(from: goodInit)
        #expect(report.verdict == .reached)
        #expect(report.finalLoss <= 1e-10 && floor > 0.4)
        #expect(report.monitors.maxRelativeDrift < 1e-4)
    }

    /// A leaky ReLU never has a dead side: the runner still works and conserves c_k.
    @Test func leakyReluRun() throws {
        let (base, _) = try toyProblem()
        let problem = FlowProblem(inputs: base.inputs, targets: base.targets, samples: base.samples, d: 2, l: 2, e: 1,
                                  hiddenBias: false, outputBias: false, loss: .mse, slope: 0.1)
        var settings = FlowSettings(tMax: 20)
        settings.lossTolerance = 1e-12
        let report = FlowRunner(problem: problem, settings: settings).run(from: goodInit)
        #expect(report.verdict != .invalid)
        #expect(report.finalLoss < problem.lossValue(goodInit))
    }
}

import Testing
import ModelIO
@testable import GradientFlow

/// NaN and ±∞ never vanish from the monitors (SPEC §9.4) and always make the
/// verdict `invalid` (SPEC §9.5). `Swift.max(x, .nan)` is x: a diverged GD run
/// used to report "drift max 0" and verdict undecided.
@Suite struct NonFiniteMonitorTests {
    @Test func maximumPropagatesNaN() {
        #expect(Swift.max(0.0, Double.nan) == 0)          // the trap: NaN dropped
        #expect(FlowMonitors.maximum(0, .nan).isNaN)
        #expect(FlowMonitors.maximum(.nan, 3).isNaN)
        #expect(FlowMonitors.maximum(2, 3) == 3)
        #expect(FlowMonitors.maximum(2, .infinity) == .infinity)
        var monitors = FlowMonitors()
        monitors.recordDrift(absolute: 0.5, relative: 0.1, at: "at step 1")
        #expect(monitors.nonFinite == nil && monitors.maxDrift == 0.5)
        monitors.recordDrift(absolute: .nan, relative: .nan, at: "at step 2")
        monitors.recordDrift(absolute: 0.25, relative: 0.05, at: "at step 3")
        #expect(monitors.maxDrift.isNaN && monitors.maxRelativeDrift.isNaN)
        #expect(monitors.nonFinite?.contains("at step 2") == true)
    }

    /// The toy problem of the obstruction tests with a step of 1e6: the iterates
    /// overflow within a few steps. The run stops there and is invalid.
    @Test func divergedGradientDescentIsInvalid() throws {
        let teacher = try ModelJSONReader.parse(Array(#"{"W1": [[1, 1]], "W2": [[1]]}"#.utf8), file: "teacher.json")
        let data = FlowData.teacher(teacher, samples: 100, seed: 0)
        let problem = FlowProblem(inputs: data.inputs, targets: data.targets, samples: 100, d: 2, l: 2, e: 1,
                                  hiddenBias: false, outputBias: false, loss: .mse)
        let good = [0.6, 0.8, 0.8, -0.6, -0.5, -0.5]
        let result = descend(problem, from: good, learningRate: 1e6, steps: 1000)
        #expect(result.monitors.nonFinite != nil)
        #expect(result.statistics.acceptedSteps < 1000)
        var report = FlowSolution(verdict: .undecided, finalLoss: result.finalLoss, tFinal: 0, gradientNorm: result.gradientNorm,
                                  monitors: result.monitors, parameters: result.parameters)
        report.reason = "gradient descent"
        report.invalidateIfNonFinite()
        #expect(report.verdict == .invalid)
        #expect(report.reason.contains("non-finite"))
        #expect(report.reason.contains("undecided"))   // what the other criteria said is kept
        // The same problem with a sane step stays finite and keeps its verdict.
        let sane = descend(problem, from: good, learningRate: 0.05, steps: 200)
        #expect(sane.monitors.nonFinite == nil && sane.statistics.acceptedSteps == 200 && sane.monitors.maxDrift.isFinite)
        var fine = FlowSolution(verdict: .undecided, finalLoss: sane.finalLoss, tFinal: 10, gradientNorm: sane.gradientNorm,
                                monitors: sane.monitors, parameters: sane.parameters)
        fine.invalidateIfNonFinite()
        #expect(fine.verdict == .undecided)
    }

    /// A NaN only in a monitor (finite loss and parameters) is enough.
    @Test func nonFiniteDriftAloneInvalidates() {
        var monitors = FlowMonitors()
        monitors.recordDrift(absolute: .infinity, relative: .nan, at: "near t = 3")
        var report = FlowSolution(verdict: .reached, finalLoss: 0, tFinal: 3, gradientNorm: 0, monitors: monitors, parameters: [1, 2])
        report.reason = "loss ≤ loss_tol"
        report.invalidateIfNonFinite()
        #expect(report.verdict == .invalid)
        #expect(report.reason.contains("near t = 3"))
    }
}

/// `steps` steps of gradient descent (no stop at a verdict: the tests count steps).
func descend(_ problem: FlowProblem, from start: [Double], learningRate: Double, steps: Int) -> FlowSolution {
    var settings = FlowSettings(tMax: Double(steps) * learningRate)
    settings.stopAtVerdict = false
    return FlowRunner(problem: problem, settings: settings).run(from: start, with: GradientDescent(learningRate: learningRate))
}

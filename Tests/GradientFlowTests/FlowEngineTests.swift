import ModelIO
import ReluNetwork
import Testing
@testable import GradientFlow

/// One engine for every method (SPEC §9.2, §9.5): the same verdict from the
/// independent integrators, and the same checks at t = 0 for all four methods.
@Suite struct FlowEngineTests {
    static let integrators: [FlowMethod] = [.dopri5, .bdf, .adams]

    /// To t = 500 with loss and gradient tolerances 1e-10, stopping at the verdict.
    static func toySettings() -> FlowSettings {
        var settings = FlowSettings(tMax: 500)
        settings.lossTolerance = 1e-10
        settings.gradientTolerance = 1e-10
        return settings
    }

    /// The toy of SPEC §9.2a on relutopo's teacher data: every integrator stalls
    /// at the floor from the obstructed init and reaches 0 from the good one.
    @Test(arguments: integrators)
    func integratorsGiveTheSameVerdict(method: FlowMethod) throws {
        let (problem, floor) = try toyProblem()
        let runner = FlowRunner(problem: problem, settings: Self.toySettings())
        let obstructed = try runner.run(from: obstructedInit, method: method)
        #expect(obstructed.verdict == .stalled, "\(obstructed.reason)")
        #expect(abs(obstructed.finalLoss - floor) <= 1e-12 * floor)
        #expect(obstructed.monitors.lockedSignChanges == 0)
        let good = try runner.run(from: goodInit, method: method)
        #expect(good.verdict == .reached, "\(good.reason)")
    }

    /// The SciPy toy data of Notes/BENCHMARKS.md, where CVODE Adams once ended
    /// `invalid` at t = 3.85: CVODE's root finding cannot see pairs leave `z = 0`
    /// when a neuron's input weights collapse to 0 and put all of them there.
    /// The CVODE stepper locates them on its interpolant, and Adams stalls at the
    /// floor like dopri5 (BDF does too, in 5× the evaluations: left out for time).
    @Test(arguments: [FlowMethod.dopri5, .adams])
    func obstructedScipyToyStallsAtTheFloor(method: FlowMethod) throws {
        let (problem, floor) = scipyToyProblem()
        let solution = try FlowRunner(problem: problem, settings: Self.toySettings()).run(from: obstructedInit, method: method)
        #expect(solution.verdict == .stalled, "\(method): \(solution.reason)")
        #expect(abs(solution.finalLoss - floor) <= 1e-12 * floor)
        #expect(solution.monitors.maxRelativeDrift < 5e-5)   // one step's local error, far below drift_tol
    }

    /// The same fix keeps BDF without projection valid there (it ended `invalid` at t = 0.77).
    @Test func unprojectedBDFKeepsTheInvariants() throws {
        let (problem, _) = scipyToyProblem()
        var settings = FlowSettings(tMax: 5)
        settings.project = false
        let solution = try FlowRunner(problem: problem, settings: settings).run(from: obstructedInit, method: .bdf)
        #expect(solution.verdict == .undecided, "\(solution.reason)")
        #expect(solution.monitors.maxRelativeDrift < 5e-5)   // one step's local error, far below drift_tol
    }

    /// SPEC §9.5 at t = 0 for every method: a start within grad_tol is `stalled`
    /// (within loss_tol `reached`) before any step, after one evaluation.
    @Test(arguments: FlowMethod.allCases)
    func toleranceChecksAtTheStart(method: FlowMethod) throws {
        let (problem, _) = try toyProblem()
        var settings = FlowSettings(tMax: 20)
        settings.gradientTolerance = 1e3
        let stalled = try FlowRunner(problem: problem, settings: settings).run(from: goodInit, method: method)
        #expect(stalled.verdict == .stalled)
        #expect(stalled.reason == "‖∇L‖ ≤ grad_tol with loss > loss_tol at t = 0")
        #expect(stalled.tFinal == 0 && stalled.statistics.acceptedSteps == 0 && stalled.statistics.evaluations == 1)
        #expect(stalled.trajectory.lossCurve.count == 1)
        settings.lossTolerance = 1e3
        let reached = try FlowRunner(problem: problem, settings: settings).run(from: goodInit, method: method)
        #expect(reached.verdict == .reached && reached.tFinal == 0)
        // With --run-to-t-max the verdict is taken at the end instead.
        settings.stopAtVerdict = false
        let continued = try FlowRunner(problem: problem, settings: settings).run(from: goodInit, method: method)
        #expect(continued.verdict == .reached && continued.tFinal == 20)
    }

    /// A start whose loss overflows binary64 is `invalid` for every method, at
    /// once (no integration of NaN until the budget runs out).
    @Test(arguments: FlowMethod.allCases)
    func nonFiniteStartIsInvalid(method: FlowMethod) throws {
        let (problem, _) = try toyProblem()
        let start = [1e200, 1e200, 1, 0, 1e200, 1]
        let solution = try FlowRunner(problem: problem, settings: FlowSettings(tMax: 20)).run(from: start, method: method)
        #expect(solution.verdict == .invalid)
        #expect(solution.reason.contains("at the initial point"), "\(solution.reason)")
        #expect(solution.tFinal == 0 && solution.statistics.evaluations == 1)
    }

    /// Gradient descent's drift is measured but is no verdict (SPEC §2), and its
    /// trajectory is recorded after every step.
    @Test func gradientDescentDriftIsReportedNotJudged() throws {
        let (problem, _) = try toyProblem()
        var settings = FlowSettings(tMax: 20)
        settings.driftTolerance = 1e-9
        let solution = FlowRunner(problem: problem, settings: settings).run(from: goodInit, with: GradientDescent(learningRate: 0.01))
        #expect(solution.verdict == .undecided)
        #expect(solution.monitors.maxRelativeDrift > 1e-9)
        #expect(solution.statistics.acceptedSteps == 2000 && solution.trajectory.lossCurve.count == 2001)
    }

    /// The experiment without the binary: teacher data, the prediction, the
    /// verdict, agreement and the trajectory CSV.
    @Test func experimentSetsThePredictionBesideTheVerdict() throws {
        let teacher = try ModelJSONReader.parse(Array(#"{"W1": [[1, 1]], "W2": [[1]]}"#.utf8), file: "teacher.json")
        let good = try ModelJSONReader.parse(Array(#"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#.utf8), file: "good.json")
        var settings = FlowSettings(tMax: 200)
        settings.lossTolerance = 1e-10
        let experiment = FlowExperiment(initModel: good, data: .teacher(LayeredNetwork(teacher), samples: 100, seed: 0), dataFile: "teacher.json",
                                        loss: .mse, method: .dopri5, settings: settings)
        let report = try experiment.run()
        #expect(report.solution.verdict == .reached)
        #expect(report.prediction == .reachable && report.agree == true)
        #expect(report.trainSamples == 100 && report.testSamples == 0 && report.testLoss == nil)
        let lines = report.trajectoryCSV.split(separator: "\n")
        #expect(lines.first == "t,loss" && lines.count == report.solution.trajectory.lossCurve.count + 1)
        #expect(lines[1] == "0.0,\(report.solution.trajectory.lossCurve[0].loss)")
    }
}

@Suite struct AllocatorTuningTests {
    /// The mallopt setting is real on glibc: a shim that tested `__GLIBC__`
    /// before any header defined it compiled to a no-op, and breast cancer
    /// (l = 32) took 8.7 s instead of 5.5 s.
    @Test func glibcTakesTheSetting() {
        #if canImport(Glibc)
        #expect(AllocatorTuning.keepMidSizedBuffers())
        #endif
    }
}

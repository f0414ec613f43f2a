import ArgumentParser
import ExactNumbers
import Foundation
import GradientFlow
import JSONDocument
import ModelIO
import ReluNetwork
import Symmetry

/// `relutopo flow`: integrate the gradient flow of SPEC §9 from an init and set
/// the numeric verdict beside the exact prediction of SPEC §6.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Integrate the gradient flow from an init and compare its verdict with the exact prediction.",
        discussion: """
            dopri5: adaptive Dormand–Prince 5(4) with the activation switches located on the dense output and \
            the minimal-norm sliding field of SPEC §9.2a on kinks that attract from both sides; orbit projection \
            (SPEC §9.3) after every step. adams, bdf: the same flow on SUNDIALS CVODE, whose root finding locates \
            the switches (projection inside CVODE for bdf; adams runs unprojected). gd: plain gradient descent with step --lr (not bound by the conservation \
            law: drift and sign flips are reported). Verdicts (SPEC §9.5): reached, stalled, undecided, invalid. \
            agree: an obstructed prediction agrees with any verdict but reached; a reachable one only with reached.
            """)

    @Option(name: .long, help: ArgumentHelp("The initialisation (MODEL).", valueName: "MODEL")) var `init`: String
    @Option(name: .long, help: ArgumentHelp("CSV data set with a header row.", valueName: "CSV")) var data: String?
    @Option(name: .long, help: ArgumentHelp("Target column of --data.", valueName: "COLUMN")) var target: String?
    @Flag(name: .long, help: "z-score the features of --data (population standard deviation, over all rows).") var standardise = false
    // Numeric options parse their value unconditionally, so `--t-max -1` reaches validate()
    // and is reported as negative (not "missing value": "-1" would otherwise look like a flag).
    @Option(name: .customLong("test-fraction"), parsing: .unconditional, help: "Hold out this fraction of --data (seeded shuffle) and report the test loss.")
    var testFraction: Double = 0
    @Option(name: .customLong("split-seed"), parsing: .unconditional, help: "Seed of the train/test shuffle.", transform: NumericFlag.seed) var splitSeed: UInt64 = 0
    @Option(name: .long, help: ArgumentHelp("Teacher network labelling random inputs x ~ N(0, I).", valueName: "MODEL")) var teacher: String?
    @Option(name: .long, parsing: .unconditional, help: "Number of teacher samples.") var samples: Int = 100
    @Option(name: .long, parsing: .unconditional, help: "Seed for the teacher samples.", transform: NumericFlag.seed) var seed: UInt64 = 0
    @Option(name: .long, help: "Loss: mse or bce.") var loss: String = "mse"
    @Option(name: .long, help: "Integrator: dopri5 (default), bdf or adams (CVODE), gd.") var method: String = "dopri5"
    @Option(name: .customLong("t-max"), parsing: .unconditional, help: "Time horizon, > 0 (gd: number of steps × lr).") var tMax: Double = 100
    @Option(name: .long, parsing: .unconditional, help: "Relative tolerance, > 0.") var rtol: Double = 1e-6
    @Option(name: .long, parsing: .unconditional, help: "Absolute tolerance, > 0.") var atol: Double = 1e-9
    @Option(name: .long, parsing: .unconditional, help: "Learning rate of gd, > 0.") var lr: Double = 0.01
    @Option(name: .long, parsing: .unconditional, help: "Heavy-ball momentum of gd, in [0, 1).") var momentum: Double = 0
    @Option(name: .customLong("loss-tol"), parsing: .unconditional, help: "Verdict reached when the loss is at most this (≥ 0).") var lossTolerance: Double = 1e-8
    @Option(name: .customLong("grad-tol"), parsing: .unconditional, help: "Verdict stalled when ‖∇L‖ is at most this (≥ 0).") var gradientTolerance: Double = 1e-8
    @Option(name: .customLong("drift-tol"), parsing: .unconditional, help: "Verdict invalid when the relative invariant drift exceeds this (> 0).") var driftTolerance: Double = 1e-4
    @Flag(name: .customLong("no-projection"), help: "Do not project onto the invariant orbit after each step.") var noProjection = false
    @Flag(name: .customLong("run-to-t-max"), help: "Keep integrating after the verdict is known (reached or stalled) until --t-max.")
    var runToTMax = false
    @Option(name: .long, help: ArgumentHelp("Write (t, loss[, test_loss]) after every accepted step to this CSV.", valueName: "PATH.csv")) var trajectory: String?
    @Option(name: .long, help: ArgumentHelp("Draw the loss curve and each neuron's (‖a_k‖, v_k) path over its hyperbola.", valueName: "PATH.svg")) var svg: String?
    @OptionGroup var readOptions: ReadOptions
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func validate() throws {
        if (data == nil) == (teacher == nil) { throw ValidationError("give --data CSV --target COLUMN or --teacher MODEL") }
        if data != nil && target == nil { throw ValidationError("--data needs --target COLUMN") }
        guard let lossKind = FlowLoss(rawValue: loss) else { throw ValidationError("--loss must be mse or bce") }
        _ = lossKind
        guard ["dopri5", "adams", "bdf", "gd"].contains(method) else {
            throw ValidationError("--method must be dopri5, adams, bdf or gd")
        }
        try NumericFlag.check("--test-fraction", testFraction, .fraction)
        try NumericFlag.check("--t-max", tMax, .positive)
        try NumericFlag.check("--rtol", rtol, .positive)
        try NumericFlag.check("--atol", atol, .positive)
        try NumericFlag.check("--lr", lr, .positive)
        try NumericFlag.check("--momentum", momentum, .fraction)
        try NumericFlag.check("--loss-tol", lossTolerance, .nonNegative)
        try NumericFlag.check("--grad-tol", gradientTolerance, .nonNegative)
        try NumericFlag.check("--drift-tol", driftTolerance, .positive)
        try NumericFlag.check("--samples", samples, in: 1...10_000_000)
        if method == "gd" && !(tMax / lr <= 1e9) {
            throw ValidationError("--method gd would take \(tMax / lr) steps (--t-max / --lr); at most 1e9")
        }
    }

    /// The files this run reads: `--trajectory` and `--svg` may replace an older output, never one of these.
    var inputs: RunInputs { RunInputs([self.`init`, teacher, data]) }

    func run() throws {
        if let problem = inputs.check(outputs: [("--trajectory", trajectory), ("--svg", svg)].compactMap { flag, path in path.map { (flag, $0) } }) {
            throw ValidationError(problem)
        }
        BLASThreads.useOne()
        AllocatorTuning.keepMidSizedBuffers()
        let initModel = try readOptions.load(self.`init`)
        let lossKind = FlowLoss(rawValue: loss) ?? .mse
        var flowData: FlowData
        var testData: FlowData? = nil
        let prediction: ObstructionVerdict
        if let teacher {
            let teacherModel = try readOptions.load(teacher)
            flowData = FlowData.teacher(teacherModel, samples: samples, seed: seed)
            prediction = try Obstruction.teacher(initModel: initModel, teacher: teacherModel).verdict
        } else if let data, let target {
            let dataSet = try CSVDataSet.read(path: data, target: target, inputs: initModel.shape.inputs, model: self.`init`)
            let raw = FlowData.csv(dataSet)
            flowData = standardise ? raw.standardised() : raw
            if testFraction > 0 {
                let (train, test) = flowData.split(testFraction: testFraction, seed: splitSeed)
                flowData = train
                testData = test
            }
            prediction = Obstruction.data(initModel: initModel, targets: dataSet.exactTargets, loss: lossKind == .bce ? .bce : .mse).verdict
        } else {
            throw ValidationError("give --data CSV --target COLUMN or --teacher MODEL")
        }
        let shape = initModel.shape
        guard flowData.d == shape.inputs, flowData.e == shape.outputs else {
            throw ModelInputError(file: data ?? teacher ?? "", reason: "the data have d = \(flowData.d), e = \(flowData.e); the init has d = \(shape.inputs), e = \(shape.outputs)")
        }
        if lossKind == .bce, !(shape.outputs == 1 && flowData.targets.allSatisfy({ $0 == 0 || $0 == 1 })) {
            throw ModelInputError(file: data ?? teacher ?? "", reason: "bce needs one output and labels 0 or 1")
        }
        let slope: Double
        switch initModel.activation {
        case .relu: slope = 0
        case .leakyRelu(let gamma): slope = gamma.doubleValue
        }
        let problem = FlowProblem(inputs: flowData.inputs, targets: flowData.targets, samples: flowData.samples, d: shape.inputs,
                                  l: shape.hidden, e: shape.outputs, hiddenBias: shape.hasHiddenBias, outputBias: shape.hasOutputBias,
                                  loss: lossKind, slope: slope)
        let start = problem.parameters(of: initModel)
        // Held-out loss along the run (early-stopping view), when --test-fraction splits the data.
        let testProblem: FlowProblem? = testData.flatMap { test in
            test.samples > 0 ? FlowProblem(inputs: test.inputs, targets: test.targets, samples: test.samples, d: shape.inputs,
                                           l: shape.hidden, e: shape.outputs, hiddenBias: shape.hasHiddenBias,
                                           outputBias: shape.hasOutputBias, loss: lossKind, slope: slope) : nil
        }
        var testCurve: [(t: Double, loss: Double)] = testProblem.map { [(0, $0.lossValue(start))] } ?? []
        let started = ContinuousClock.now
        var report: FlowReport
        let initialLoss = problem.lossValue(start)
        if !initialLoss.isFinite {
            // Nothing to integrate: every method would only carry NaN or ∞ along (SPEC §9.5: invalid).
            var monitors = FlowMonitors()
            monitors.nonFinite = "the loss is \(initialLoss) at the initial point (weights or data beyond binary64's range for this loss)"
            report = FlowReport(verdict: .invalid, finalLoss: initialLoss, tFinal: 0, gradientNorm: .nan, monitors: monitors, parameters: start)
            report.rightHandSideEvaluations = 1
        } else if method == "gd" {
            let steps = max(1, Int((tMax / lr).rounded()))
            let result = GradientDescent(learningRate: lr, momentum: momentum).run(problem, from: start, steps: steps)
            let verdict: FlowVerdict = result.loss <= lossTolerance ? .reached : (result.gradientNorm <= gradientTolerance ? .stalled : .undecided)
            report = FlowReport(verdict: verdict, finalLoss: result.loss, tFinal: Double(result.steps) * lr, gradientNorm: result.gradientNorm,
                                monitors: result.monitors, parameters: result.parameters)
            report.rightHandSideEvaluations = result.steps + 1
            report.acceptedSteps = result.steps
            report.reason = result.steps == steps ? "gradient descent, \(steps) steps of \(lr)"
                : "gradient descent stopped after \(result.steps) of \(steps) steps of \(lr)"
        } else {
            var settings = FlowSettings(tMax: tMax)
            settings.relativeTolerance = rtol
            settings.absoluteTolerance = atol
            settings.lossTolerance = lossTolerance
            settings.gradientTolerance = gradientTolerance
            settings.driftTolerance = driftTolerance
            settings.project = !noProjection
            settings.stopAtVerdict = !runToTMax
            let runner = FlowRunner(problem: problem, settings: settings)
            let progress = ProgressLine(enabled: !json && isatty(STDERR_FILENO) != 0, tMax: tMax)
            let update: (FlowStep) -> Void = { step in
                progress.update(t: step.t, loss: step.loss, evaluations: step.evaluations)
                if let testProblem { testCurve.append((step.t, testProblem.lossValue(step.parameters))) }
            }
            switch method {
            case "adams": report = try runner.runCVODE(from: start, method: .adams, progress: update)
            case "bdf": report = try runner.runCVODE(from: start, method: .bdf, progress: update)
            default: report = runner.run(from: start, progress: update)
            }
            progress.finish()
        }
        // SPEC §9.5: NaN or ±∞ anywhere (loss, parameters, drift) makes any method's run invalid.
        report.invalidateIfNonFinite()
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        let testLoss = testProblem.map { $0.lossValue(report.parameters) }
        let bestTest = testCurve.min { $0.loss < $1.loss }
        let agree: Bool?
        switch (prediction, report.verdict) {
        case (.unknown, _), (_, .invalid), (_, .undecided): agree = nil
        case (.obstructed, let verdict): agree = verdict != .reached
        case (.reachable, let verdict): agree = verdict == .reached
        }
        if let trajectory {
            var text = testCurve.isEmpty ? "t,loss\n" : "t,loss,test_loss\n"
            var testAt: [Double: Double] = [:]
            for point in testCurve { testAt[point.t] = point.loss }
            for point in report.lossCurve {
                text += "\(point.t),\(point.loss)" + (testCurve.isEmpty ? "" : ",\(testAt[point.t].map { "\($0)" } ?? "")") + "\n"
            }
            try StagedFile.write(Array(text.utf8), to: trajectory, inputs: inputs)
        }
        if let svg {
            let title = "relutopo flow (\(method)): \(report.verdict.rawValue), prediction \(prediction.rawValue)"
            let picture = FlowPlot.svg(lossCurve: report.lossCurve, neuronPaths: report.neuronPaths,
                                       invariants: problem.invariants(start), title: title)
            try StagedFile.write(Array(picture.utf8), to: svg, inputs: inputs)
        }
        if json {
            Output.write(json: .object([
                ("verdict", .string(report.verdict.rawValue)),
                ("final_loss", .double(report.finalLoss)),
                ("t_final", .double(report.tFinal)),
                ("max_drift", .double(report.monitors.maxDrift)),
                ("max_relative_drift", .double(report.monitors.maxRelativeDrift)),
                ("max_relative_drift_after_projection", .double(report.monitors.maxRelativeDriftAfterProjection)),
                ("locked_sign_changes", .integer(report.monitors.lockedSignChanges)),
                ("invariant_sign_flips", .integer(report.monitors.invariantSignFlips)),
                ("rhs_evaluations", .integer(report.rightHandSideEvaluations)),
                ("prediction", .string(prediction.rawValue)),
                ("agree", agree.map(JSONValue.bool) ?? .null),
                ("method", .string(method)),
                ("gradient_norm", .double(report.gradientNorm)),
                ("accepted_steps", .integer(report.acceptedSteps)),
                ("rejected_steps", .integer(report.rejectedSteps)),
                ("switches", .integer(report.switches)),
                ("sliding_entries", .integer(report.slidingEntries)),
                ("sliding_exits", .integer(report.slidingExits)),
                ("sliding_time", .double(report.slidingTime)),
                ("projection_restarts", .integer(report.projectionRestarts)),
                ("wall_seconds", .double(seconds)),
                ("train_samples", .integer(flowData.samples)),
                ("test_samples", .integer(testData?.samples ?? 0)),
                ("test_loss", testLoss.map(JSONValue.double) ?? .null),
                ("best_test_loss", bestTest.map { JSONValue.double($0.loss) } ?? .null),
                ("best_test_time", bestTest.map { JSONValue.double($0.t) } ?? .null),
                ("reason", .string(report.reason)),
            ]))
        } else {
            var lines = ["verdict: \(report.verdict.rawValue) (\(report.reason))"]
            lines.append("final loss \(formatApproximate(report.finalLoss)) at t = \(formatApproximate(report.tFinal)); ‖∇L‖ = \(formatApproximate(report.gradientNorm))")
            if let testLoss { lines.append("test loss \(formatApproximate(testLoss)) on \(testData?.samples ?? 0) held-out samples (train \(flowData.samples))") }
            if let bestTest { lines.append("lowest test loss along the run \(formatApproximate(bestTest.loss)) at t = \(formatApproximate(bestTest.t))") }
            lines.append("exact prediction (SPEC §6): \(prediction.rawValue); \(agree.map { $0 ? "agrees" : "DISAGREES" } ?? "no comparison")")
            lines.append("invariant drift before projection: max \(formatApproximate(report.monitors.maxDrift)) (relative \(formatApproximate(report.monitors.maxRelativeDrift))), after projection \(formatApproximate(report.monitors.maxRelativeDriftAfterProjection)) relative; locked sign changes \(report.monitors.lockedSignChanges); c_k sign flips \(report.monitors.invariantSignFlips)")
            lines.append("\(report.rightHandSideEvaluations) right-hand-side evaluations, \(report.acceptedSteps) steps (\(report.rejectedSteps) rejected), \(report.switches) switches, \(report.slidingEntries) sliding entries, sliding for t = \(formatApproximate(report.slidingTime)); \(formatApproximate(seconds)) s")
            Output.write(lines.joined(separator: "\n") + "\n")
        }
    }
}

/// One self-overwriting status line on stderr, at most twice a second, only
/// when stderr is a terminal (so pipes, files, CI and `--json` stay clean).
final class ProgressLine {
    let enabled: Bool
    let tMax: Double
    var lastPrint = ContinuousClock.now
    var printed = false

    init(enabled: Bool, tMax: Double) {
        self.enabled = enabled
        self.tMax = tMax
    }

    func update(t: Double, loss: Double, evaluations: Int) {
        guard enabled, ContinuousClock.now - lastPrint > .milliseconds(500) else { return }
        lastPrint = ContinuousClock.now
        printed = true
        let percent = Int((t / tMax * 100).rounded(.down))
        FileHandle.standardError.write(Data(String(format: "\r  t = %.4g / %.4g (%d%%)  loss = %.6g  %d evaluations   ", t, tMax, percent, loss, evaluations).utf8))
    }

    func finish() {
        if printed { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// Checks of numeric command-line values that say what is wrong with the value
/// (negative, zero, not a number, infinite, out of range) and name the flag.
enum NumericFlag {
    enum Requirement {
        /// Finite and > 0.
        case positive
        /// Finite and ≥ 0.
        case nonNegative
        /// In [0, 1).
        case fraction

        var text: String {
            switch self {
            case .positive: return "a finite number > 0"
            case .nonNegative: return "a finite number ≥ 0"
            case .fraction: return "a number in [0, 1)"
            }
        }
    }

    /// What is wrong with `value` under `requirement`, or nil when it is fine.
    static func problem(_ value: Double, _ requirement: Requirement) -> String? {
        if value.isNaN { return "it is not a number" }
        if value.isInfinite { return "it is infinite" }
        switch requirement {
        case .positive where value == 0: return "it is zero"
        case .positive where value < 0, .nonNegative where value < 0, .fraction where value < 0: return "it is negative"
        case .fraction where value >= 1: return value == 1 ? "it is 1" : "it is greater than 1"
        default: return nil
        }
    }

    static func check(_ flag: String, _ value: Double, _ requirement: Requirement) throws {
        if let problem = problem(value, requirement) {
            throw ValidationError("\(flag) must be \(requirement.text), but \(problem) (\(value))")
        }
    }

    /// A seed: an integer in 0…2⁶⁴−1, with what is wrong otherwise.
    static func seed(_ text: String) throws -> UInt64 {
        if let value = UInt64(text) { return value }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let problem = trimmed.hasPrefix("-") && Int(trimmed) != nil ? "it is negative"
            : (trimmed.allSatisfy(\.isNumber) && !trimmed.isEmpty ? "it is larger than 2⁶⁴−1" : "it is not an integer")
        throw ValidationError("a seed is an integer in 0…18446744073709551615, but \(problem)")
    }

    static func check(_ flag: String, _ value: Int, in range: ClosedRange<Int>) throws {
        guard !range.contains(value) else { return }
        let problem = value < 0 ? "it is negative" : (value == 0 ? "it is zero" : (value < range.lowerBound ? "it is too small" : "it is too large"))
        throw ValidationError("\(flag) must be in \(range.lowerBound)…\(range.upperBound), but \(problem) (\(value))")
    }
}

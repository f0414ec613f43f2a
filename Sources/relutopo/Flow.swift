import ArgumentParser
import ExactNumbers
import Foundation
import GradientFlow
import JSONDocument
import ModelIO
import ReluNetwork

extension FlowMethod: ExpressibleByArgument {}
extension FlowLoss: ExpressibleByArgument {}

/// `relutopo flow`: integrate the gradient flow of SPEC §9 from an init and set
/// the numeric verdict beside the exact prediction of SPEC §6. The command
/// parses, hands a `FlowExperiment` to GradientFlow, and formats its report.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Integrate the gradient flow from an init and compare its verdict with the exact prediction.",
        discussion: """
            dopri5: adaptive Dormand–Prince 5(4) with the activation switches located on the dense output and \
            the minimal-norm sliding field of docs/THEORY.md §9.2a on kinks that attract from both sides; orbit projection \
            (docs/THEORY.md §9.3) after every step. adams, bdf: the same flow on SUNDIALS CVODE, whose root finding locates \
            the switches (projection inside CVODE for bdf; adams is projected at restarts and when it leaves its orbit). \
            gd, momentum, adam: finite steps of size --lr (momentum: heavy ball, --momentum; adam: --betas, --eps; full batch), \
            not bound by the conservation law: the drift of every c per step, for gd the largest step with which no locked sign \
            can flip in one step (exact), and the first step a locked sign flipped are reported as findings; the exact prediction \
            beside them concerns gradient flow (docs/THEORY.md §14.5). Training setups (--lr-scales, --multipliers, \
            --parameterization, --node-scales, --weight-decays) integrate θ' = −D∇L with the weighted law (docs/THEORY.md §14). Verdicts (docs/THEORY.md §9.5): reached, stalled, undecided, invalid. \
            agree: an obstructed prediction agrees with any verdict but reached; a reachable one only with reached. \
            Any depth: with more than one hidden layer the kinks of every layer are followed, the locked coordinates \
            (docs/THEORY.md §13.3) are monitored and the prediction is docs/THEORY.md §13.5's floor. \
            The text report adds the proven floor of the loss (docs/THEORY.md §6.2–§6.3), the trend of the loss over the last 10% of t and, \
            for undecided, a reading in plain words. A progress line on stderr appears after a second when stderr is a \
            terminal (never with --json or when CI is set).
            """,
        subcommands: [FlowMerge.self])

    @Option(name: .long, help: ArgumentHelp("The initialisation (MODEL); or --batch DIR.", valueName: "MODEL")) var `init`: String?
    @Option(name: .long, help: ArgumentHelp("CSV data set with a header row.", valueName: "CSV")) var data: String?
    @Option(name: .long, help: ArgumentHelp("Target column of --data.", valueName: "COLUMN")) var target: String?
    @Flag(name: .long, help: "z-score the features of --data (population standard deviation, over all rows).") var standardise = false
    // Numeric options parse their value unconditionally, so `--t-max -1` reaches validate()
    // and is reported as negative (not "missing value": "-1" would otherwise look like a flag).
    @Option(name: .customLong("test-fraction"), parsing: .unconditional, help: "Hold out this fraction of --data (seeded shuffle) and report the test loss.")
    var testFraction: Double = 0
    @Option(name: .customLong("split-seed"), parsing: .unconditional, help: "Seed of the train/test shuffle (default 0).", transform: NumericFlag.seed) var splitSeed: UInt64?
    @Option(name: .long, help: ArgumentHelp("Teacher network labelling random inputs x ~ N(0, I).", valueName: "MODEL")) var teacher: String?
    @Option(name: .long, parsing: .unconditional, help: "Number of teacher samples (default 100).") var samples: Int?
    @Option(name: .long, parsing: .unconditional, help: "Seed for the teacher samples (default 0).", transform: NumericFlag.seed) var seed: UInt64?
    @Option(name: .long, help: "Loss.") var loss: FlowLoss = .mse
    @Option(name: .long, help: "Integrator: dopri5, bdf or adams (CVODE); or finite steps: gd, momentum (heavy ball), adam (full batch).") var method: FlowMethod = .dopri5
    @Option(name: .customLong("t-max"), parsing: .unconditional, help: "Time horizon, > 0 (gd: number of steps × lr).") var tMax: Double = 100
    @Option(name: .long, parsing: .unconditional, help: "Relative tolerance, > 0.") var rtol: Double = 1e-6
    @Option(name: .long, parsing: .unconditional, help: "Absolute tolerance, > 0.") var atol: Double = 1e-9
    @Option(name: .long, parsing: .unconditional, help: "Learning rate of gd, momentum and adam, > 0.") var lr: Double = 0.01
    @Option(name: .long, parsing: .unconditional, help: "Heavy-ball momentum of gd and momentum, in [0, 1) (momentum: 0.9 unless given).") var momentum: Double?
    @Option(name: .long, help: ArgumentHelp("Adam's β1,β2, each in [0, 1).", valueName: "β1,β2"), transform: FlowCommand.betas)
    var betas: [Double] = [0.9, 0.999]
    @Option(name: .long, parsing: .unconditional, help: "Adam's ε, > 0.") var eps: Double = 1e-8
    @Option(name: .customLong("weight-decay"), parsing: .unconditional,
            help: "L2 weight decay λ ≥ 0 on every weight and hidden bias (not the output bias): c(t) = c(0)·e^{−2λt} (docs/THEORY.md §2).")
    var weightDecay: Double = 0
    @Flag(name: .customLong("deep-engine"), help: .hidden) var deepEngine = false
    @Option(name: .customLong("loss-tol"), parsing: .unconditional, help: "Verdict reached when the loss is at most this (≥ 0).") var lossTolerance: Double = 1e-8
    @Option(name: .customLong("grad-tol"), parsing: .unconditional, help: "Verdict stalled when ‖∇L‖ is at most this (≥ 0).") var gradientTolerance: Double = 1e-8
    @Option(name: .customLong("drift-tol"), parsing: .unconditional, help: "Verdict invalid when the relative invariant drift exceeds this (> 0).") var driftTolerance: Double = 1e-4
    @Flag(name: .customLong("no-projection"), help: "Do not project onto the invariant orbit after each step.") var noProjection = false
    @Flag(name: .customLong("run-to-t-max"), help: "Keep integrating after the verdict is known (reached or stalled) until --t-max.")
    var runToTMax = false
    @Option(name: .long, help: ArgumentHelp("Write (t, loss[, test_loss]) after every accepted step to this CSV.", valueName: "PATH.csv")) var trajectory: String?
    @Option(name: .long, help: ArgumentHelp("Draw the loss curve and each neuron's (‖a_k‖, v_k) path over its hyperbola.", valueName: "PATH.svg")) var svg: String?
    @OptionGroup var readOptions: ModelOptions
    @OptionGroup(title: "Training setup (docs/THEORY.md §14)") var lawOptions: LawOptions
    @Flag(name: .long, help: "Print one JSON document.") var json = false
    @Flag(name: .long, help: "Also report how often samples crossed or slid along the neurons' kinks (text output; --json always has them).")
    var verbose = false
    // Many inits in one process (issue 17): --batch DIR, --out, --threads, --shard, --no-timing (FlowBatch.swift).
    @OptionGroup(title: "Batch runs") var batch: FlowBatchOptions

    func validate() throws {
        if FlowMerge.requested { return }   // `flow merge …`: this command's flags are not given (ArgumentParser validates the parent first)
        if (self.`init` == nil) == (batch.directory == nil) {
            throw ValidationError(self.`init` == nil ? "give --init MODEL (or --batch DIR)" : "--init and --batch cannot be combined: --batch DIR runs every model in DIR")
        }
        if (data == nil) == (teacher == nil) { throw ValidationError("give --data CSV --target COLUMN or --teacher MODEL") }
        if data != nil && target == nil { throw ValidationError("--data needs --target COLUMN") }
        try NumericFlag.check("--test-fraction", testFraction, .fraction)
        try NumericFlag.check("--t-max", tMax, .positive)
        try NumericFlag.check("--rtol", rtol, .positive)
        try NumericFlag.check("--atol", atol, .positive)
        try NumericFlag.check("--lr", lr, .positive)
        if let momentum { try NumericFlag.check("--momentum", momentum, .fraction) }
        try NumericFlag.check("--eps", eps, .positive)
        if momentum != nil && !(method == .gd || method == .momentum) {
            throw ValidationError("--momentum is for --method gd or momentum")
        }
        try NumericFlag.check("--weight-decay", weightDecay, .nonNegative)
        try NumericFlag.check("--loss-tol", lossTolerance, .nonNegative)
        try NumericFlag.check("--grad-tol", gradientTolerance, .nonNegative)
        try NumericFlag.check("--drift-tol", driftTolerance, .positive)
        if let samples { try NumericFlag.check("--samples", samples, in: 1...10_000_000) }
        if teacher != nil, let flag = [("--target", target != nil), ("--standardise", standardise), ("--test-fraction", testFraction != 0),
                                       ("--split-seed", splitSeed != nil)].first(where: { $0.1 })?.0 {
            throw ValidationError("\(flag) is for --data; with --teacher the inputs are drawn (--samples, --seed), not read")
        }
        if data != nil, let flag = [("--samples", samples != nil), ("--seed", seed != nil)].first(where: { $0.1 })?.0 {
            throw ValidationError("\(flag) is for --teacher (the inputs it draws); --data reads them (the split's seed is --split-seed)")
        }
        if let activation = readOptions.activation, activation.power != Rational(1), teacher != nil {
            throw ValidationError("--activation relu^\(activation.power) with --teacher: a teacher is evaluated with ReLU; give --data CSV --target COLUMN")
        }
        if weightDecay > 0 && lawOptions.weightDecays != nil {
            throw ValidationError("give --weight-decay λ (every layer) or --weight-decays λ1,…,λL, not both")
        }
        if method.isFiniteStep && !(tMax / lr <= 1e9) {
            throw ValidationError("--method \(method.rawValue) would take \(tMax / lr) steps (--t-max / --lr); at most 1e9")
        }
    }

    /// The files this run reads: `--trajectory` and `--svg` may replace an older output, never one of these.
    var inputs: RunInputs { RunInputs([self.`init`, teacher, data, lawOptions.inputFile]) }

    func run() throws {
        if batch.directory != nil { return try FlowBatch(command: self).run() }
        let inputs = self.inputs
        if let problem = inputs.check(outputs: [("--trajectory", trajectory), ("--svg", svg)]) {
            throw ValidationError(problem)
        }
        BLASThreads.useOne()
        AllocatorTuning.keepMidSizedBuffers()
        let experiment = try self.experiment()
        let progress = ProgressLine(enabled: !json && ProgressLine.stderrIsInteractive, tMax: tMax)
        let report = try experiment.run { progress.update(t: $0.t, loss: $0.loss, gradientNorm: $0.gradientNorm, evaluations: $0.evaluations) }
        progress.finish()
        if let trajectory { try StagedFile.write(Array(report.trajectoryCSV.utf8), to: trajectory, inputs: inputs) }
        if let svg {
            let title = "relutopo flow (\(method.rawValue)): \(report.solution.verdict.rawValue), prediction \(report.prediction.rawValue)"
            let picture = FlowPlot.svg(lossCurve: report.solution.trajectory.lossCurve, neuronPaths: report.solution.trajectory.neuronPaths,
                                       invariants: report.initialInvariants, title: title)
            try StagedFile.write(Array(picture.utf8), to: svg, inputs: inputs)
        }
        if json {
            try Output.write(report: jsonReport(report, law: experiment.network.law))
        } else {
            Output.write(FlowText(report: report, experiment: experiment, verbose: verbose).text)
        }
    }

    /// The `--json` document of one run (also one line of `--batch`): the report and the `"law"` object.
    func jsonReport(_ report: FlowExperimentReport, law: TrainingLaw) -> LawTagged<FlowReport> {
        LawTagged(report: FlowReport(report, method: method, weightDecay: weightDecay),
                  law: LawReport(law, parameterization: lawOptions.parameterization))
    }

    /// The flow runs in binary64: every scale of the setup, and each layer's
    /// `η_h ρ_h² λ_k²` (SPEC §14), must be a normal binary64 number, or the
    /// field is 0 or ∞ from the start. Exact commands take any value.
    static func checkBinary64(_ law: TrainingLaw, depth: Int) throws {
        let given: [(String, [Rational]?)] = [("--lr-scales", law.learningRates), ("--multipliers", law.multipliers),
                                              ("--node-scales", law.nodeScales), ("--weight-decays", law.weightDecays)]
        for (flag, values) in given {
            for (position, value) in (values ?? []).enumerated() where !value.isZero && !value.doubleValue.isNormal {
                throw ValidationError("\(flag): value \(position + 1) is outside binary64's normal range (≈ \(value.doubleValue)); flow integrates in binary64")
            }
        }
        // relu^p integrates z^p in binary64: p beyond its range is a flag error, not a run to `invalid`.
        if !law.power.doubleValue.isNormal || law.power.doubleValue > 1024 {
            throw ValidationError("--activation relu^p: p ≈ \(law.power.doubleValue) is beyond what flow integrates in binary64 (p ≤ 1024)")
        }
        let rates = law.learningRates ?? [], squares = law.multipliers ?? []
        let largest = (law.nodeScales ?? [Rational(1)]).map { $0 * $0 }.max() ?? Rational(1)
        let smallest = (law.nodeScales ?? [Rational(1)]).map { $0 * $0 }.min() ?? Rational(1)
        for h in 0..<depth {
            let metric = (h < rates.count ? rates[h] : Rational(1)) * (h < squares.count ? squares[h] : Rational(1))
            // Node scales multiply the output weights of the last hidden layer only (layer L).
            let products = h == depth - 1 ? [metric, metric * largest, metric * smallest] : [metric]
            for product in products where !product.doubleValue.isNormal {
                throw ValidationError("the training setup gives layer \(h + 1) a rate η·ρ²(·λ²) of \(product.doubleValue), outside binary64's normal range; flow integrates in binary64")
            }
        }
    }

    /// `--betas β1,β2`: two numbers in [0, 1).
    static func betas(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let first = parts[0], let second = parts[1], (0..<1).contains(first), (0..<1).contains(second) else {
            throw ValidationError("--betas takes two numbers in [0, 1), as 0.9,0.999; got '\(text)'")
        }
        return [first, second]
    }

    /// The init under the training setup of the law flags (SPEC §14). Under a
    /// setup, `--weight-decay λ` is the decay of every layer as optimisers
    /// apply it (rate `η_h·λ`). relu^p (p > 1) runs as a C¹ field.
    func loadInit(_ path: String) throws -> LayeredNetwork {
        var network = try readOptions.loadLayered(path, lawOptions: lawOptions)
        if weightDecay > 0, !network.law.isGradientFlow, let decay = Rational(exactly: weightDecay) {
            network.law.weightDecays = Array(repeating: decay, count: network.depth)
        }
        try FlowCommand.checkBinary64(network.law.resolved(widths: network.widths), depth: network.depth)
        return network
    }

    /// A `--test-fraction` must leave rows on both sides of the split: no
    /// training rows makes every loss an empty mean, no test rows reports nothing.
    static func checkSplit(_ testFraction: Double, rows: Int, data: String) throws {
        guard testFraction > 0 else { return }
        let held = FlowData.splitRows(samples: rows, testFraction: testFraction, seed: 0).test.count
        if held == 0 || held == rows {
            throw ValidationError("--test-fraction \(testFraction) of the \(rows) rows of \(data) holds out \(held): it must leave at least one row for training and one for testing")
        }
    }

    /// The experiment the flags describe, with the models and the table read.
    func experiment() throws -> FlowExperiment {
        guard let initPath = self.`init` else { throw ValidationError("give --init MODEL (or --batch DIR)") }
        let network = try loadInit(initPath)
        let flowData: FlowExperiment.Data
        if let teacher {
            flowData = .teacher(try readOptions.loadLayered(teacher), samples: samples ?? 100, seed: seed ?? 0)
        } else if let data, let target {
            let first = network.tensorNames?.first?.weights ?? network.layers[0].weights.name
            let owner = network.depth > 2 ? "\(initPath) (tensor \(first), \(network.widths[1]) × \(network.widths[0]))" : initPath
            let table = try CSVDataSet.read(path: data, target: target, inputs: network.widths[0], model: owner)
            try FlowCommand.checkSplit(testFraction, rows: table.samples, data: data)
            flowData = .table(table, standardise: standardise, testFraction: testFraction, splitSeed: splitSeed ?? 0)
        } else {
            throw ValidationError("give --data CSV --target COLUMN or --teacher MODEL")
        }
        var settings = FlowSettings(tMax: tMax)
        settings.relativeTolerance = rtol
        settings.absoluteTolerance = atol
        settings.lossTolerance = lossTolerance
        settings.gradientTolerance = gradientTolerance
        settings.driftTolerance = driftTolerance
        settings.project = !noProjection
        settings.stopAtVerdict = !runToTMax
        var experiment = FlowExperiment(network: network, data: flowData, dataFile: data ?? teacher ?? "", loss: loss, method: method,
                                        settings: settings, learningRate: lr, momentum: momentum ?? (method == .momentum ? 0.9 : 0))
        experiment.betas = (betas[0], betas[1])
        experiment.epsilon = eps
        experiment.weightDecay = network.law.isGradientFlow ? weightDecay : 0
        experiment.engine = deepEngine ? .deep : .automatic
        return experiment
    }
}

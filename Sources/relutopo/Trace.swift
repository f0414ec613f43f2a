import ArgumentParser
import ExactNumbers
import Foundation
import InvariantTopology
import ModelIO
import ReluNetwork

/// `relutopo trace CKPT…`: the conserved quantities along a real training run
/// (SPEC §14.6), read one checkpoint at a time.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Follow c = ‖input‖² − ‖output‖² and the locked signs through the checkpoints of one training run.",
        discussion: """
            Give the checkpoints of one run (any format analyze reads, any depth), e.g. state dicts saved \
            every N steps. For each: the exact c of every hidden neuron, its drift from the first checkpoint, \
            the number q of locked coordinates (and the label, in --json); for each coordinate locked at the first \
            checkpoint, whether and where its sign changed. Gradient flow keeps every c and every locked sign \
            (docs/THEORY.md §13, §14.6); a finite-step, momentum or Adam run may not, and this shows whether it did. \
            Checkpoints are taken in natural order of their names (step_9 before step_10) unless --keep-order.
            """)

    @Argument(help: ArgumentHelp("The checkpoints (MODEL files or directories) of one run.", valueName: "CKPT"))
    var checkpoints: [String]

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var lawOptions: LawOptions
    @Flag(name: .long, help: "Print one JSON document.") var json = false
    @Flag(name: .long, help: "Every checkpoint in the table, and every neuron's exact c per checkpoint in --json.") var full = false
    @Flag(name: .long, help: "Take the checkpoints in the order given (default: natural order of the paths).") var keepOrder = false
    @Option(name: .long, help: ArgumentHelp("Draw c_k over the run for the neurons nearest to a lock, with sign changes marked.", valueName: "PATH.svg"))
    var svg: String?

    func validate() throws {
        guard !checkpoints.isEmpty else { throw ValidationError("give at least one checkpoint") }
    }

    func run() throws {
        let inputs = RunInputs(checkpoints + [lawOptions.inputFile])
        if let problem = inputs.check(outputs: [("--svg", svg)]) { throw ValidationError(problem) }
        let ordered = keepOrder ? checkpoints : checkpoints.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        var trace = CheckpointTrace(keepAllInvariants: full && json)
        var law = TrainingLaw.gradientFlow
        for path in ordered {
            let network = try modelOptions.loadLayered(path, lawOptions: lawOptions)
            law = network.law
            try trace.add(network, path: path)
        }
        if let svg { try StagedFile.write(Array(TracePlot.svg(trace).utf8), to: svg, inputs: inputs) }
        if json {
            try Output.write(report: LawTagged(report: TraceReport(trace), law: LawReport(law, parameterization: lawOptions.parameterization)))
        } else {
            Output.write(LawReport.line(law) + trace.text(full: full, law: law.isGradientFlow ? nil : law.formula))
        }
    }
}

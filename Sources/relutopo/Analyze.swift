import ArgumentParser
import InvariantTopology
import ReluNetwork

/// `relutopo analyze MODEL [--json] [--full]`: exact invariants `c_k`, quadric
/// types, locked scalars, components, Betti numbers, Euler characteristic,
/// effective components and the label of the model's component (SPEC §2–§5).
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exact invariants c_k and the topology of the invariant set of a model.",
        discussion: """
            Reads every parameter as the exact rational it stores (a float32 in .npy is the \
            dyadic rational it encodes; 0.1 in JSON is 1/10) and decides every sign exactly. \
            Where c_k = 0 the cone Q(0) is reported in both readings of SPEC §3: topological \
            (the set) and dynamical (the pieces flow lines cannot leave).
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Flag(name: .long, help: "Print one JSON document (SPEC §12) instead of text.")
    var json = false

    @Flag(name: .long, help: "Show every neuron in the table (long tables are summarised).")
    var full = false

    func run() throws {
        let model = try modelOptions.load()
        let report = AnalyzeReport(model: model)
        Output.write(json ? report.json().serialized() + "\n" : report.text(full: full))
    }
}

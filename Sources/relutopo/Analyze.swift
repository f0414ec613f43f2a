import ArgumentParser
import InvariantTopology
import Symmetry

/// `relutopo analyze MODEL [--json] [--full]`: exact invariants `c_k`, quadric
/// types, locked scalars, components, Betti numbers, Euler characteristic,
/// effective components and the label of the model's component (SPEC §2–§5).
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exact invariants c_k and the topology of the invariant set of a model.",
        discussion: """
            Reads every parameter as the exact rational it stores (a float32 in .npy is the \
            dyadic rational it encodes; 0.1 in JSON is 1/10) and decides every sign exactly. \
            Where c_k = 0 the cone Q(0) is reported in both readings of docs/THEORY.md §3: topological \
            (the set) and dynamical (the pieces flow lines cannot leave).
            """)

    @Argument(help: ArgumentHelp(
        "A model: a PyTorch state dict (.pt, .pth, pytorch_model.bin from torch.save(model.state_dict())), a .safetensors file, an .npz, a .json file, or a directory holding W1.npy [b1.npy] W2.npy [b2.npy].",
        valueName: "MODEL"))
    var model: String

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var lawOptions: LawOptions

    @Flag(name: .long, help: "Print one JSON document (docs/THEORY.md §12) instead of text.")
    var json = false

    @Flag(name: .long, help: "Show every neuron in the table (long tables are summarised).")
    var full = false

    @Flag(name: .long, help: "Every c_k exactly in the table, however long (otherwise long ones are rounded, marked ≈).")
    var exact = false

    @Flag(name: .long, help: "Add the topology: each neuron's quadric and label, components in both readings, Betti numbers, Poincaré polynomial, Euler characteristic (with a legend).")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp(
        "With --json: 'sparse' writes 'betti_nonzero' ({degree: β}, non-zero Betti numbers only); 'dense' also the docs/THEORY.md §12 'betti' lists [β0, β1, …] up to the top degree; 'none' neither. Default: sparse, except that when the non-zero Betti numbers would exceed 10^7 digits (e.g. (1 + t)^50000: 50 001 numbers of up to 15 000 digits) 'betti_nonzero' is null and 'betti_nonzero_omitted' says how large it would be; an explicit --betti sparse writes them anyway. The factored Poincaré polynomial is always written.",
        valueName: "dense|sparse|none"))
    var betti: BettiFormat?

    func run() throws {
        let network = try modelOptions.loadLayered(model, lawOptions: lawOptions)
        guard network.law.hasLaw else {   // docs/THEORY.md §14.4: no law, nothing certified
            let report = NotApplicableReport(network, invariants: try network.invariants(), law: LawReport(network.law, parameterization: lawOptions.parameterization))
            if json { try Output.write(report: report) } else { Output.write(report.text) }
            return
        }
        if network.depth > 2 {
            let topology = try DeepTopology(network: network)
            if let betti, betti != .none {
                Output.error("relutopo: note: --betti \(betti.rawValue) has no effect with \(network.depth - 1) hidden layers: only β₀ (the components) is known there (docs/THEORY.md §13.3)")
            }
            if json {
                try Output.write(report: LawTagged(report: DeepAnalyzeReport(topology), law: LawReport(network.law, parameterization: lawOptions.parameterization)))
            } else {
                let text = topology.text(full: full || verbose, exact: exact, modelPath: model, law: network.law.isGradientFlow ? nil : network.law.formula)
                Output.write(LawReport.line(network.law) + (verbose ? text + "\nOnly β₀ (the components) is known for more than one hidden layer: Betti numbers, the Poincaré polynomial\nand effective components are not computed (docs/THEORY.md §13.3, §13.6).\n" : text))
            }
            return
        }
        let analysis = InvariantSetAnalysis(model: try network.twoLayerModel())
        if json {
            try Output.write(report: LawTagged(report: AnalyzeReport(analysis, betti: betti), law: LawReport(network.law, parameterization: lawOptions.parameterization)))
        } else {
            Output.write(LawReport.line(network.law) + analysis.text(full: full, verbose: verbose, exact: exact, modelPath: model, law: network.law.isGradientFlow ? nil : network.law.formula))
        }
    }
}

/// How `analyze --json` writes Betti numbers.
enum BettiFormat: String, ExpressibleByArgument, CaseIterable {
    /// SPEC §12: one list per reading with every β_i up to the top degree.
    case dense
    /// Only the non-zero Betti numbers (`betti_nonzero`); for layers whose top
    /// degree is in the millions (`d = 784`, `l = 4096`: 2.2 million entries).
    case sparse
    /// No Betti numbers (they can be megabytes of digits); everything else stays.
    case none
}

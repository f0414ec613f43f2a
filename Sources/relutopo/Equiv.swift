import ArgumentParser
import ExactNumbers
import JSONDocument
import ModelIO
import ReluNetwork
import Symmetry

/// Options for reading MODEL arguments other than the file names.
struct ReadOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Names of W1,b1,W2,b2 in the models (file stems in a directory); '-' for an absent bias.",
        valueName: "W1,b1,W2,b2"))
    var keys: String?

    @Option(name: .long, help: ArgumentHelp(
        "Activation for formats that do not record one: 'relu' or 'leaky_relu:γ' (0 ≤ γ < 1).", valueName: "σ"))
    var activation: String = "relu"

    func validate() throws { _ = try readOptions() }

    func readOptions() throws -> ModelReadOptions {
        try ModelOptions.readOptions(keys: keys, activation: activation)
    }

    func load(_ path: String) throws -> ReluNetworkModel {
        try ModelReader.read(path: path, options: readOptions())
    }
}

/// `relutopo equiv A B`: are two parameter sets the same network up to
/// rescaling and permutation (SPEC §5.1–§5.2)? With a certificate.
struct Equiv: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide whether two models are equal modulo neuron rescaling and permutation.",
        discussion: """
            Exact by default: canonical forms of SPEC §5.2, and on success a certificate \
            (permutation π and exact α_k with B_π(k) = (α_k a_k, v_k/α_k)) that is re-checked exactly. \
            With --tolerance ε: neurons normalised by (a/‖a‖, v‖a‖), relative L2 distance \
            ‖x − y‖/max(‖x‖, ‖y‖), and a permutation minimising the largest matched distance (bottleneck \
            assignment); the output biases β (which rescaling and permutation leave untouched) are compared \
            by the same relative distance (0 when both are absent or zero). Equivalent iff every one of these \
            distances is ≤ ε. Norms are computed on vectors scaled by powers of two, so any magnitude works.
            """)

    @Argument(help: "The first model (A).") var first: String
    @Argument(help: "The second model (B).") var second: String
    @OptionGroup var readOptions: ReadOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Compare approximately, within relative distance ε (a finite number ≥ 0).", valueName: "ε"))
    var tolerance: Double?

    @Flag(name: .long, help: "Print one JSON document.") var json = false

    @Flag(name: .long, help: "Exit with 0 if equivalent, 1 if not (instead of 0 whenever it ran).")
    var exitStatus = false

    func validate() throws {
        if let tolerance { try NumericFlag.check("--tolerance", tolerance, .nonNegative) }
    }

    func run() throws {
        let a = try readOptions.load(first), b = try readOptions.load(second)
        let equivalent: Bool
        var document: [(String, JSONValue)] = [("a", .string(first)), ("b", .string(second))]
        var text: [String] = []
        if let tolerance {
            document.append(("mode", .string("tolerance")))
            document.append(("tolerance", .double(tolerance)))
            switch ApproximateEquivalence.compare(a, b, tolerance: tolerance) {
            case .equivalent(let match):
                equivalent = true
                document.append(("equivalent", .bool(true)))
                document.append(("certificate", .object([
                    ("permutation", .array(match.permutation.map(JSONValue.integer))),
                    ("alpha", .array(match.alphas.map { .number($0.decimalText) })),
                    ("relative_distance", .array(match.distances.map(JSONValue.double))),
                    ("output_bias_relative_distance", .double(match.outputBiasDistance)),
                    ("max_relative_distance", .double(match.maximumDistance)),
                ])))
                text.append("equivalent within relative distance \(tolerance): the best permutation matches every neuron with largest distance \(formatApproximate(match.maximumDistance)) (output biases: \(formatApproximate(match.outputBiasDistance)))")
                text.append(contentsOf: certificateLines(match.permutation, match.alphas.map { $0.fitsBinary64 ? formatApproximate($0.doubleValue) : $0.decimalText }))
            case .notEquivalent(let neuron, let nearest, let reason):
                equivalent = false
                document.append(("equivalent", .bool(false)))
                // nearest: the unmatched neuron's nearest distance, or (no neuron) the output biases' distance.
                var certificate: [(String, JSONValue)] = [
                    ("unmatched_neuron", neuron.map(JSONValue.integer) ?? .null),
                    ("nearest_relative_distance", neuron != nil ? nearest.map(JSONValue.double) ?? .null : .null),
                ]
                if neuron == nil, let nearest { certificate.append(("output_bias_relative_distance", .double(nearest))) }
                certificate.append(("reason", .string(reason)))
                document.append(("certificate", .object(certificate)))
                text.append("not equivalent within relative distance \(tolerance): \(reason)")
                if let nearest, neuron != nil { text.append("(its nearest neuron in B is at relative distance \(formatApproximate(nearest)))") }
            }
        } else {
            document.append(("mode", .string("exact")))
            switch Equivalence.compare(a, b) {
            case .equivalent(let certificate):
                equivalent = true
                document.append(("equivalent", .bool(true)))
                document.append(("certificate", .object([
                    ("permutation", .array(certificate.permutation.map(JSONValue.integer))),
                    ("alpha", .array(certificate.alphas.map { .string($0.description) })),
                    ("verified", .bool(true)),
                ])))
                text.append("equivalent: B is A with neurons rescaled and permuted (certificate checked exactly)")
                text.append(contentsOf: certificateLines(certificate.permutation, certificate.alphas.map(\.description)))
            case .notEquivalent(let neuron, let reason):
                equivalent = false
                document.append(("equivalent", .bool(false)))
                document.append(("certificate", .object([
                    ("unmatched_neuron", neuron.map(JSONValue.integer) ?? .null), ("reason", .string(reason)),
                ])))
                text.append("not equivalent: \(reason)")
            }
        }
        if json {
            Output.write(json: .object(document))
        } else {
            Output.write(text.joined(separator: "\n") + "\n")
        }
        if exitStatus && !equivalent { throw ExitCode(1) }
    }

    /// `neuron k of A → neuron π(k) of B, α = …`, summarised for long lists.
    func certificateLines(_ permutation: [Int], _ alphas: [String]) -> [String] {
        var table = TextTable(header: ["neuron of A", "neuron of B", "α"], rightAligned: [0, 1])
        let shown = permutation.count <= 24 ? Array(0..<permutation.count) : Array(0..<12) + Array((permutation.count - 6)..<permutation.count)
        table.rows = shown.map { [String($0), String(permutation[$0]), alphas[$0]] }
        var lines = table.render()
        if shown.count < permutation.count { lines.append("… \(permutation.count - shown.count) more rows in --json") }
        return lines
    }
}

import ArgumentParser
import ExactNumbers
import JSONDocument
import ModelIO
import ReluNetwork
import Symmetry

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
    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Compare approximately, within relative distance ε (a finite number ≥ 0).", valueName: "ε"))
    var tolerance: Double?

    @Flag(name: .long, help: "Print one JSON document.") var json = false

    @Flag(name: .long, help: "Exit with 0 if equivalent, 1 if not (instead of 0 whenever it ran).")
    var exitStatus = false

    func validate() throws {
        if let tolerance { try NumericFlag.check("--tolerance", tolerance, .nonNegative) }
    }

    func run() throws {
        let a = try modelOptions.load(first), b = try modelOptions.load(second)
        var document: [(String, JSONValue)] = [("a", .string(first)), ("b", .string(second))]
        let (equivalent, text) = if let tolerance {
            approximate(ApproximateEquivalence.compare(a, b, tolerance: tolerance), tolerance: tolerance, into: &document)
        } else {
            exact(Equivalence.compare(a, b), into: &document)
        }
        if json {
            Output.write(json: .object(document))
        } else {
            Output.write(text.joined(separator: "\n") + "\n")
        }
        if exitStatus && !equivalent { throw ExitCode(1) }
    }

    /// The verdict of `--tolerance ε`: JSON members appended to `document`, and the text lines.
    func approximate(_ result: ApproximateEquivalence.Result, tolerance: Double, into document: inout [(String, JSONValue)]) -> (equivalent: Bool, text: [String]) {
        document.append(("mode", .string("tolerance")))
        document.append(("tolerance", .double(tolerance)))
        switch result {
        case .equivalent(let match):
            document.append(("equivalent", .bool(true)))
            document.append(("certificate", .object([
                ("permutation", .array(match.permutation.map(JSONValue.integer))),
                ("alpha", .array(match.alphas.map { .number($0.decimalText) })),
                ("relative_distance", .array(match.distances.map(JSONValue.double))),
                ("output_bias_relative_distance", .double(match.outputBiasDistance)),
                ("max_relative_distance", .double(match.maximumDistance)),
            ])))
            return (true, ["equivalent within relative distance \(tolerance): the best permutation matches every neuron with largest distance \(formatApproximate(match.maximumDistance)) (output biases: \(formatApproximate(match.outputBiasDistance)))"]
                + certificateLines(match.permutation, match.alphas.map { $0.fitsBinary64 ? formatApproximate($0.doubleValue) : $0.decimalText }))
        case .notEquivalent(let neuron, let nearest, let reason):
            document.append(("equivalent", .bool(false)))
            // nearest: the unmatched neuron's nearest distance, or (no neuron) the output biases' distance.
            var certificate: [(String, JSONValue)] = [
                ("unmatched_neuron", neuron.map(JSONValue.integer) ?? .null),
                ("nearest_relative_distance", neuron != nil ? nearest.map(JSONValue.double) ?? .null : .null),
            ]
            if neuron == nil, let nearest { certificate.append(("output_bias_relative_distance", .double(nearest))) }
            certificate.append(("reason", .string(reason)))
            document.append(("certificate", .object(certificate)))
            var text = ["not equivalent within relative distance \(tolerance): \(reason)"]
            if let nearest, neuron != nil { text.append("(its nearest neuron in B is at relative distance \(formatApproximate(nearest)))") }
            return (false, text)
        }
    }

    /// The exact verdict (SPEC §5.2): JSON members appended to `document`, and the text lines.
    func exact(_ result: EquivalenceResult, into document: inout [(String, JSONValue)]) -> (equivalent: Bool, text: [String]) {
        document.append(("mode", .string("exact")))
        switch result {
        case .equivalent(let certificate):
            document.append(("equivalent", .bool(true)))
            document.append(("certificate", .object([
                ("permutation", .array(certificate.permutation.map(JSONValue.integer))),
                ("alpha", .array(certificate.alphas.map { .string($0.description) })),
                ("verified", .bool(true)),
            ])))
            return (true, ["equivalent: B is A with neurons rescaled and permuted (certificate checked exactly)"]
                + certificateLines(certificate.permutation, certificate.alphas.map(\.description)))
        case .notEquivalent(let neuron, let reason):
            document.append(("equivalent", .bool(false)))
            document.append(("certificate", .object([
                ("unmatched_neuron", neuron.map(JSONValue.integer) ?? .null), ("reason", .string(reason)),
            ])))
            return (false, ["not equivalent: \(reason)"])
        }
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

import ArgumentParser
import ModelIO
import ReluNetwork
import ExactNumbers
import Symmetry

/// `relutopo equiv A B`: are two parameter sets the same network up to
/// rescaling and permutation (SPEC §5.1–§5.2)? With a certificate.
struct Equiv: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide whether two models are equal modulo neuron rescaling and permutation.",
        discussion: """
            Exact by default: canonical forms of docs/THEORY.md §5.2, and on success a certificate \
            (permutation π and exact α_k with B_π(k) = (α_k a_k, v_k/α_k)) that is re-checked exactly. \
            With --tolerance ε: neurons normalised by (a/‖a‖, v‖a‖), relative L2 distance \
            ‖x − y‖/max(‖x‖, ‖y‖), and a permutation minimising the largest matched distance (bottleneck \
            assignment); the output biases β (which rescaling and permutation leave untouched) are compared \
            by the same relative distance (0 when both are absent or zero). Equivalent iff every one of these \
            distances is ≤ ε. Norms are computed on vectors scaled by powers of two, so any magnitude works.

            Deeper networks (docs/THEORY.md §13.6): exact, layer by layer, with a certificate per hidden layer; \
            neurons whose input weights and bias are all zero are paired by their outgoing weights (positive \
            multiples). With --tolerance ε: a heuristic alignment, not an exact decision (the counterpart of \
            weight matching / Git Re-Basin, over rescalings as well as permutations): from the first hidden \
            layer up, the scales and order found below are carried into the next layer's columns, each input \
            side is normalised to unit norm, and each layer is matched by the bottleneck assignment; the last \
            hidden layer and the output biases as for one hidden layer. The largest distance is reported with \
            its layer and neuron. A and B must have the same widths (exit 3 otherwise).
            """)

    @Argument(help: "The first model (A).") var first: String
    @Argument(help: "The second model (B).") var second: String
    @OptionGroup var modelOptions: ModelOptions
    /// Accepted for every command that reads a model (docs/THEORY.md §14): the
    /// rescaling group acts on stored weights the same way whatever the
    /// learning rates, multipliers or node scales, so the answer does not
    /// change; the report names the law.
    @OptionGroup var lawOptions: LawOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Compare approximately, within relative distance ε (a finite number ≥ 0).", valueName: "ε"))
    var tolerance: Double?

    @Flag(name: .long, help: "Print one JSON document.") var json = false

    @Flag(name: .long, help: "Exit with 0 if equivalent, 1 if not, 4 if unknown (instead of 0 whenever it ran).")
    var exitStatus = false

    func validate() throws {
        if let tolerance { try NumericFlag.check("--tolerance", tolerance, .nonNegative) }
    }

    func run() throws {
        if let power = modelOptions.activation?.power, power != Rational(1) {
            throw ValidationError("--activation relu^\(power): equiv decides the group a → αa, o → o/α of relu and leaky_relu; relu^p rescales o by 1/α^p (docs/THEORY.md §14.3)")
        }
        let deepA = try modelOptions.loadLayered(first, lawOptions: lawOptions), deepB = try modelOptions.loadLayered(second, lawOptions: lawOptions)
        let law = LawReport(deepA.law, parameterization: lawOptions.parameterization)
        guard deepA.widths == deepB.widths else {
            func describe(_ network: LayeredNetwork) -> String {
                let hidden = network.depth - 1
                return network.widths.map(String.init).joined(separator: " → ") + " (\(hidden) hidden layer\(hidden == 1 ? "" : "s"))"
            }
            throw ModelInputError(file: second, reason: "widths \(describe(deepB)) differ from \(describe(deepA)) in \(first): equiv compares networks of the same depth and widths")
        }
        if deepA.depth > 2 {
            if let tolerance { return try runDeepApproximate(deepA, deepB, tolerance: tolerance) }
            return try runDeep(deepA, deepB)
        }
        let a = try deepA.twoLayerModel(), b = try deepB.twoLayerModel()
        let report: EquivReport, text: [String]
        if let tolerance {
            let result = ApproximateEquivalence.compare(a, b, tolerance: tolerance)
            report = EquivReport(a: first, b: second, tolerance: tolerance, result)
            text = approximateText(result, tolerance: tolerance)
        } else {
            let result = Equivalence.compare(a, b)
            report = EquivReport(a: first, b: second, result)
            text = exactText(result)
        }
        if json {
            try Output.write(report: LawTagged(report: report, law: law))
        } else {
            Output.write(text.joined(separator: "\n") + "\n")
        }
        if exitStatus && !report.equivalent { throw ExitCode(1) }
    }

    /// SPEC §13.6: exact equivalence of deeper networks, layer by layer.
    func runDeep(_ a: LayeredNetwork, _ b: LayeredNetwork) throws {
        let result = DeepEquivalence.compare(a, b)
        let report = DeepEquivReport(a: first, b: second, result)
        if json {
            try Output.write(report: LawTagged(report: report, law: LawReport(a.law, parameterization: lawOptions.parameterization)))
        } else {
            switch result {
            case .equivalent(let maps):
                let rescaled = maps.reduce(0) { $0 + $1.alphas.filter { $0 != Rational(1) }.count }
                let moved = maps.reduce(0) { $0 + $1.permutation.enumerated().filter { $0.offset != $0.element }.count }
                Output.write("equivalent: B = g·A, with \(moved) neuron(s) moved and \(rescaled) rescaled over \(maps.count) hidden layers (certificate in --json, re-checked exactly; docs/THEORY.md §13.6)\n")
            case .notEquivalent(_, _, let reason):
                Output.write("not equivalent: \(reason)\n")
            case .unknown(let reason):
                Output.write("unknown: \(reason)\n")
            }
        }
        if exitStatus {
            switch result {
            case .equivalent: break
            case .notEquivalent: throw ExitCode(1)
            case .unknown: throw ExitCode(4)
            }
        }
    }

    /// SPEC §13.6: `--tolerance ε` for deeper networks, a heuristic layer-by-layer alignment.
    func runDeepApproximate(_ a: LayeredNetwork, _ b: LayeredNetwork, tolerance: Double) throws {
        let result = DeepApproximateEquivalence.compare(a, b, tolerance: tolerance)
        if json {
            try Output.write(report: LawTagged(report: DeepApproximateEquivReport(a: first, b: second, tolerance: tolerance, result), law: LawReport(a.law, parameterization: lawOptions.parameterization)))
        } else {
            Output.write(deepApproximateText(result, tolerance: tolerance).joined(separator: "\n") + "\n")
        }
        if exitStatus {
            switch result {
            case .equivalent: break
            case .notEquivalent: throw ExitCode(1)
            case .unknown: throw ExitCode(4)
            }
        }
    }

    /// The text lines of a deep `--tolerance ε` verdict: the verdict, where the
    /// largest distance is, one line per hidden layer, and what the method is.
    func deepApproximateText(_ result: DeepApproximateEquivalence.Result, tolerance: Double) -> [String] {
        let method = "(heuristic alignment over rescalings and permutations, layer by layer from the input, like weight matching / Git Re-Basin for permutations: not an exact decision; docs/THEORY.md §13.6)"
        switch result {
        case .equivalent(let match):
            let place: String
            switch match.worst {
            case nil: place = "every distance is 0"
            case let worst? where worst.layer == nil: place = "at the output biases"
            case let worst?: place = "at hidden layer \(worst.layer ?? 0), neuron \(worst.neuron ?? 0) of A"
            }
            var text = ["equivalent within relative distance \(tolerance): largest distance \(formatApproximate(match.maximumDistance)), \(place) (output biases: \(formatApproximate(match.outputBiasDistance)))"]
            var table = TextTable(header: ["hidden layer", "neurons", "moved", "largest distance"], rightAligned: [0, 1, 2])
            table.rows = match.layers.enumerated().map { index, layer in
                [String(index + 1), String(layer.permutation.count),
                 String(layer.permutation.enumerated().filter { $0.offset != $0.element }.count), formatApproximate(layer.maximumDistance)]
            }
            text += table.render()
            text.append("permutations and scales α of every layer in --json " + method)
            return text
        case .notEquivalent(_, let neuron, let nearest, let reason):
            var text = ["not equivalent within relative distance \(tolerance): \(reason)"]
            if let nearest, neuron != nil { text.append("(its nearest neuron in B is at relative distance \(formatApproximate(nearest)))") }
            text.append(method)
            return text
        case .unknown(let reason):
            return ["unknown: \(reason)", method]
        }
    }

    /// The text lines of a `--tolerance ε` verdict.
    func approximateText(_ result: ApproximateEquivalence.Result, tolerance: Double) -> [String] {
        switch result {
        case .equivalent(let match):
            return ["equivalent within relative distance \(tolerance): the best permutation matches every neuron with largest distance \(formatApproximate(match.maximumDistance)) (output biases: \(formatApproximate(match.outputBiasDistance)))"]
                + certificateLines(match.permutation, match.alphas.map { $0.fitsBinary64 ? formatApproximate($0.doubleValue) : $0.decimalText })
        case .notEquivalent(let neuron, let nearest, let reason):
            var text = ["not equivalent within relative distance \(tolerance): \(reason)"]
            if let nearest, neuron != nil { text.append("(its nearest neuron in B is at relative distance \(formatApproximate(nearest)))") }
            return text
        }
    }

    /// The text lines of the exact verdict (SPEC §5.2).
    func exactText(_ result: EquivalenceResult) -> [String] {
        switch result {
        case .equivalent(let certificate):
            return ["equivalent: B is A with neurons rescaled and permuted (certificate checked exactly)"]
                + certificateLines(certificate.permutation, certificate.alphas.map(\.description))
        case .notEquivalent(_, let reason):
            return ["not equivalent: \(reason)"]
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

import Foundation
import ExactNumbers
import InvariantTopology
import JSONDocument
import ReluNetwork
import Symmetry

/// The result of `analyze` for one model, rendered as SPEC §12 JSON or as text.
struct AnalyzeReport {
    let model: ReluNetworkModel
    let topology: NetworkTopology
    /// Whole-network results per reading, computed once (shared when the readings agree).
    let summaries: [Reading: ReadingSummary]

    /// The totals of SPEC §4–§5 in one reading. The expanded Poincaré
    /// polynomial (thousands of big binomials for wide layers) is computed only
    /// by the outputs that print Betti numbers.
    struct ReadingSummary {
        let topology: NetworkTopology
        let reading: Reading
        let components: BigInt
        let effective: EffectiveComponentCount
        let factoredPoincare: String
        let euler: BigInt
        let label: String
        /// How large the expanded Betti numbers would be (from the factors, without expanding).
        let bettiSize: BettiSize

        init(_ topology: NetworkTopology, _ reading: Reading) {
            self.topology = topology
            self.reading = reading
            components = topology.componentCount(reading)
            effective = EffectiveComponents.count(topology, reading)
            factoredPoincare = topology.factoredPoincare(reading)
            euler = topology.eulerCharacteristic(reading)
            label = topology.label(reading)
            bettiSize = BettiSize(topology.poincareFactors(reading))
        }

        var poincare: PoincarePolynomial { topology.poincarePolynomial(reading) }
    }

    init(model: ReluNetworkModel) {
        self.model = model
        let topology = NetworkTopology(model: model)
        self.topology = topology
        let topological = ReadingSummary(topology, .topological)
        let readingsAgree = topology.signCounts.zero == 0   // SPEC §3: for c ≠ 0 both readings agree
        summaries = [.topological: topological,
                     .dynamical: readingsAgree ? topological : ReadingSummary(topology, .dynamical)]
    }

    func summary(_ reading: Reading) -> ReadingSummary {
        summaries[reading] ?? ReadingSummary(topology, reading)
    }

    /// Whether the two readings of SPEC §3 can differ (only when some `c_k = 0`).
    var readingsDiffer: Bool { topology.signCounts.zero > 0 }  // SPEC §3

    // MARK: JSON (SPEC §12)

    /// SPEC §12 JSON. `betti`: `.sparse` writes `betti_nonzero` (and `.dense` the
    /// dense lists too) in full; nil — the default — writes `betti_nonzero` unless
    /// its size passes `BettiSize.defaultDigitLimit` in some reading, then `null`
    /// with `betti_nonzero_omitted` saying how large it would be. So no default
    /// output grows quadratically with the width.
    func json(betti requested: BettiFormat? = nil) -> JSONValue {
        let oversized = Reading.allCases.filter { !summary($0).bettiSize.fitsDefault }
        let betti: BettiFormat = requested ?? (oversized.isEmpty ? .sparse : .none)
        let omitted: JSONValue? = requested == nil && !oversized.isEmpty ? .object([
            ("reason", .string("the non-zero Betti numbers would hold up to \(BettiSize.describe(oversized.map { summary($0).bettiSize.digits }.max() ?? 0)) digits (more than \(BettiSize.describe(BettiSize.defaultDigitLimit)) by default); --betti sparse writes them; the factored Poincaré polynomial is exact")),
            ("estimated_terms", perReadingSize { .string(BettiSize.describe($0.terms)) }),
            ("estimated_digits", perReadingSize { .string(BettiSize.describe($0.digits)) }),
            ("top_degree", perReadingSize { .integer($0.topDegree) }),
        ]) : nil
        let shape = model.shape
        func perReading(_ body: (Reading) -> JSONValue) -> JSONValue {
            .object(Reading.allCases.map { ($0.rawValue, body($0)) })
        }
        let neurons: [JSONValue] = topology.neurons.enumerated().map { index, neuron in
            .object([
                ("index", .integer(index)),
                ("c", .string(neuron.invariant.c.description)),
                ("c_approx", .double(neuron.invariant.c.doubleValue)),
                ("sign", .integer(neuron.sign)),
                ("quadric", .string(neuron.quadric.formula(m: neuron.m, e: neuron.e))),
                ("locked", .string(neuron.locked(.topological).name)),
                ("locked_dynamical", .string(neuron.locked(.dynamical).name)),
                ("at_apex", .bool(neuron.invariant.isAtApex)),
                ("label", .string(neuron.labelSymbols(.topological))),
                ("label_dynamical", .string(neuron.labelSymbols(.dynamical))),
            ])
        }
        let counts = topology.signCounts
        // Non-zero Betti numbers as decimal text, once per distinct reading.
        var bettiTerms: [Reading: [(degree: Int, text: String)]] = [:]
        if betti != .none {
            let topological = summary(.topological).poincare.terms.map { ($0.degree, $0.coefficient.description) }
            bettiTerms[.topological] = topological
            bettiTerms[.dynamical] = readingsDiffer
                ? summary(.dynamical).poincare.terms.map { ($0.degree, $0.coefficient.description) } : topological
        }
        let members: [(String, JSONValue?)] = [
            ("source", .string(model.source)),
            ("keys", model.selection.map { selection in .object([
                ("W1", .string(selection.inputWeights)), ("b1", selection.hiddenBias.map(JSONValue.string) ?? .null),
                ("W2", .string(selection.outputWeights)), ("b2", selection.outputBias.map(JSONValue.string) ?? .null),
                ("auto_detected", .bool(selection.autoDetected)),
            ]) }),
            ("shape", .object([
                ("inputs", .integer(shape.inputs)),
                ("hidden", .integer(shape.hidden)),
                ("outputs", .integer(shape.outputs)),
                ("hidden_bias", .bool(shape.hasHiddenBias)),
                ("output_bias", .bool(shape.hasOutputBias)),
                ("input_side_dimension", .integer(shape.inputSideDimension)),
            ])),
            ("activation", .string(model.activation.description)),
            ("neurons", .array(neurons)),
            ("sign_counts", .object([
                ("positive", .integer(counts.positive)), ("negative", .integer(counts.negative)),
                ("zero", .integer(counts.zero)), ("apex", .integer(counts.apex)),
            ])),
            ("pathological_neurons", .integer(topology.pathologicalNeuronCount)),
            ("components", perReading { .string(summary($0).components.description) }),
            ("effective_components", perReading { .string(summary($0).effective.value.description) }),
            ("effective_components_rule", perReading { .string(summary($0).effective.rule) }),
            ("betti", betti == .dense ? bettiJSON(bettiTerms) : nil),
            ("betti_nonzero", omitted != nil ? .null : (betti == .none ? nil : .object(Reading.allCases.map { reading in
                (reading.rawValue, .object(bettiTerms[reading, default: []].map { (String($0.degree), .string($0.text)) }))
            }))),
            ("betti_nonzero_omitted", omitted),
            ("poincare_polynomial", perReading { .string(summary($0).factoredPoincare) }),
            ("euler_characteristic", perReading { .string(summary($0).euler.description) }),
            ("label", perReading { .string(summary($0).label) }),
        ]
        return .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// One value per reading, from its Betti size estimate.
    func perReadingSize(_ body: (BettiSize) -> JSONValue) -> JSONValue {
        .object(Reading.allCases.map { ($0.rawValue, body(summary($0).bettiSize)) })
    }

    /// Dense Betti lists per reading (SPEC §12: `["β0", "β1", …]` up to the
    /// top degree, decimal strings), streamed from the non-zero terms.
    func bettiJSON(_ terms: [Reading: [(degree: Int, text: String)]]) -> JSONValue {
        .object(Reading.allCases.map { reading in
            let nonZero = terms[reading, default: []]
            return (reading.rawValue, .sparseArray(count: (nonZero.last?.degree ?? -1) + 1, fill: "\"0\"",
                                                   entries: nonZero.map { ($0.degree, "\"" + $0.text + "\"") }))
        })
    }

    // MARK: Text

    func text(full: Bool) -> String {
        let shape = model.shape
        var lines: [String] = []
        lines.append("model: \(model.source)")
        if let selection = model.selection {
            lines.append("tensors: \(selection.description)\(selection.autoDetected ? " (auto-detected: the one pair of linear layers that chains; override with --keys)" : "")")
        }
        lines.append("network: d = \(shape.inputs) input\(shape.inputs == 1 ? "" : "s"), l = \(shape.hidden) hidden neuron\(shape.hidden == 1 ? "" : "s"), e = \(shape.outputs) output\(shape.outputs == 1 ? "" : "s"); hidden bias \(shape.hasHiddenBias ? "yes" : "no"), output bias \(shape.hasOutputBias ? "yes" : "no"); \(model.activation)")
        lines.append("each neuron: input side a_k ∈ R^\(shape.inputSideDimension), output side v_k ∈ R^\(shape.outputs); invariant c_k = ‖a_k‖² − ‖v_k‖² (exact)")
        lines.append("")
        lines.append(contentsOf: neuronTable(full: full))
        lines.append("")
        let counts = topology.signCounts
        var summary = "neurons: \(counts.positive) with c > 0, \(counts.negative) with c < 0"
        if shape.outputs == 1 { summary += " (pathological: sign of v_k locked)" }
        summary += ", \(counts.zero) with c = 0"
        if counts.apex > 0 { summary += " (\(counts.apex) at the apex a = v = 0)" }
        lines.append(summary)
        lines.append("")
        lines.append(contentsOf: totalsTable())
        return lines.joined(separator: "\n") + "\n"
    }

    func neuronTable(full: Bool) -> [String] {
        let header = ["neuron", "c_k (exact)", "≈ c_k", "sign", "quadric", "locked", "label"]
        var rows: [[String]] = []
        let count = topology.neurons.count
        let shown: [Int]
        if full || count <= 24 {
            shown = Array(0..<count)
        } else {
            shown = Array(0..<12) + [-1] + Array((count - 6)..<count)
        }
        for index in shown {
            if index < 0 {
                rows.append(["…", "\(count - 18) more (--full shows all)", "", "", "", "", ""])
                continue
            }
            let neuron = topology.neurons[index]
            let exact = neuron.invariant.c.description
            let locked = readingsDiffer && neuron.sign == 0
                ? "\(neuron.locked(.topological).name) / \(neuron.locked(.dynamical).name)"
                : neuron.locked(.topological).name
            let label = readingsDiffer && neuron.sign == 0
                ? "\(neuron.labelSymbols(.topological).isEmpty ? "·" : neuron.labelSymbols(.topological)) / \(neuron.labelSymbols(.dynamical))"
                : neuron.labelSymbols(.topological)
            rows.append([
                String(index),
                exact.count <= 26 ? exact : "(\(exact.count) chars: --json)",
                formatApproximate(neuron.invariant.c.doubleValue),
                neuron.sign > 0 ? "+" : (neuron.sign < 0 ? "−" : "0"),
                neuron.quadric.formula(m: neuron.m, e: neuron.e),
                locked,
                label.isEmpty ? "·" : label,
            ])
        }
        var table = TextTable(header: header, rightAligned: [0, 2])
        table.rows = rows
        var lines = table.render()
        if readingsDiffer {
            lines.append("(for c = 0: topological / dynamical reading; · = nothing locked)")
        }
        return lines
    }

    func totalsTable() -> [String] {
        let readings: [Reading] = readingsDiffer ? [.topological, .dynamical] : [.topological]
        func row(_ name: String, _ value: (Reading) -> String) -> [String] { [name] + readings.map(value) }
        var rows: [[String]] = []
        rows.append(row("components") { formatBig(summary($0).components) })
        rows.append(row("effective components") { formatBig(summary($0).effective.value) })
        rows.append(row("Poincaré polynomial") { summary($0).factoredPoincare })
        rows.append(row("Betti numbers") { reading in
            let size = summary(reading).bettiSize
            return size.fitsDefault ? formatBetti(summary(reading).poincare) : size.summary
        })
        rows.append(row("Euler characteristic") { formatBig(summary($0).euler) })
        rows.append(row("label of this point") { reading in
            let text = summary(reading).label
            return text.isEmpty ? "(none: nothing locked)" : (text.count <= 64 ? text : String(text.prefix(60)) + "… (\(text.count) symbols)")
        })
        let header = readingsDiffer ? ["", "topological", "dynamical"] : ["", "value"]
        var table = TextTable(header: header, rightAligned: [])
        table.rows = rows
        var lines = table.render()
        if !readingsDiffer { lines.append("(no c_k = 0: the topological and dynamical readings agree)") }
        for reading in readings {
            lines.append("effective components (\(reading.rawValue)): \(summary(reading).effective.rule)")
        }
        return lines
    }
}

/// Full decimal up to 40 digits, else leading and trailing digits and the length.
func formatBig(_ value: BigInt) -> String {
    let digits = value.description
    guard digits.count > 40 else { return digits }
    return "\(digits.prefix(12))…\(digits.suffix(6)) (\(digits.count - (value.signum < 0 ? 1 : 0)) digits; exact in --json)"
}

/// Non-zero Betti numbers, at most six shown.
func formatBetti(_ polynomial: PoincarePolynomial) -> String {
    let terms = polynomial.terms
    var parts = terms.prefix(6).map { "β\($0.degree) = \(formatBig($0.coefficient))" }
    if terms.count > 6 { parts.append("… (\(terms.count) non-zero, top degree \(polynomial.degree))") }
    return parts.isEmpty ? "all 0" : parts.joined(separator: ", ")
}

/// Six significant digits.
func formatApproximate(_ value: Double) -> String {
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e-4 && magnitude < 1e6 {
        var text = String(format: "%.6g", value)
        if text.hasPrefix("-") { text = "−" + text.dropFirst() }
        return text
    }
    return String(format: "%.5e", value).replacingOccurrences(of: "-", with: "−")
}

/// Upper bounds on the size of an expanded Poincaré polynomial `Π f_i^{n_i}`
/// (SPEC §4.2), from its factors alone, and its extreme coefficients — so that
/// no default output expands `(1 + t)^50000` (50 001 Betti numbers of up to
/// 15 000 digits: a quadratic 7·10⁸ digits) just to print or omit it.
///
/// Bounds: the number of terms is at most `deg P + 1` and at most
/// `Π_i #terms(f_i^{n_i})`, with `#terms(f^n) ≤ min(n·deg f + 1, C(n + t − 1, t − 1))`
/// for `f` with `t` terms; every coefficient is at most `P(1) = Π f_i(1)^{n_i}`
/// (all coefficients are positive), so it has at most `log₁₀ P(1) + 1` digits.
/// Their product bounds the digits of all Betti numbers together.
struct BettiSize {
    /// Default cap on `digits` (ten million digits, about 10 MB of JSON).
    static let defaultDigitLimit = 1e7

    let terms: Double
    let digits: Double
    let topDegree: Int
    /// `β_0 = P(0)` and the top coefficient `β_top`, exact.
    let lowest: BigInt
    let highest: BigInt

    init(_ factors: [(factor: PoincarePolynomial, multiplicity: Int)]) {
        var termsProduct = 1.0, degree = 0, log10Value = 0.0
        var lowest = BigInt(1), highest = BigInt(1)
        for (factor, n) in factors where n > 0 {
            let t = factor.terms.count, k = factor.degree
            // C(n + t − 1, t − 1) for t ≤ 3 in floating point (t − 1 ≤ 2 factors), else only the degree bound.
            var combinations = 1.0
            for j in 1..<Swift.max(t, 1) { combinations *= Double(n + j) / Double(j) }
            let powerTerms = Swift.min(Double(n) * Double(k) + 1, t <= 3 ? combinations : .infinity)
            termsProduct *= powerTerms
            degree += k * n
            let valueAtOne = factor.terms.reduce(0.0) { $0 + (Double($1.coefficient.description) ?? .infinity) }
            log10Value += Double(n) * Foundation.log10(Swift.max(valueAtOne, 1))
            if let first = factor.terms.first { lowest *= BigInt.power(first.coefficient, n) }
            if let last = factor.terms.last { highest *= BigInt.power(last.coefficient, n) }
        }
        terms = Swift.min(termsProduct, Double(degree) + 1)
        digits = terms * (log10Value + 1)
        topDegree = degree
        self.lowest = lowest
        self.highest = highest
    }

    var fitsDefault: Bool { digits <= BettiSize.defaultDigitLimit }

    /// The text row when the Betti numbers are not expanded.
    var summary: String {
        "β0 = \(formatBig(lowest)), top β\(topDegree) = \(formatBig(highest)); up to \(BettiSize.describe(terms)) non-zero, up to \(BettiSize.describe(digits)) digits in all: not expanded (--json --betti sparse writes them)"
    }

    /// `12345`, or `1.5e9` for large values.
    static func describe(_ value: Double) -> String {
        value < 1e6 ? String(Int(value.rounded())) : String(format: "%.2g", value)
    }
}

import InvariantTopology
import JSONDocument
import ReluNetwork
import Symmetry

/// The result of `analyze` for one model, rendered as SPEC §12 JSON or as text.
struct AnalyzeReport {
    let analysis: InvariantSetAnalysis

    init(_ model: ReluNetworkModel) {
        analysis = InvariantSetAnalysis(model: model)
    }

    var model: ReluNetworkModel { analysis.model }
    var topology: NetworkTopology { analysis.topology }
    var readingsDiffer: Bool { analysis.readingsDiffer }
    func summary(_ reading: Reading) -> InvariantSetAnalysis.Totals { analysis.totals(reading) }

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

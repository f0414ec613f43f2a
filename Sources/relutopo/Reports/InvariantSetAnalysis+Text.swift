import ExactNumbers
import InvariantTopology
import Symmetry

/// The text report of `analyze` (and of `demo`): the network, a table of the
/// neurons in plain words, the pieces of the invariant set, and what that
/// means for training (SPEC §2–§5). The topological vocabulary (quadrics,
/// Betti numbers, Poincaré polynomial, Euler characteristic) is shown with
/// `verbose`, with a legend.
extension InvariantSetAnalysis {
    /// Long neuron tables are summarised unless `full`; `exact` prints every
    /// c_k exactly however long.
    /// `explain`: end with "What this means" (`demo` has its own explanation).
    func text(full: Bool, verbose: Bool = false, exact: Bool = false, modelPath: String? = nil, explain: Bool = true, law: String? = nil) -> String {
        let shape = model.shape
        var lines: [String] = []
        lines.append("model: \(model.source)")
        if let selection = model.selection {
            lines.append("tensors: \(selection.description)\(selection.autoDetected ? " (auto-detected: the one pair of linear layers that chains; override with --keys)" : "")")
        }
        lines.append("network: d = \(shape.inputs) input\(shape.inputs == 1 ? "" : "s"), l = \(shape.hidden) hidden neuron\(shape.hidden == 1 ? "" : "s"), e = \(shape.outputs) output\(shape.outputs == 1 ? "" : "s"); hidden bias \(shape.hasHiddenBias ? "yes" : "no"), output bias \(shape.hasOutputBias ? "yes" : "no"); \(model.activation)")
        lines.append("each neuron k: input weights a_k ∈ R^\(shape.inputSideDimension)\(shape.hasHiddenBias ? " (with its bias)" : ""), output weights v_k ∈ R^\(shape.outputs); training conserves \(law.map { "the law \($0) (docs/THEORY.md §14)" } ?? "c_k = ‖a_k‖² − ‖v_k‖²")")
        lines.append("")
        lines.append(contentsOf: verbose ? neuronTable(full: full, exact: exact) : plainNeuronTable(full: full, exact: exact))
        lines.append("")
        let counts = topology.signCounts
        var summary = "neurons: \(counts.positive) with c > 0, \(counts.negative) with c < 0"
        if shape.outputs == 1 { summary += " (pathological: sign of v_k locked)" }
        summary += ", \(counts.zero) with c = 0"
        if counts.apex > 0 { summary += " (\(counts.apex) at the apex a = v = 0)" }
        lines.append(summary)
        lines.append("")
        if verbose {
            lines.append(contentsOf: totalsTable())
            lines.append("")
            lines.append(contentsOf: legend)
        } else {
            lines.append(contentsOf: plainTotals())
        }
        if explain {
            lines.append("")
            lines.append(contentsOf: meaning(modelPath: modelPath ?? model.source, verbose: verbose))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// c_k for a table cell: exact when short (or asked for), else rounded with a marker.
    func cell(_ c: Rational, exact: Bool) -> String {
        let text = c.description
        return exact || text.count <= 26 ? text : "≈ " + formatApproximate(c.doubleValue)
    }

    /// The neuron table in plain words: c_k and what training can and cannot change.
    func plainNeuronTable(full: Bool, exact: Bool) -> [String] {
        var table = TextTable(header: ["neuron", "c_k", "what training can change"], rightAligned: [0])
        var rounded = false
        table.rows = shownNeurons(full: full).map { index in
            guard let index else { return ["…", "\(topology.neurons.count - 18) more (--full shows all)", ""] }
            let neuron = topology.neurons[index]
            let value = cell(neuron.invariant.c, exact: exact)
            rounded = rounded || value.hasPrefix("≈")
            return [String(index), value, Self.plainStatus(neuron, readingsDiffer: readingsDiffer)]
        }
        var lines = table.render()
        if rounded { lines.append("(≈: rounded; --exact prints every c_k exactly, --json too)") }
        return lines
    }

    /// What a neuron's invariant fixes, in words.
    static func plainStatus(_ neuron: NeuronTopology, readingsDiffer: Bool) -> String {
        if neuron.sign == 0 && neuron.invariant.isAtApex { return "nothing: a = v = 0, and it stays there" }
        let locked = neuron.locked(.dynamical)
        var parts: [String] = []
        if locked.contains(.output) {
            parts.append("output weight stays \((neuron.invariant.outputScalarSign ?? 0) > 0 ? "positive" : "negative")")
        }
        if locked.contains(.input) {
            parts.append("input weight stays \((neuron.invariant.inputScalarSign ?? 0) > 0 ? "positive" : "negative")")
        }
        if parts.isEmpty { return "free: every sign can change" }
        return parts.joined(separator: ", ") + (neuron.sign == 0 ? " (c = 0: on the cone, off its tip)" : "")
    }

    /// Indices of the neurons shown (nil: the "… more" row).
    func shownNeurons(full: Bool) -> [Int?] {
        let count = topology.neurons.count
        if full || count <= 24 { return Array(0..<count) }
        return Array(0..<12) + [nil] + Array((count - 6)..<count)
    }

    /// Components and effective components, in words.
    func plainTotals() -> [String] {
        let readings: [Reading] = readingsDiffer ? [.topological, .dynamical] : [.topological]
        var lines: [String] = []
        for reading in readings {
            let totals = totals(reading)
            let prefix = readingsDiffer ? "\(reading.rawValue) reading: " : ""
            lines.append("\(prefix)pieces (components) of the set training is confined to: \(Self.count(totals.components)); up to swapping neurons (same function): \(Self.count(totals.effective.value))")
        }
        let label = totals(.dynamical).label
        if !label.isEmpty {
            lines.append("this init's piece: \(label.count <= 64 ? label : String(label.prefix(60)) + "… (\(label.count) signs)") (the sign of each locked weight, in neuron order)")
        }
        return lines
    }

    /// A count, as a power of two when it is one.
    static func count(_ value: BigInt) -> String {
        let zeros = value.trailingZeroBitCount
        if value.signum > 0, zeros >= 10, value == BigInt.powerOfTwo(zeros) { return "2^\(zeros)" }
        return formatBig(value)
    }

    /// "What this means": the locks, the pieces, whether they can matter, the fix.
    func meaning(modelPath: String, verbose: Bool = false) -> [String] {
        let shape = model.shape
        let neurons = topology.neurons
        let outputLockedNeurons = neurons.filter { $0.locked(.dynamical).contains(.output) }
        let inputLockedNeurons = neurons.filter { $0.locked(.dynamical).contains(.input) }
        let outputLocked = outputLockedNeurons.count, inputLocked = inputLockedNeurons.count
        func zeros(_ list: [NeuronTopology]) -> String {
            let count = list.filter { $0.sign == 0 }.count
            return count == 0 ? "" : " (\(count) of them with c_k = 0, off a = v = 0: locked in the dynamical reading)"
        }
        let stuck = (outputLockedNeurons + inputLockedNeurons).filter { $0.invariant.inputSideIsZero }.count
        let pieces = totals(.dynamical).components, effective = totals(.dynamical).effective.value
        var lines = ["What this means:"]
        if outputLocked == 0 && inputLocked == 0 {
            lines.append("  No sign is locked: the set of weights that training (gradient flow) can reach from this init is")
            lines.append("  connected, so topology puts no point of it out of reach (docs/THEORY.md §4).")
            return lines
        }
        if outputLocked > 0 {
            lines.append("  \(outputLocked) of \(neurons.count) neurons have a locked output weight\(zeros(outputLockedNeurons)): training can")
            lines.append("  never change its sign (with c_k < 0, |v_k|² = ‖a_k‖² − c_k stays > 0).")
        }
        if inputLocked > 0 {
            lines.append("  \(inputLocked) of \(neurons.count) neurons have one input (m = 1) and a locked input weight\(zeros(inputLockedNeurons)):")
            lines.append("  its sign never changes.")
        }
        lines.append("  So the weights training can reach fall apart into \(Self.count(pieces)) pieces, and training stays in this")
        lines.append("  init's piece. Up to swapping neurons, which keeps the function, there \(effective == BigInt(1) ? "is 1 distinct piece" : "are \(Self.count(effective)) distinct pieces").")
        if shape.outputs == 1 && outputLocked > 0 {
            lines.append("  It matters when a target needs more neurons of one output sign than this init can supply:")
            lines.append("  `relutopo obstruct --init \(modelPath) --teacher T` (or `--data CSV --target y`) decides it.")
        }
        if stuck > 0 {
            lines.append("  `relutopo repair \(modelPath) -o FIXED` unlocks the neurons whose input weights are not all zero, without")
            lines.append("  changing the function; \(stuck) locked neuron(s) here have a_k = 0 and cannot be unlocked that way.")
        } else {
            lines.append("  To unlock every neuron without changing the function: `relutopo repair \(modelPath) -o FIXED`")
        }
        lines.append("  (rescales a → αa, v → v/α by powers of two; outputs stay bit-identical). Theory: docs/THEORY.md §2–§7.")
        if !verbose { lines.append("  (--verbose adds the topology: quadrics, Betti numbers, Poincaré polynomial, Euler characteristic.)") }
        return lines
    }

    /// The verbose vocabulary, explained once.
    var legend: [String] {
        [
            "legend: quadric S^{m−1}×R^e (c > 0), R^m×S^{e−1} (c < 0, S^0 = two points: the sign of v), cone (c = 0);",
            "  Betti number β_i = number of i-dimensional holes (β0 = components); the Poincaré polynomial Σ β_i t^i;",
            "  Euler characteristic Σ (−1)^i β_i; label = the locked signs of this point (docs/THEORY.md §3–§4).",
        ]
    }

    func neuronTable(full: Bool, exact: Bool = false) -> [String] {
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
            let text = neuron.invariant.c.description
            let locked = readingsDiffer && neuron.sign == 0
                ? "\(neuron.locked(.topological).name) / \(neuron.locked(.dynamical).name)"
                : neuron.locked(.topological).name
            let label = readingsDiffer && neuron.sign == 0
                ? "\(neuron.labelSymbols(.topological).isEmpty ? "·" : neuron.labelSymbols(.topological)) / \(neuron.labelSymbols(.dynamical))"
                : neuron.labelSymbols(.topological)
            rows.append([
                String(index),
                exact || text.count <= 26 ? text : "≈ " + formatApproximate(neuron.invariant.c.doubleValue),
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
        rows.append(row("components") { formatBig(totals($0).components) })
        rows.append(row("effective components") { formatBig(totals($0).effective.value) })
        rows.append(row("Poincaré polynomial") { totals($0).factoredPoincare })
        rows.append(row("Betti numbers") { reading in
            let size = totals(reading).bettiSize
            return size.fitsDefault ? formatBetti(totals(reading).poincare) : size.summary
        })
        rows.append(row("Euler characteristic") { formatBig(totals($0).euler) })
        rows.append(row("label of this point") { reading in
            let text = totals(reading).label
            return text.isEmpty ? "(none: nothing locked)" : (text.count <= 64 ? text : String(text.prefix(60)) + "… (\(text.count) symbols)")
        })
        let header = readingsDiffer ? ["", "topological", "dynamical"] : ["", "value"]
        var table = TextTable(header: header, rightAligned: [])
        table.rows = rows
        var lines = table.render()
        if !readingsDiffer { lines.append("(no c_k = 0: the topological and dynamical readings agree)") }
        for reading in readings {
            lines.append("effective components (\(reading.rawValue)): \(totals(reading).effective.rule)")
        }
        return lines
    }
}

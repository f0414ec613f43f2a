import InvariantTopology
import Symmetry

/// The text report of `analyze` (and of `demo`): the network, a table of the
/// neurons, and the totals per reading (SPEC §2–§5).
extension InvariantSetAnalysis {
    /// Long neuron tables are summarised unless `full`.
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

import ExactNumbers
import InvariantTopology
import ReluNetwork

/// The text report of `analyze` for `L ≥ 3` (SPEC §13): plain words first, the
/// certificates a flag away.
extension DeepTopology {
    func text(full: Bool, exact: Bool, modelPath: String) -> String {
        let widths = network.widths
        var lines: [String] = ["model: \(network.source)"]
        if let names = network.tensorNames {
            lines.append("tensors: " + names.enumerated().map { "W\($0 + 1) = \($1.weights), b\($0 + 1) = \($1.bias ?? "-")" }.joined(separator: ", ")
                         + (network.autoDetected ? " (auto-detected: the one chain of linear layers; override with --keys)" : ""))
        }
        let shownWidths = widths.count <= 12 ? widths.map(String.init)
            : widths.prefix(6).map(String.init) + ["… (\(widths.count - 9) more)"] + widths.suffix(3).map(String.init)
        lines.append("network: \(network.depth - 1) hidden layers, widths \(shownWidths.joined(separator: " → ")); \(network.activation)")
        lines.append("each hidden neuron (h, k): input weights W_h[k, :] (and b_h[k]), output weights W_{h+1}[:, k]; training conserves c = ‖input‖² − ‖output‖²")
        lines.append("")
        var table = TextTable(header: ["layer", "neuron", "c", "sign"], rightAligned: [0, 1])
        let all = invariants.enumerated().flatMap { h, layer in layer.enumerated().map { (h + 1, $0, $1) } }
        let shown = full || all.count <= 24 ? all[...] : all.prefix(12) + all.suffix(6)
        var rounded = false
        for (index, entry) in shown.enumerated() {
            if !full && all.count > 24 && index == 12 { table.rows.append(["…", "\(all.count - 18) more (--full)", "", ""]) }
            let text = entry.2.c.description
            let cell = exact || text.count <= 26 ? text : "≈ " + formatApproximate(entry.2.c.doubleValue)
            rounded = rounded || cell.hasPrefix("≈")
            table.rows.append([String(entry.0), String(entry.1), cell, entry.2.c.signum > 0 ? "+" : entry.2.c.signum < 0 ? "−" : "0"])
        }
        lines.append(contentsOf: table.render())
        if rounded { lines.append("(≈: rounded; --exact prints every c exactly, --json too)") }
        lines.append("")
        lines.append("locked coordinates (their sign can never change along the flow): \(lockedCount)")
        let names = network.tensorNames
        for (lock, sign) in locked.prefix(full ? locked.count : 12) {
            let tensor = names.map { $0[lock.layer - 1].weights } ?? network.layers[lock.layer - 1].weights.name
            let members = lock.certificate.map { "(\($0.layer), \($0.index))" }.joined(separator: ", ")
            let why = lock.side == .out
                ? "it is the only edge out of {\(members)}, whose c sum to < 0"
                : "it is the only edge into {\(members)}, whose c sum to > 0"
            let index = network.layers[lock.layer - 1].weights.shape.count == 2 ? lock.index : [lock.index[1]]
            lines.append("  \(tensor)\(index) stays \(sign > 0 ? "positive" : "negative"): \(why)")
        }
        if !full && locked.count > 12 { lines.append("  … \(locked.count - 12) more (--full, or --json with every certificate)") }
        lines.append("pieces (components) of the set training is confined to: \(lockedCount >= 10 ? "2^\(lockedCount)" : componentCount.description)\(zeroNeurons > 0 ? " (topological; \(zeroNeurons) neuron(s) with c = 0)" : "")")
        if !label.isEmpty { lines.append("this init's piece: \(label.count <= 64 ? label : String(label.prefix(60)) + "…") (the locked signs in order)") }
        lines.append("")
        lines.append("What this means:")
        if lockedCount == 0 && zeroNeurons > 0 {
            lines.append("  No coordinate is locked on the whole set, but \(zeroNeurons) neuron(s) have c = 0: gradient flow never reaches")
            lines.append("  their zero point (a = o = 0) from elsewhere, which can keep signs apart; this count does not cover that")
            lines.append("  (docs/THEORY.md §13.4).")
        } else if lockedCount == 0 {
            lines.append("  No coordinate is locked: the set of weights training (gradient flow) can reach is connected, so")
            lines.append("  topology puts no point of it out of reach (docs/THEORY.md §13.3).")
        } else {
            let coupled = locked.filter { $0.lock.certificate.count > 1 }.count
            lines.append("  \(lockedCount) weight(s) can never change sign during training, so the reachable weights fall apart")
            lines.append("  into \(lockedCount >= 10 ? "2^\(lockedCount)" : componentCount.description) pieces and training stays in this init's piece.")
            if coupled > 0 {
                lines.append("  \(coupled) of these locks couple several layers (the certificate names more than one neuron):")
                lines.append("  per-neuron rules would miss them (docs/THEORY.md §13.3).")
            }
            if widths.last == 1 {
                lines.append("  Whether this blocks a target: `relutopo obstruct --init \(modelPath) --data CSV --target y`.")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

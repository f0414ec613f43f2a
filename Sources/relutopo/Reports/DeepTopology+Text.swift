import ExactNumbers
import InvariantTopology
import ReluNetwork

/// The text report of `analyze` for `L ≥ 3` (SPEC §13): plain words first, the
/// certificates a flag away.
extension DeepTopology {
    func text(full: Bool, exact: Bool, modelPath: String, law: String? = nil) -> String {
        let widths = network.widths
        var lines: [String] = ["model: \(network.source)"]
        if let names = network.tensorNames {
            lines.append("tensors: " + names.enumerated().map { "W\($0 + 1) = \($1.weights), b\($0 + 1) = \($1.bias ?? "-")" }.joined(separator: ", ")
                         + (network.autoDetected ? " (auto-detected: the one chain of linear layers; override with --keys)" : ""))
        }
        let shownWidths = widths.count <= 12 ? widths.map(String.init)
            : widths.prefix(6).map(String.init) + ["… (\(widths.count - 9) more)"] + widths.suffix(3).map(String.init)
        lines.append("network: \(network.depth - 1) hidden layers, widths \(shownWidths.joined(separator: " → ")); \(network.activation)")
        lines.append("each hidden neuron (h, k): input weights W_h[k, :] (and b_h[k]), output weights W_{h+1}[:, k]; training conserves \(law.map { "the law \($0) (docs/THEORY.md §14)" } ?? "c = ‖input‖² − ‖output‖²")")
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
        lines += lockLines(locked, full: full)
        lines.append("pieces (components) of the set training is confined to: \(power(lockedCount))\(zeroNeurons > 0 ? " (topological reading)" : "")")
        if !label.isEmpty { lines.append("this init's piece: \(abbreviated(label)) (the locked signs in order)") }
        if zeroNeurons > 0 {
            lines.append("")
            lines.append("\(zeroNeurons) neuron(s) have c = 0. Gradient flow never brings such a neuron to its zero point (a = o = 0) nor")
            lines.append("moves it off it, so from this init (docs/THEORY.md §13.4):")
            if piece != nil {
                let extra = dynamicalLocked.filter { entry in !locked.contains { $0.lock.layer == entry.lock.layer && $0.lock.index == entry.lock.index } }
                lines.append("  locked for gradient flow from this init: \(dynamicalLocked.count)" + (extra.isEmpty ? " (the same coordinates)" : ", \(extra.count) more:"))
                lines += lockLines(extra, full: full)
                lines.append("  this init's piece (0: a neuron at its zero point): \(abbreviated(dynamicalLabel ?? ""))")
            }
            if let total = dynamicalComponentCount {
                lines.append("  pieces gradient flow can be in, over which c = 0 neurons sit at zero: \(total)")
            } else if let note = componentsNote {
                lines.append("  " + note)
            }
        }
        lines.append("")
        lines.append("What this means:")
        let flowLocked = piece == nil ? lockedCount : dynamicalLocked.count
        if flowLocked == 0 {
            lines.append("  No coordinate is locked: the set of weights training (gradient flow) can reach is connected, so")
            lines.append("  topology puts no point of it out of reach (docs/THEORY.md §13.3).")
        } else {
            let count = piece == nil ? power(lockedCount) : power(dynamicalLocked.count)
            let coupled = (piece == nil ? locked : dynamicalLocked).filter { $0.lock.certificate.count > 1 }.count
            lines.append("  \(flowLocked) weight(s) can never change sign during training, so the weights reachable from here fall")
            lines.append("  apart into \(count) pieces and training stays in this init's piece.")
            if coupled > 0 {
                lines.append("  \(coupled) of these locks couple several layers (the certificate names more than one neuron):")
                lines.append("  per-neuron rules would miss them (docs/THEORY.md §13.3).")
            }
            if widths.last == 1 {
                lines.append("  Whether this blocks a target: `relutopo obstruct --init \(modelPath) --data CSV --target y`.")
            }
        }
        if unverified > 0 {
            lines.append("  \(unverified) proposed lock(s) failed their exact re-check and are left out of every count: please report this.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func power(_ q: Int) -> String { q >= 10 ? "2^\(q)" : BigInt.powerOfTwo(q).description }

    func abbreviated(_ label: String) -> String { label.count <= 64 ? label : String(label.prefix(60)) + "…" }

    /// One line per lock: tensor, index, sign and the certificate in words.
    func lockLines(_ locks: [(lock: FlowPolytopeLocks.Lock, sign: Int)], full: Bool) -> [String] {
        var lines: [String] = []
        for (lock, sign) in locks.prefix(full ? locks.count : 12) {
            let place = network.coordinate(lock)
            let members = lock.certificate.map { "(\($0.layer), \($0.index))" }.joined(separator: ", ")
            let sum = lock.certificate.reduce(Rational.zero) { $0 + invariants[$1.layer - 1][$1.index].c }
            let relation = sum.isZero ? "0, with a c = 0 neuron that never reaches its zero point" : lock.side == .out ? "< 0" : "> 0"
            let why = lock.side == .out
                ? "it is the only edge out of {\(members)}, whose c sum to \(relation)"
                : "it is the only edge into {\(members)}, whose c sum to \(relation)"
            lines.append("  \(place.name)\(place.index) stays \(sign > 0 ? "positive" : "negative"): \(why)")
        }
        if !full && locks.count > 12 { lines.append("  … \(locks.count - 12) more (--full, or --json with every certificate)") }
        return lines
    }

    /// Why the dynamical count is missing, or how it was counted (JSON and text).
    var componentsNote: String? {
        guard zeroNeurons > 0 else { return nil }
        if piece == nil {
            return "this init's zero-point neurons fill a hidden layer of a network too large to enumerate: the dynamical count is not computed (docs/THEORY.md §13.4)"
        }
        if dynamicalComponentCount == nil {
            return "the dynamical total over which of the \(zeroNeurons) c = 0 neurons sit at zero is not computed: too many distinct cases, or a case that fills a hidden layer of a network too large to enumerate (docs/THEORY.md §13.4)"
        }
        return "dynamical: the total over the 2^\(zeroNeurons) choices of which c = 0 neurons sit at their zero point (docs/THEORY.md §13.4)"
    }
}

import ExactNumbers
import InvariantTopology

/// The text report of `trace` (SPEC §14.6): a table per checkpoint, the fate
/// of each lock of the first checkpoint, and a plain reading.
extension CheckpointTrace {
    func text(full: Bool, law: String? = nil) -> String {
        var lines = ["\(points.count) checkpoint(s) of a network with widths \(widths.map(String.init).joined(separator: " → ")), \(neuronCount) hidden neurons"]
        let scale = first.reduce(Rational.zero) { max($0, $1.magnitude) }
        lines.append("\(law.map { "the law \($0) (docs/THEORY.md §14)" } ?? "c = ‖input weights‖² − ‖output weights‖²") per hidden neuron; drift = max over neurons of |c − c at the first checkpoint|")
        lines.append("")
        var table = TextTable(header: ["#", "checkpoint", "locked q", "max drift", "at neuron", "locked signs changed"], rightAligned: [0, 2, 3, 5])
        let shown = full || points.count <= 24 ? Array(points.indices) : Array(0..<12) + Array((points.count - 6)..<points.count)
        for (position, index) in shown.enumerated() {
            if position > 0 && index != shown[position - 1] + 1 { table.rows.append(["…", "\(index - shown[position - 1] - 1) more (--full)", "", "", "", ""]) }
            let point = points[index]
            table.rows.append([String(index), point.path, String(point.lockedCount), formatApproximate(point.maximumDrift.doubleValue),
                               point.driftNeuron.map { "(\($0.layer), \($0.index))" } ?? "-", String(point.changedLocks)])
        }
        lines.append(contentsOf: table.render())
        if let last = points.last, scale.signum > 0 {
            lines.append("relative drift at the last checkpoint: \(formatApproximate((last.maximumDrift / scale).doubleValue)) (of max |c| at the first, \(formatApproximate(scale.doubleValue)))")
        }
        lines.append("")
        lines.append("coordinates locked at the first checkpoint (for gradient flow their sign never changes): \(lockedAtStart.count)")
        let changed = lockedAtStart.filter { $0.firstChange != nil }
        for entry in (full ? lockedAtStart : Array(changed.prefix(12) + lockedAtStart.filter { $0.firstChange == nil }.prefix(max(0, 12 - changed.count)))) {
            let start = entry.sign > 0 ? "positive" : "negative"
            if let change = entry.firstChange {
                let now = change.sign > 0 ? "positive" : change.sign < 0 ? "negative" : "0"
                lines.append("  \(entry.tensor)\(entry.index) (\(start) at the start): \(now) at checkpoint \(change.checkpoint) (\(points[change.checkpoint].path))")
            } else {
                lines.append("  \(entry.tensor)\(entry.index) (\(start) at the start): never changed")
            }
        }
        if !full && lockedAtStart.count > 12 { lines.append("  … \(lockedAtStart.count - 12) more (--full, or --json)") }
        lines.append("")
        lines.append("What this means:")
        if !changed.isEmpty {
            lines.append("  \(changed.count) locked sign(s) changed: this run left the piece gradient flow would have stayed in, so its")
            lines.append("  optimiser or step size broke the conservation law enough to escape (docs/THEORY.md §14.5).")
        } else if lockedAtStart.isEmpty {
            lines.append("  Nothing was locked at the first checkpoint: topology did not confine this run (docs/THEORY.md §13.3).")
        } else {
            lines.append("  Every locked sign kept its sign over the run, as gradient flow would (docs/THEORY.md §14.6).")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation

/// Sweeps over architectures of any depth (SPEC §13.9): `--widths d,n_1,…,e`
/// (repeatable) or `"widths": [[d, n_1, …, e], …]` in a spec file.
extension SweepSpec {
    /// Checks a `widths` spec: every entry has `d`, at least one hidden width and
    /// `e`, each in `1…maximumWidth`; no `inputs`/`hidden`/`outputs`; teachers
    /// only with two-layer entries; Monte Carlo only where a sample's largest
    /// matrix fits `DeepMonteCarloCell.maximumStoredMatrix`.
    func validateWidths(file: String?) throws(SweepSpecError) {
        guard !widths.isEmpty else { throw SweepSpecError(file: file, key: "widths", reason: "no values") }
        if let other = [("inputs", inputs), ("hidden", hidden), ("outputs", outputs)].first(where: { !$0.1.isEmpty }) {
            throw SweepSpecError(file: file, key: "widths", reason: WidthsList.combinedReason(other.0, file: file))
        }
        guard !schemes.isEmpty else { throw SweepSpecError(file: file, key: "scheme", reason: "no scheme given") }
        for entry in widths { try WidthsList.check(entry, key: "widths", file: file) }
        guard !bias.isEmpty else { throw SweepSpecError(file: file, key: "bias", reason: "no values") }
        guard !samples.isEmpty else { throw SweepSpecError(file: file, key: "samples", reason: "no values") }
        for n in samples where n < 0 || n > SweepSpec.maximumSamples {
            throw SweepSpecError(file: file, key: "samples", reason: "\(n) \(n < 0 ? "is negative" : "is too large"): each value must be in 0…\(SweepSpec.maximumSamples)")
        }
        if !teachers.isEmpty, let deep = widths.first(where: { $0.count > 3 }) {
            throw SweepSpecError(file: file, key: "teacher", reason: "the teacher obstruction probability is defined for two-layer networks; widths \(WidthsList.text(deep)) has \(deep.count - 1) layers")
        }
        if samples.contains(where: { $0 > 0 }) {
            for entry in widths where entry.count > 3 {
                let architecture = DeepArchitecture(widths: entry, bias: false)
                guard architecture.largestStoredMatrix <= DeepMonteCarloCell.maximumStoredMatrix else {
                    let h = (1...architecture.depth).max { entry[$0] * entry[$0 - 1] < entry[$1] * entry[$1 - 1] } ?? 1
                    throw SweepSpecError(file: file, key: "widths", reason: "\(WidthsList.text(entry)): a Monte Carlo sample holds W\(h) (\(entry[h]) × \(entry[h - 1]) entries), more than \(DeepMonteCarloCell.maximumStoredMatrix) (1 GiB); samples 0 gives the closed forms alone")
                }
            }
        }
        try SweepSpec.checkGridSize(schemes: schemes.count, bias: bias.count, samples: samples.count, widths: widths.count,
                                    teachers: teachers.count, file: file)
    }
}

/// `widths` as text: entries `d,n_1,…,e` separated by `;` (one per `--widths` flag).
public enum WidthsList {
    /// The entries of `text`, each checked as it is read (so a long list of bad
    /// entries is refused at the first, before anything is kept).
    public static func parse(_ text: String, key: String = "widths", file: String? = nil) throws(SweepSpecError) -> [[Int]] {
        var entries: [[Int]] = []
        for entryText in text.split(separator: ";", omittingEmptySubsequences: false) {
            let trimmed = entryText.trimmingCharacters(in: .whitespaces)
            var entry: [Int] = []
            for field in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                let item = field.trimmingCharacters(in: .whitespaces)
                guard let value = Int(item) else {
                    throw SweepSpecError(file: file, key: key, reason: "'\(trimmed)': '\(item)' is not an integer (widths are d,n_1,…,e)")
                }
                entry.append(value)
                guard entry.count <= SweepSpec.maximumDepth + 1 else {
                    throw SweepSpecError(file: file, key: key, reason: "more than \(SweepSpec.maximumDepth + 1) widths in one architecture (at most \(SweepSpec.maximumDepth) layers)")
                }
            }
            try check(entry, key: key, file: file)
            entries.append(entry)
            guard entries.count <= SweepSpec.maximumCells else {
                throw SweepSpecError(file: file, key: key, reason: "more than \(SweepSpec.maximumCells) architectures")
            }
        }
        return entries
    }

    /// One entry: at least 3 widths (`d`, a hidden width, `e`), at most
    /// `maximumDepth + 1`, each in `1…maximumWidth`.
    static func check(_ entry: [Int], key: String, file: String?) throws(SweepSpecError) {
        guard entry.count >= 3 else {
            throw SweepSpecError(file: file, key: key, reason: "'\(text(entry))' has \(entry.count) width\(entry.count == 1 ? "" : "s"): give d, at least one hidden width and e (d,n_1,…,e)")
        }
        guard entry.count <= SweepSpec.maximumDepth + 1 else {
            throw SweepSpecError(file: file, key: key, reason: "more than \(SweepSpec.maximumDepth + 1) widths in one architecture (at most \(SweepSpec.maximumDepth) layers)")
        }
        for value in entry where value < 1 || value > SweepSpec.maximumWidth {
            let problem = value < 0 ? "is negative" : (value == 0 ? "is zero" : "is too large")
            throw SweepSpecError(file: file, key: key, reason: "'\(text(entry))': \(value) \(problem): each width must be in 1…\(SweepSpec.maximumWidth)")
        }
    }

    /// `d,n_1,…,e` (long entries shortened for messages).
    static func text(_ entry: [Int]) -> String {
        let shown = entry.count > 12 ? entry.prefix(10).map(String.init) + ["…", String(entry[entry.count - 1])] : entry.map(String.init)
        return shown.joined(separator: ",")
    }

    /// Why `widths` and `inputs`/`hidden`/`outputs` exclude each other.
    static func combinedReason(_ other: String, file: String?) -> String {
        "cannot be combined with \(file == nil ? "--" : "")\(other) (widths lists d, the hidden widths and e)"
    }
}

import JSONDocument

/// Checks of `sweep merge`'s input: a part is a document this program wrote,
/// or it is refused with the file and row named. The spec is rebuilt through
/// the same parser and limits as `sweep --spec`, and every row must be the row
/// of its cell: same scheme and architecture, every value of the right type and
/// range (probabilities in [0, 1], standard errors ≥ 0, counts within their
/// totals). A tampered number would otherwise flow silently into the merged
/// document, its CSV and its heatmaps.
extension SweepDocument {
    /// The spec a document carries, rebuilt and validated (sizes, schemes, lists).
    static func validatedSpec(_ json: JSONValue, file: String) throws(MergeError) -> SweepSpec {
        guard case .object(let members) = json else { throw MergeError(file: file, reason: "\"spec\" is not an object") }
        var parameters = SweepParameters()
        let spec: SweepSpec
        do {
            for (key, value) in members {
                try parameters.set(key, SweepParameters.text(of: value, key: key, file: file), file: file)
            }
            spec = try parameters.spec(file: file)
        } catch {
            throw MergeError(file: file, reason: "\"spec\", key \(error.key): \(error.reason)")
        }
        guard spec.json == json else {
            throw MergeError(file: file, reason: "\"spec\" is not in the form relutopo writes (expected \(spec.json.compactText))")
        }
        return spec
    }

    /// The keys a row holds, in order; `undecided_samples_mc` is optional (written only when non-zero).
    static let rowKeys = ["cell", "scheme", "d", "l", "e", "bias", "samples", "teacher",
                          "p_pathological", "p_pathological_mc", "p_pathological_se",
                          "expected_components", "log10_expected_components", "expected_components_mc", "expected_components_se",
                          "p_multiple_effective", "p_multiple_effective_mc", "p_multiple_effective_se"]
    static let teacherKeys = ["p_teacher_obstructed", "p_teacher_obstructed_mc", "p_teacher_obstructed_se", "teacher_unknown_mc"]
    static let trailingKeys = ["m", "closed_form", "pathological_count_distribution", "pathological_count_histogram_mc",
                               "zero_invariants_mc", "exact_fallbacks_mc", "seed"]

    /// Checks one row against its cell of `spec` (`position`: its index in the part's `rows`).
    static func validateRow(_ row: JSONValue, position: Int, spec: SweepSpec, cells: [SweepSpec.Cell],
                            file: String) throws(MergeError) {
        var place = "rows[\(position)]"
        func fail(_ reason: String) -> MergeError { MergeError(file: file, reason: "\(place): \(reason)") }
        guard case .object(let members) = row else { throw fail("not an object") }
        let keys = members.map(\.0)
        guard Set(keys).count == keys.count else { throw fail("a key appears twice") }
        guard case .number(let cellText)? = row["cell"], let cell = Int(cellText), cell >= 0, cell < cells.count else {
            throw fail("\"cell\" is not a cell index of the spec (0…\(cells.count - 1))")
        }
        place += " (cell \(cell))"
        let expected = cells[cell]
        if let deep = expected.deep {
            try validateDeepRow(row, deep: deep, cell: expected, spec: spec, fail: fail)
            return
        }
        let architecture = expected.architecture
        let hasTeacher = !spec.teachers.isEmpty
        let law = spec.lawJSON(widths: [architecture.inputs, architecture.hidden, architecture.outputs])
        let allowed = rowKeys + (hasTeacher ? teacherKeys : []) + trailingKeys + (law == nil ? [] : ["law"])
        let required = Set(allowed)
        for key in keys where !required.contains(key) && key != "undecided_samples_mc" { throw fail("unknown key \"\(key)\"") }
        for key in allowed where row[key] == nil { throw fail("key \"\(key)\" is missing") }

        func integer(_ key: String) throws(MergeError) -> Int {
            guard case .number(let text)? = row[key], let value = Int(text) else { throw fail("\"\(key)\" is not an integer") }
            return value
        }
        func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(MergeError) {
            if row[key] == .null { return }
            let value = try integer(key)
            guard range.contains(value) else { throw fail("\"\(key)\" is \(value), outside \(range.lowerBound)…\(range.upperBound)") }
        }
        /// A finite number, or nil for null.
        func number(_ key: String) throws(MergeError) -> Double? {
            switch row[key] {
            case .null?: return nil
            case .number(let text)?:
                guard let value = Double(text), value.isFinite else { throw fail("\"\(key)\" is not a finite number") }
                return value
            default: throw fail("\"\(key)\" is not a number or null")
            }
        }
        func probability(_ key: String) throws(MergeError) {
            if let p = try number(key), !(0...1).contains(p) { throw fail("\"\(key)\" is \(p), not a probability in [0, 1]") }
        }
        func standardError(_ key: String, maximum: Double = .infinity) throws(MergeError) {
            if let se = try number(key), !(se >= 0 && se <= maximum) { throw fail("\"\(key)\" is \(se), not a standard error (≥ 0\(maximum.isFinite ? ", ≤ \(maximum)" : ""))") }
        }
        func atLeast(_ key: String, _ minimum: Double) throws(MergeError) {
            if let x = try number(key), x < minimum { throw fail("\"\(key)\" is \(x), less than \(minimum)") }
        }
        func equals(_ key: String, _ value: JSONValue, _ what: String) throws(MergeError) {
            guard row[key] == value else { throw fail("\"\(key)\" is \(row[key]?.compactText ?? "absent"), but the spec's cell \(cell) has \(what)") }
        }

        try equals("scheme", .string(expected.scheme.description), expected.scheme.description)
        try equals("d", .integer(architecture.inputs), "d = \(architecture.inputs)")
        try equals("l", .integer(architecture.hidden), "l = \(architecture.hidden)")
        try equals("e", .integer(architecture.outputs), "e = \(architecture.outputs)")
        try equals("bias", .bool(architecture.bias), "bias \(architecture.bias)")
        try equals("samples", .integer(expected.samples), "samples = \(expected.samples)")
        try equals("m", .integer(architecture.inputSideDimension), "m = \(architecture.inputSideDimension)")
        try equals("seed", .number(String(spec.seed)), "seed \(spec.seed)")
        if hasTeacher {
            guard case .string(let teacher)? = row["teacher"], spec.teachers.contains(where: { $0.description == teacher }) else {
                throw fail("\"teacher\" is not one of the spec's teachers")
            }
        } else {
            try equals("teacher", .null, "no teacher")
        }
        guard case .string? = row["closed_form"] else { throw fail("\"closed_form\" is not a string") }
        if let law {
            // SPEC §14: the row's law is the spec's, resolved for this cell.
            guard row["law"] == law else { throw fail("\"law\" is \(row["law"]?.compactText ?? "absent"), but the spec's law for cell \(cell) is \(law.compactText)") }
            guard keys.last == "law" else { throw fail("\"law\" is not the row's last key") }
        }

        if expected.samples == 0 {
            // Closed forms only: the writer leaves every Monte Carlo field null.
            for key in keys where (key.hasSuffix("_mc") || key.hasSuffix("_se")) && row[key] != .null {
                throw fail("\"\(key)\" is \(row[key]?.compactText ?? ""), but the cell has 0 samples (Monte Carlo fields are null)")
            }
        }
        for key in ["p_pathological", "p_pathological_mc", "p_multiple_effective", "p_multiple_effective_mc"] { try probability(key) }
        for key in ["p_pathological_se", "p_multiple_effective_se"] { try standardError(key, maximum: 0.5) }
        try standardError("expected_components_se")
        // β₀ ≥ 1 for every invariant set, so its expectation is ≥ 1 (log₁₀ ≥ 0), up to the
        // rounding of the closed-form sums (a few ulps; 1e-9 of slack).
        try atLeast("expected_components", 1 - 1e-9)
        try atLeast("expected_components_mc", 1)
        try atLeast("log10_expected_components", -1e-9)
        if hasTeacher {
            try probability("p_teacher_obstructed")
            try probability("p_teacher_obstructed_mc")
            try standardError("p_teacher_obstructed_se", maximum: 0.5)
            try optionalInteger("teacher_unknown_mc", in: 0...expected.samples)
        }
        let l = architecture.hidden
        let (neuronTrials, overflow) = expected.samples.multipliedReportingOverflow(by: l)
        let neuronLimit = overflow ? Int.max : neuronTrials
        try optionalInteger("zero_invariants_mc", in: 0...neuronLimit)
        try optionalInteger("exact_fallbacks_mc", in: 0...neuronLimit)
        if row["undecided_samples_mc"] != nil { try optionalInteger("undecided_samples_mc", in: 1...Swift.max(1, expected.samples)) }

        switch row["pathological_count_distribution"] {
        case .null?: break
        case .array(let values)?:
            guard values.count == l + 1 else { throw fail("\"pathological_count_distribution\" has \(values.count) entries, expected l + 1 = \(l + 1)") }
            for value in values {
                // exp of a log-space binomial term: within [0, 1] up to an ulp or two.
                guard case .number(let text) = value, let p = Double(text), (0...(1 + 1e-12)).contains(p) else {
                    throw fail("\"pathological_count_distribution\" holds an entry that is not a probability in [0, 1]")
                }
            }
        default: throw fail("\"pathological_count_distribution\" is not an array or null")
        }
        switch row["pathological_count_histogram_mc"] {
        case .null?: break
        case .array(let values)?:
            guard values.count == l + 1 else { throw fail("\"pathological_count_histogram_mc\" has \(values.count) entries, expected l + 1 = \(l + 1)") }
            var total = 0
            for value in values {
                guard case .number(let text) = value, let count = Int(text), count >= 0, count <= expected.samples else {
                    throw fail("\"pathological_count_histogram_mc\" holds an entry that is not a count in 0…\(expected.samples)")
                }
                total += count
                guard total <= expected.samples else { throw fail("\"pathological_count_histogram_mc\" counts more than \(expected.samples) samples") }
            }
        default: throw fail("\"pathological_count_histogram_mc\" is not an array or null")
        }
    }

    /// Every cell of `spec` has exactly its rows (one per teacher, in the spec's
    /// teacher order, or one without teachers) among `rows` (sorted by cell).
    static func checkComplete(_ rows: [(cell: Int, order: Int, row: JSONValue, file: String)], spec: SweepSpec,
                              cells: Set<Int>, fallbackFile: String) throws(MergeError) {
        let teachers: [JSONValue] = spec.teachers.isEmpty ? [.null] : spec.teachers.map { .string($0.description) }
        var index = 0
        for cell in cells.sorted() {
            for teacher in teachers {
                guard index < rows.count, rows[index].cell == cell else {
                    throw MergeError(file: index < rows.count ? rows[index].file : fallbackFile,
                                     reason: "cell \(cell) lacks its row for teacher \(teacher.compactText)")
                }
                // Deep rows have no teacher key (the spec then has no teachers).
                guard (rows[index].row["teacher"] ?? .null) == teacher else {
                    throw MergeError(file: rows[index].file, reason: "cell \(cell): rows are not one per teacher in the spec's order")
                }
                index += 1
            }
        }
        if index < rows.count {
            throw MergeError(file: rows[index].file, reason: "cell \(rows[index].cell) has more rows than the spec's teachers")
        }
    }
}

extension JSONValue {
    /// Short one-line JSON text for messages (long values cut).
    var compactText: String {
        let text: String
        switch self {
        case .null: text = "null"
        case .bool(let flag): text = flag ? "true" : "false"
        case .number(let number): text = number
        case .string(let string): text = "\"\(string)\""
        case .array(let items): text = "[" + items.prefix(8).map(\.compactText).joined(separator: ", ") + (items.count > 8 ? ", …" : "") + "]"
        case .object(let members): text = "{" + members.prefix(8).map { "\"\($0.0)\": \($0.1.compactText)" }.joined(separator: ", ") + (members.count > 8 ? ", …" : "") + "}"
        case .sparseArray(let count, _, _): text = "[… \(count) entries]"
        }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

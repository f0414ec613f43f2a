import Randomness
import Foundation
import JSONDocument
import ReluNetwork

/// Runs the cells of a sweep and writes its rows (SPEC §12 `sweep --json`).
///
/// Rows are JSON objects whose numbers are the shortest round-trip text of
/// binary64 values; `sweep merge` keeps that text, so a merged document is the
/// same bytes as a single-machine run.
public struct SweepRunner: Sendable {
    public let spec: SweepSpec
    public let threads: Int

    public init(spec: SweepSpec, threads: Int) {
        self.spec = spec
        self.threads = threads
    }

    /// Progress: cells done, samples done in the current cell, its total.
    public typealias Progress = @Sendable (_ cell: SweepSpec.Cell, _ samplesDone: Int) -> Void

    /// The rows of `cells` (one per teacher, or one when there is none), in cell order.
    public func rows(for cells: [SweepSpec.Cell], progress: Progress? = nil) -> [JSONValue] {
        var rows: [JSONValue] = []
        for cell in cells {
            if let deep = cell.deep {
                let tally = deepTally(cell, deep, progress: progress)
                progress?(cell, cell.samples)
                rows.append(SweepRunner.deepRow(cell: cell, architecture: deep, spec: spec, tally: tally))
                continue
            }
            let widths = [cell.architecture.inputs, cell.architecture.hidden, cell.architecture.outputs]
            let law = spec.law(widths: widths)
            let monteCarlo = MonteCarloCell(scheme: cell.scheme, architecture: cell.architecture, teachers: spec.teachers, seed: spec.seed, law: law)
            let counter = ProgressCounter()
            let tally = monteCarlo.tally(count: cell.samples, threads: threads, progress: progress.map { report in
                { @Sendable done in report(cell, counter.add(done)) }
            })
            progress?(cell, cell.samples)
            let forms = ClosedFormProbabilities(scheme: cell.scheme, architecture: cell.architecture, law: law)
            let teachers: [TeacherSigns?] = spec.teachers.isEmpty ? [nil] : spec.teachers
            let lawObject = spec.lawJSON(widths: widths)
            for (t, teacher) in teachers.enumerated() {
                rows.append(SweepRunner.row(cell: cell, seed: spec.seed, forms: forms, tally: cell.samples > 0 ? tally : nil,
                                            teacher: teacher.map { ($0, t) }, law: lawObject, training: law))
            }
        }
        return rows
    }

    /// One row. Closed-form fields are `null` where SPEC §10 has no closed form,
    /// Monte Carlo fields `null` when `samples = 0`; `law` (SPEC §14) last, and
    /// only when the sweep has one.
    static func row(cell: SweepSpec.Cell, seed: UInt64, forms: ClosedFormProbabilities?, tally: MonteCarloTally?,
                    teacher: (signs: TeacherSigns, index: Int)?, law: JSONValue? = nil, training: TrainingLaw = .gradientFlow) -> JSONValue {
        let architecture = cell.architecture
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        let pathologicalMC = tally?.pathological(hidden: architecture.hidden)
        let multipleMC = tally?.multipleEffectiveEstimate
        let componentsMC = tally?.expectedComponents(architecture: architecture)
        var members: [(String, JSONValue)] = [
            ("cell", .integer(cell.index)),
            ("scheme", .string(cell.scheme.description)),
            ("d", .integer(architecture.inputs)),
            ("l", .integer(architecture.hidden)),
            ("e", .integer(architecture.outputs)),
            ("bias", .bool(architecture.bias)),
            ("samples", .integer(cell.samples)),
            ("teacher", teacher.map { .string($0.signs.description) } ?? .null),
            ("p_pathological", number(forms?.pathological)),
            ("p_pathological_mc", number(pathologicalMC?.value)),
            ("p_pathological_se", number(pathologicalMC?.standardError)),
            ("expected_components", number(forms?.expectedComponents)),
            ("log10_expected_components", number(forms?.log10ExpectedComponents)),
            ("expected_components_mc", number(componentsMC?.value)),
            ("expected_components_se", number(componentsMC?.standardError)),
            ("p_multiple_effective", number(forms?.multipleEffectiveComponents)),
            ("p_multiple_effective_mc", number(multipleMC?.value)),
            ("p_multiple_effective_se", number(multipleMC?.standardError)),
        ]
        if let teacher {
            let closed = forms?.teacherObstruction(teacher.signs)
            let applies = architecture.outputs == 1 && architecture.inputSideDimension >= 2
                && teacher.signs.positive + teacher.signs.negative <= architecture.hidden
            // e ≥ 2, m ≥ 2: H(c) is connected, no obstruction of this kind (SPEC §6.1), so the estimate is 0 exactly.
            let connected = architecture.outputs >= 2 && architecture.inputSideDimension >= 2
            let estimate = applies ? tally?.teacherObstruction(teacher.index)
                : (connected && tally != nil ? Estimate(value: 0, standardError: 0) : nil)
            members += [
                ("p_teacher_obstructed", number(closed)),
                ("p_teacher_obstructed_mc", number(estimate?.value)),
                ("p_teacher_obstructed_se", number(estimate?.standardError)),
                ("teacher_unknown_mc", applies ? tally.map { .integer($0.teacherUnknown[teacher.index]) } ?? .null : .null),
            ]
        }
        let trailing: [(String, JSONValue?)] = [
            ("m", .integer(architecture.inputSideDimension)),
            ("closed_form", .string(closedFormNote(cell.scheme, architecture, law: law == nil ? nil : training))),
            ("pathological_count_distribution", forms.map { .array($0.pathologicalCountDistribution.map(JSONValue.double)) } ?? .null),
            ("pathological_count_histogram_mc", tally.map { tally in
                .array((0...architecture.hidden).map { .integer(tally.countHistogram[$0 * (architecture.hidden + 1)] ?? 0) })
            } ?? .null),
            ("zero_invariants_mc", tally.map { .integer($0.zeroNeurons) } ?? .null),
            ("exact_fallbacks_mc", tally.map { .integer($0.exactFallbacks) } ?? .null),
            // Only when some sample could not be decided (never with finite draws): those samples are left out.
            ("undecided_samples_mc", tally.flatMap { $0.undecidedSamples > 0 ? .integer($0.undecidedSamples) : nil }),
            ("seed", .number(String(seed))),
            ("law", law),
        ]
        return .object(members + trailing.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Which closed form applies, or why none does; `law`: the sweep's law
    /// (resolved for the cell), nil under plain gradient flow.
    static func closedFormNote(_ scheme: InitScheme, _ architecture: Architecture, law training: TrainingLaw? = nil) -> String {
        if let training, let law = scheme.gaussianLaw(d: architecture.inputs, l: architecture.hidden, e: architecture.outputs,
                                                      bias: architecture.bias, law: training) {
            return "docs/THEORY.md §10 under the law of §14: p = I_x(\(law.inputEntries)/2, \(law.outputEntries)/2), x = w_2τ_2²/(w_1τ_1² + w_2τ_2²) = \(law.x)"
        }
        if let law = scheme.gaussianLaw(d: architecture.inputs, l: architecture.hidden, e: architecture.outputs, bias: architecture.bias) {
            return "docs/THEORY.md §10: p = I_x(\(law.inputEntries)/2, \(law.outputEntries)/2), x = \(law.x)"
        }
        switch scheme {
        case .gaussian: return "none: a Gaussian bias with a variance other than 0 or s1² (Monte Carlo only)"
        default: return "none: uniform entries (Monte Carlo only)"
        }
    }
}

/// A thread-safe running sum for progress reports.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ amount: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        total += amount
        return total
    }
}

/// A sweep's JSON document: `{"spec", ["shard",] "rows"}`. A sharded part
/// carries its shard; a merged document and a single run carry none, and are
/// byte for byte the same.
public enum SweepDocument {
    public static func make(spec: SweepSpec, shard: Shard?, rows: [JSONValue]) -> JSONValue {
        var members: [(String, JSONValue)] = [("spec", spec.json)]
        if let shard { members.append(("shard", .object([("index", .integer(shard.index)), ("count", .integer(shard.count))]))) }
        members.append(("rows", .array(rows)))
        return .object(members)
    }

    /// Why parts cannot be merged.
    public struct MergeError: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    /// Merges the parts of a sharded sweep (any order): same spec, same shard
    /// count, each shard exactly once; rows sorted back into cell order. Every
    /// part is validated first (`validatedSpec`, `validateRow`): a tampered part
    /// is refused with its file and row, never merged.
    public static func merge(_ parts: [(file: String, document: JSONValue)]) throws(MergeError) -> JSONValue {
        guard let first = parts.first else { throw MergeError(file: "(none)", reason: "no parts given") }
        guard let specJSON = first.document["spec"] else { throw MergeError(file: first.file, reason: "not a sweep document (no \"spec\")") }
        for (file, document) in parts {
            guard case .object(let members) = document else { throw MergeError(file: file, reason: "not a sweep document (not a JSON object)") }
            if let other = members.first(where: { !["spec", "shard", "rows"].contains($0.0) }) {
                throw MergeError(file: file, reason: "not a sweep document (unknown key \"\(other.0)\")")
            }
            guard Set(members.map(\.0)).count == members.count else { throw MergeError(file: file, reason: "a key appears twice") }
        }
        let spec = try validatedSpec(specJSON, file: first.file)
        let cells = spec.cells
        var rows: [(cell: Int, order: Int, row: JSONValue, file: String)] = []
        // A complete (unsharded) document passes through unchanged: re-render it with other --svg/--metric options.
        if parts.count == 1, first.document["shard"] == nil {
            guard case .array(let documentRows)? = first.document["rows"] else { throw MergeError(file: first.file, reason: "no \"rows\" array") }
            for (position, row) in documentRows.enumerated() {
                try validateRow(row, position: position, spec: spec, cells: cells, file: first.file)
                guard case .number(let text)? = row["cell"], let cell = Int(text) else { continue }   // checked by validateRow
                rows.append((cell, rows.count, row, first.file))
            }
            guard rows.map(\.cell) == rows.map(\.cell).sorted() else {
                throw MergeError(file: first.file, reason: "rows are not in cell order")
            }
            try checkComplete(rows, spec: spec, cells: Set(cells.map(\.index)), fallbackFile: first.file)
            return first.document
        }
        var shardCount: Int?
        var seen: [Int: String] = [:]
        for (file, document) in parts {
            if let laws = lawsDiffer(document["spec"], specJSON) {
                throw MergeError(file: file, reason: "it was run under \(laws.0), \(first.file) under \(laws.1): parts of different training laws cannot be merged")
            }
            guard document["spec"] == specJSON else {
                throw MergeError(file: file, reason: "its spec differs from \(first.file)'s: parts of different sweeps cannot be merged")
            }
            guard case .object(let shard)? = document["shard"], shard.count == 2,
                  case .number(let indexText)? = shard.first(where: { $0.0 == "index" })?.1, let index = Int(indexText),
                  case .number(let countText)? = shard.first(where: { $0.0 == "count" })?.1, let count = Int(countText),
                  count >= 1, count <= SweepSpec.maximumCells, (1...count).contains(index)
            else { throw MergeError(file: file, reason: "not a shard (run with --shard i/N)") }
            if let shardCount, shardCount != count {
                throw MergeError(file: file, reason: "shard \(index)/\(count), but \(first.file) is one of \(shardCount) shards")
            }
            shardCount = count
            if let other = seen[index] { throw MergeError(file: file, reason: "shard \(index)/\(count) is also in \(other)") }
            seen[index] = file
            guard case .array(let partRows)? = document["rows"] else { throw MergeError(file: file, reason: "no \"rows\" array") }
            for (position, row) in partRows.enumerated() {
                guard case .number(let cellText)? = row["cell"], let cell = Int(cellText) else {
                    throw MergeError(file: file, reason: "rows[\(position)]: a row without a \"cell\" index")
                }
                try validateRow(row, position: position, spec: spec, cells: cells, file: file)
                guard (cell % count) + 1 == index else {
                    throw MergeError(file: file, reason: "rows[\(position)]: cell \(cell) does not belong to shard \(index)/\(count)")
                }
                rows.append((cell, rows.count, row, file))
            }
        }
        let count = shardCount ?? 1
        let missing = (1...count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(20).map { "\($0)/\(count)" }.joined(separator: ", ")
            throw MergeError(file: first.file, reason: "shard(s) \(shown)\(missing.count > 20 ? ", …" : "") missing")
        }
        rows.sort { ($0.cell, $0.order) < ($1.cell, $1.order) }
        try checkComplete(rows, spec: spec, cells: Set(cells.map(\.index)), fallbackFile: first.file)
        guard case .object(let specMembers) = specJSON else { throw MergeError(file: first.file, reason: "\"spec\" is not an object") }
        return .object([("spec", .object(specMembers)), ("rows", .array(rows.map(\.row)))])
    }

    /// The law keys of two specs in words, when they differ (SPEC §14): parts
    /// of sweeps under different laws are refused by name.
    static func lawsDiffer(_ one: JSONValue?, _ other: JSONValue?) -> (String, String)? {
        guard case .object? = one, case .object? = other else { return nil }
        func law(_ spec: JSONValue?) -> String {
            let given = SweepParameters.lawKeys.compactMap { key in spec?[key].map { "\(key) \($0.compactText)" } }
            return given.isEmpty ? "plain gradient flow" : given.joined(separator: ", ")
        }
        let (a, b) = (law(one), law(other))
        return a == b ? nil : (a, b)
    }

    /// The scalar columns of the CSV, in order (arrays stay in the JSON).
    public static let csvColumns = [
        "cell", "scheme", "d", "l", "e", "bias", "samples", "teacher",
        "p_pathological", "p_pathological_mc", "p_pathological_se",
        "expected_components", "log10_expected_components", "expected_components_mc", "expected_components_se",
        "p_multiple_effective", "p_multiple_effective_mc", "p_multiple_effective_se",
        "p_teacher_obstructed", "p_teacher_obstructed_mc", "p_teacher_obstructed_se", "teacher_unknown_mc",
        "m", "zero_invariants_mc", "exact_fallbacks_mc", "seed",
    ]

    /// Columns added when the document has deep rows (SPEC §13.9); lists are space-separated.
    public static let deepCSVColumns = [
        "widths", "p_negative_by_layer", "p_negative_by_layer_mc",
        "p_locked", "p_locked_mc", "p_locked_se", "log10_expected_components_mc",
        "mean_locked", "mean_locked_mc", "mean_locked_se",
        "p_output_locked_one_sign", "p_output_locked_one_sign_mc", "p_output_locked_one_sign_se",
    ]

    /// Columns added when the rows carry a training law (SPEC §14): its name,
    /// formula, and `η_h`, `ρ_h²` (as used), the parameterisation and `p`; lists space-separated.
    public static let lawCSVColumns = ["law", "law_formula", "lr_scales", "multipliers", "parameterization", "activation_power"]

    /// CSV of the rows (RFC 4180 quoting; `null` and absent fields are empty).
    public static func csv(_ document: JSONValue) -> String {
        let rows: [JSONValue]
        if case .array(let items)? = document["rows"] { rows = items } else { rows = [] }
        let columns = csvColumns + (rows.contains { $0["widths"] != nil } ? deepCSVColumns : [])
            + (rows.contains { $0["law"] != nil } ? lawCSVColumns : [])
        var out = columns.joined(separator: ",") + "\n"
        for row in rows {
            out += columns.map { key -> String in
                switch key {
                case "widths":
                    guard case .array(let items)? = row[key] else { return "" }
                    return items.map { if case .number(let text) = $0 { return text } else { return "" } }.joined(separator: " ")
                case "p_negative_by_layer", "p_negative_by_layer_mc":
                    guard case .array(let layers)? = row["layers"] else { return "" }
                    let field = key == "p_negative_by_layer" ? "p_negative" : "p_negative_mc"
                    let values = layers.compactMap { layer -> String? in if case .number(let text)? = layer[field] { return text } else { return nil } }
                    return values.count == layers.count ? values.joined(separator: " ") : ""
                case "law", "law_formula", "lr_scales", "multipliers", "parameterization", "activation_power":
                    let field = key == "law" ? "name" : (key == "law_formula" ? "formula" : key)
                    switch row["law"]?[field] {
                    case .string(let text)?: return quoted(text)
                    case .array(let items)?: return items.map { if case .string(let text) = $0 { return text } else { return "" } }.joined(separator: " ")
                    default: return ""
                    }
                default: break
                }
                switch row[key] {
                case .number(let text)?: return text
                case .string(let text)?: return quoted(text)
                case .bool(let value)?: return value ? "true" : "false"
                default: return ""
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A CSV field (RFC 4180): quoted when it holds a comma or a quote.
    static func quoted(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

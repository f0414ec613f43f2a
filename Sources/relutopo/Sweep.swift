import ArgumentParser
import Foundation
import InitSweeps
import JSONDocument
import ModelIO
import ReluNetwork

/// `relutopo sweep`: obstruction probabilities over a grid of architectures and
/// init schemes, closed form and exact-predicate Monte Carlo (SPEC §10, §12).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Probabilities of pathological neurons and obstructions over a grid of architectures and init schemes.",
        subcommands: [SweepRun.self, SweepMerge.self],
        defaultSubcommand: SweepRun.self)
}

struct SweepRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep (the default: `relutopo sweep --scheme …` is `relutopo sweep run --scheme …`).",
        discussion: """
            For every cell (scheme × bias × e × samples × d × l) and teacher: the closed forms of docs/THEORY.md §10 where \
            they exist (Gaussian schemes: P(c_k < 0) = I_x(m'/2, e/2), the law of the number of pathological \
            neurons, E[#components], P(more than one effective component), and the teacher obstruction \
            probability of docs/THEORY.md §6.1 as a finite multinomial sum), and exact-predicate Monte Carlo with standard \
            errors. Every sample has its own random stream keyed by (seed, cell, sample index): results do not \
            depend on --threads or --shard. LIST: 1,2,5 or a:b or a:b:step (inclusive); a list holds at most \
            1048576 values in total and a sweep at most 1048576 cells (and rows: cells × teachers), checked before \
            anything is expanded. Schemes: kaiming_normal, \
            kaiming_uniform, xavier_normal, xavier_uniform, pytorch_default, gaussian(s1,s2[,sb]) (sb defaults to s1; \
            gaussian(s1,s2,0) for zero biases). Biases are 0 unless the scheme draws them (pytorch_default, gaussian). Spread a sweep over machines with \
            --shard i/N (i = 1…N, cells dealt round robin) and `relutopo sweep merge PART…`.

            Deeper networks (docs/THEORY.md §13.9): --widths d,n1,…,e (repeat it for several architectures; it replaces \
            --inputs, --hidden and --outputs; --bias gives every layer a bias). Per hidden layer: P(c < 0) in closed form \
            (Gaussian schemes) and by Monte Carlo; per sample the exact locks of docs/THEORY.md §13.3: P(q ≥ 1), E[2^q] \
            (exact and as a decimal), the mean q, and for e = 1 the event of docs/THEORY.md §13.5 (every output weight \
            locked with one sign, no output bias) with a 95% Wilson interval. --widths d,l,e gives the rows of \
            --inputs d --hidden l --outputs e. A sample draws every weight (784,1024,1024,1: 1.8 million normals) and \
            holds one weight matrix per thread; --svg draws two-layer cells only.

            Training setups (docs/THEORY.md §14): --lr-scales η1,…,ηL, --multipliers ρ1²,…,ρL², --parameterization ntk \
            (ρ_h² = 1/n_{h−1} for each architecture) and --activation relu^p change the law to \
            c = w_h‖a‖² − w_{h+1}‖o‖² with w_h = p^{h−1}/(η_h ρ_h²); the same keys in a spec file. The draws are the same; \
            the closed forms use x = w_{h+1}τ_{h+1}²/(w_hτ_h² + w_{h+1}τ_{h+1}²) and the Monte Carlo compares the weighted \
            squares exactly. The lists need one value per layer of every architecture of the grid. Rows then end with a "law" object \
            (CSV: law columns; table: a law line), and `sweep merge` refuses parts of different laws.
            """)

    @Option(name: .long, help: ArgumentHelp("Init scheme(s), comma-separated.", valueName: "S[,S…]")) var scheme: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Input dimensions d.", valueName: "LIST")) var inputs: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Hidden widths l.", valueName: "LIST")) var hidden: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Output dimensions e (default 1).", valueName: "LIST")) var outputs: String?
    @Option(name: .long, parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An architecture of any depth, input to output (repeat for several); replaces --inputs, --hidden and --outputs.", valueName: "d,n1,…,e"))
    var widths: [String] = []
    @Flag(name: .long, help: "Networks with hidden and output biases.") var bias = false
    @Flag(name: .customLong("bias-both"), help: "Sweep both without and with biases.") var biasBoth = false
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Teacher output-sign counts n⁺/n⁻ for the obstruction probability (docs/THEORY.md §6.1).", valueName: "N+/N-[,…]"))
    var teacher: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Monte Carlo samples per cell (0: closed forms only; default 10000).", valueName: "LIST")) var samples: String?
    @Option(name: .long, parsing: .unconditional, help: "Seed of the random streams (default 0).") var seed: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Per-layer learning rates η_1,…,η_L relative to each other (exact: 1,1/4 or 1,0.25), one per layer of every architecture: the law becomes ‖a‖²/η_h − ‖o‖²/η_{h+1} (docs/THEORY.md §14.1).",
        valueName: "η1,…,ηL"))
    var lrScales: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Fixed per-layer multipliers ρ_1²,…,ρ_L² (stored weight = ρ·trained, as in μP), one per layer: the law becomes ‖a‖²/ρ_h² − ‖o‖²/ρ_{h+1}² (docs/THEORY.md §14.2).",
        valueName: "ρ1²,…,ρL²"))
    var multipliers: String?
    @Option(name: .long, help: "Parameterisation of the drawn weights: 'standard', or 'ntk' (stored W_h = trained/√n_{h−1}: ρ_h² = 1/n_{h−1} for each architecture, times any --multipliers).")
    var parameterization: String?
    @Option(name: .long, help: ArgumentHelp("'relu' (the default) or 'relu^p' (max(0, z)^p, p ≥ 1 exact): the law ‖a‖² − p‖o‖² of docs/THEORY.md §14.3.", valueName: "σ"))
    var activation: String?
    @Option(name: .long, help: ArgumentHelp("Not for sweeps: per-neuron scales belong to one network. A constant λ is --multipliers 1,…,1,λ².", valueName: "λ"))
    var nodeScales: String?
    @Option(name: .long, help: ArgumentHelp("Read the parameters from a JSON or YAML file with the same names as keys.", valueName: "FILE"))
    var spec: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Run only cells c with c mod N = i − 1 (i = 1…N) and write a part for `sweep merge`.", valueName: "i/N"),
            transform: Shard.init(argument:))
    var shard: Shard?
    @Option(name: .long, parsing: .unconditional, help: "Threads for Monte Carlo (default: every core, at most 4096).") var threads: Int?
    @Option(name: .long, help: ArgumentHelp("Write the rows as CSV.", valueName: "FILE")) var csv: String?
    @Option(name: .long, help: ArgumentHelp("Draw d × l heatmaps, one panel per scheme (and bias, e, teacher, samples).", valueName: "FILE")) var svg: String?
    @OptionGroup var plot: HeatmapOptions
    @Flag(name: .long, help: "No progress bar on stderr.") var quiet = false
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func parameters() throws -> (SweepSpec, String?) {
        let flags: [(String, String?)] = [("scheme", scheme), ("inputs", inputs), ("hidden", hidden), ("outputs", outputs),
                                           ("widths", widths.isEmpty ? nil : widths.joined(separator: ";")),
                                           ("teacher", teacher), ("samples", samples), ("seed", seed),
                                           ("lr-scales", lrScales), ("multipliers", multipliers), ("parameterization", parameterization),
                                           ("activation", activation), ("node-scales", nodeScales)]
        if let spec {
            if let given = flags.first(where: { $0.1 != nil }) { throw ValidationError("--spec and --\(given.0) cannot be combined: put \(given.0) in \(spec)") }
            if bias || biasBoth { throw ValidationError("--spec and --bias cannot be combined: put bias in \(spec)") }
            let text = try TextFileReader.read(spec, limit: SweepParameters.maximumFileBytes, what: "a spec file", textKind: "spec")
            do {
                return (try SweepParameters.parse(text, file: spec).spec(file: spec), spec)
            } catch {
                throw ModelInputError(file: spec, reason: error.key == "-" ? error.reason : "key \(error.key): \(error.reason)")
            }
        }
        var values: [String: String] = [:]
        for (key, value) in flags { if let value { values[key] = value } }
        values["bias"] = biasBoth ? "both" : (bias ? "true" : "false")
        do {
            return (try SweepParameters(values: values).spec(), nil)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let (spec, specFile) = try parameters()
        let inputs = RunInputs([specFile])
        try SweepOutput.check(csv: csv, svg: svg, inputs: inputs)
        if svg != nil, let deep = spec.widths.first(where: { $0.count > 3 }) {
            throw ValidationError("--svg draws d × l heatmaps of two-layer cells; widths \(deep.map(String.init).joined(separator: ",")) has \(deep.count - 1) layers")
        }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        try NumericFlag.check("--threads", threadCount, in: 1...4096)
        let cells = spec.cells(in: shard)
        let progress = SweepProgress(enabled: !quiet && !json && SweepProgress.stderrIsInteractive, cells: cells)
        var report: SweepRunner.Progress?
        if progress.enabled {
            report = { cell, done in progress.update(cell: cell, samplesDone: done) }
        }
        let rows = SweepRunner(spec: spec, threads: threadCount).rows(for: cells, progress: report)
        progress.finish()
        let document = SweepDocument.make(spec: spec, shard: shard, rows: rows)
        try SweepOutput.write(document, csv: csv, svg: svg, plot: plot, json: json, inputs: inputs)
    }
}

struct SweepMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the parts of a sharded sweep into the document a single run would have written (same bytes).",
        discussion: "Given one complete (unsharded) sweep document, passes it through: use this to redraw a sweep with another --metric or --source without recomputing it.")

    @Argument(help: ArgumentHelp("The JSON parts written by `sweep --shard i/N --json`, in any order.", valueName: "PART")) var parts: [String]
    @Option(name: .long, help: ArgumentHelp("Write the rows as CSV.", valueName: "FILE")) var csv: String?
    @Option(name: .long, help: ArgumentHelp("Draw the heatmaps.", valueName: "FILE")) var svg: String?
    @OptionGroup var plot: HeatmapOptions
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run() throws {
        guard !parts.isEmpty else { throw ValidationError("give the parts to merge") }
        let inputs = RunInputs(parts)
        try SweepOutput.check(csv: csv, svg: svg, inputs: inputs)
        var documents: [(file: String, document: JSONValue)] = []
        for part in parts {
            let data = try TextFileReader.read(part, what: "a sweep part", textKind: "JSON")
            do {
                documents.append((part, try JSONValue.parse(data)))
            } catch {
                throw ModelInputError(file: part, reason: error.description)
            }
        }
        let merged: JSONValue
        do { merged = try SweepDocument.merge(documents) } catch { throw ModelInputError(file: error.file, reason: error.reason) }
        if svg != nil, case .array(let rows)? = merged["rows"], rows.contains(where: { $0["widths"] != nil }) {
            throw ValidationError("--svg draws d × l heatmaps of two-layer cells; these parts hold deeper architectures (widths)")
        }
        try SweepOutput.write(merged, csv: csv, svg: svg, plot: plot, json: json, inputs: inputs)
    }
}

/// Writes a sweep document: JSON on stdout, or a table; CSV and SVG files.
enum SweepOutput {
    /// Refuses (usage error) `--csv`/`--svg` paths that name an input of the run or each other.
    static func check(csv: String?, svg: String?, inputs: RunInputs) throws {
        if let problem = inputs.check(outputs: [("--csv", csv), ("--svg", svg)]) {
            throw ValidationError(problem)
        }
    }

    static func write(_ document: JSONValue, csv: String?, svg: String?, plot: HeatmapOptions, json: Bool, inputs: RunInputs) throws {
        if let csv { try StagedFile.write(Array(SweepDocument.csv(document).utf8), to: csv, inputs: inputs) }
        if let svg { try StagedFile.write(Array(SweepHeatmap.svg(document, metric: plot.metric, source: plot.source).utf8), to: svg, inputs: inputs) }
        if json {
            Output.write(json: document)
        } else {
            Output.write(table(document))
        }
    }

    /// A table a person reads: one line per row (two-layer rows, then deeper
    /// ones), after a line naming the training law when the sweep has one.
    static func table(_ document: JSONValue) -> String {
        guard case .array(let allRows)? = document["rows"] else { return "" }
        let rows = allRows.filter { $0["widths"] == nil }
        let deep = allRows.filter { $0["widths"] != nil }
        let law = lawLine(document)
        if rows.isEmpty { return law + deepTable(deep) }
        return law + twoLayerTable(rows) + (deep.isEmpty ? "" : "\n" + deepTable(deep))
    }

    /// `law: c = … (η = 1,2)` for every row of a sweep run under a
    /// training law (docs/THEORY.md §14), "" under plain gradient flow.
    static func lawLine(_ document: JSONValue) -> String {
        lawSummary(document).map { "law: \($0) in every row (training setup of docs/THEORY.md §14)\n" } ?? ""
    }

    /// The law of a document's rows in words (`c = … (η = 1,2)`), nil without one.
    static func lawSummary(_ document: JSONValue) -> String? {
        guard case .array(let rows)? = document["rows"], let law = rows.first?["law"], case .string(let formula)? = law["formula"] else { return nil }
        func list(_ key: String) -> String? {
            guard case .array(let items)? = law[key] else { return nil }
            return items.map { if case .string(let text) = $0 { return text } else { return "?" } }.joined(separator: ",")
        }
        var given: [String] = []
        if let rates = list("lr_scales") { given.append("η = " + rates) }
        if law["parameterization"] == .string("ntk") {
            given.append("NTK: ρ_h² = 1/n_{h−1} of each architecture" + (document["spec"]?["multipliers"] != nil ? ", times the given ρ²" : ""))
        } else if let multipliers = list("multipliers") {
            given.append("ρ² = " + multipliers)
        }
        return formula + (given.isEmpty ? "" : " (" + given.joined(separator: "; ") + ")")
    }

    static func number(_ value: JSONValue?) -> Double? {
        if case .number(let text)? = value { return Double(text) }
        return nil
    }

    static func show(_ value: JSONValue?) -> String {
        guard let x = number(value) else { return "—" }
        return x == 0 ? "0" : String(format: "%.4g", x)
    }

    static func withError(_ value: JSONValue?, _ error: JSONValue?) -> String {
        guard let x = number(value), let se = number(error) else { return "—" }
        return String(format: "%.4g ± %.2g", x, se)
    }

    /// Rows of `L ≥ 3` (docs/THEORY.md §13.9): per-layer P(c < 0), then the lock statistics.
    static func deepTable(_ rows: [JSONValue]) -> String {
        let header = ["scheme", "widths", "bias", "samples", "P(c<0) by layer", "MC", "P(q≥1)", "MC ± SE",
                      "E[2^q]", "MC ± SE", "E[q] MC", "P(out locked, one sign)", "MC [95% Wilson]"]
        var table = TextTable(header: header, rightAligned: [3])
        func layers(_ row: JSONValue, _ key: String) -> String {
            guard case .array(let layers)? = row["layers"] else { return "—" }
            let values = layers.map { layer in number(layer[key]) }
            guard values.allSatisfy({ $0 != nil }) else { return "—" }
            return values.map { show($0.map { JSONValue.double($0) }) }.joined(separator: " / ")
        }
        for row in rows {
            let widths: String
            if case .array(let items)? = row["widths"] { widths = items.map { number($0).map { String(Int($0)) } ?? "?" }.joined(separator: ",") } else { widths = "—" }
            let components = number(row["expected_components"]).map { _ in show(row["expected_components"]) }
                ?? number(row["log10_expected_components"]).map { String(format: "10^%.4g", $0) } ?? "—"
            let componentsMC = number(row["expected_components_mc"]) != nil
                ? withError(row["expected_components_mc"], row["expected_components_se"])
                : number(row["log10_expected_components_mc"]).map { String(format: "10^%.4g", $0) } ?? "—"
            var event = "—"
            if let p = number(row["p_output_locked_one_sign_mc"]), case .array(let interval)? = row["p_output_locked_one_sign_wilson95"],
               interval.count == 2, let low = number(interval[0]), let high = number(interval[1]) {
                event = String(format: "%.4g [%.2g, %.2g]", p, low, high)
            }
            var line = [row["scheme"].flatMap { if case .string(let s) = $0 { return s } else { return nil } } ?? "—", widths,
                        row["bias"] == .bool(true) ? "yes" : "no", row["samples"].flatMap { if case .number(let s) = $0 { return s } else { return nil } } ?? "—"]
            line += [layers(row, "p_negative"), layers(row, "p_negative_mc"),
                     show(row["p_locked"]), withError(row["p_locked_mc"], row["p_locked_se"]),
                     components, componentsMC, withError(row["mean_locked_mc"], row["mean_locked_se"]),
                     show(row["p_output_locked_one_sign"]), event]
            table.rows.append(line)
        }
        var out = table.render().joined(separator: "\n") + "\n"
        out += "Deeper networks: docs/THEORY.md §13.9 (closed forms: Gaussian schemes; P(q≥1) and E[2^q] only without a width-1 hidden layer and with d ≥ 2 or a bias); q: locked coordinates (§13.3), 2^q components; out locked, one sign: every output weight locked with one sign, no output bias (§13.5, e = 1).\n"
        return out
    }

    static func twoLayerTable(_ rows: [JSONValue]) -> String {
        let teachers = rows.contains { $0["teacher"] != .null && $0["teacher"] != nil }
        var header = ["scheme", "d", "l", "e", "bias", "samples"]
        if teachers { header.append("teacher") }
        header += ["P(c<0)", "MC ± SE", "E[#comp]", "P(>1 eff)", "MC ± SE"]
        if teachers { header += ["P(obstructed)", "MC ± SE"] }
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let s)?: return s
            case .number(let s)?: return s
            case .bool(let b)?: return b ? "yes" : "no"
            default: return "—"
            }
        }
        var table = TextTable(header: header, rightAligned: [1, 2, 3, 5])
        for row in rows {
            var line = ["scheme", "d", "l", "e", "bias", "samples"].map { text(row[$0]) }
            if teachers { line.append(text(row["teacher"])) }
            let components = number(row["expected_components"]).map { _ in show(row["expected_components"]) }
                ?? number(row["log10_expected_components"]).map { String(format: "10^%.4g", $0) } ?? "—"
            line += [show(row["p_pathological"]), withError(row["p_pathological_mc"], row["p_pathological_se"]), components,
                     show(row["p_multiple_effective"]), withError(row["p_multiple_effective_mc"], row["p_multiple_effective_se"])]
            if teachers { line += [show(row["p_teacher_obstructed"]), withError(row["p_teacher_obstructed_mc"], row["p_teacher_obstructed_se"])] }
            table.rows.append(line)
        }
        var out = table.render().joined(separator: "\n") + "\n"
        out += "Closed forms: docs/THEORY.md §10 (Gaussian schemes); MC: exact-predicate Monte Carlo; — where none applies. P(>1 eff): more than one effective component, i.e. an obstruction is possible.\n"
        return out
    }
}

/// A progress bar on stderr for long sweeps: only on a terminal, never under
/// `--json`, `--quiet` or in CI (`CI` set in the environment).
final class SweepProgress: @unchecked Sendable {
    let enabled: Bool
    let totalWork: Double
    let workBefore: [Int: Double]
    let ordinal: [Int: Int]
    let start = ContinuousClock.now
    private let lock = NSLock()
    private var lastPrint = ContinuousClock.now
    private var printed = false

    static var stderrIsInteractive: Bool { ProgressLine.stderrIsInteractive }

    init(enabled: Bool, cells: [SweepSpec.Cell]) {
        self.enabled = enabled
        // Work of a cell ≈ samples × l × (m + e) normal draws, plus one unit for its closed forms.
        var before: [Int: Double] = [:], total = 0.0
        ordinal = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1.index, $0 + 1) })
        for cell in cells {
            before[cell.index] = total
            total += SweepProgress.work(cell, samples: cell.samples)
        }
        workBefore = before
        totalWork = max(total, 1)
    }

    static func work(_ cell: SweepSpec.Cell, samples: Int) -> Double {
        if let deep = cell.deep { return Double(samples) * Double(deep.drawsPerSample) + 1 }
        return Double(samples) * Double(cell.architecture.hidden * (cell.architecture.inputSideDimension + cell.architecture.outputs)) + 1
    }

    func update(cell: SweepSpec.Cell, samplesDone: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard ContinuousClock.now - lastPrint > .milliseconds(200) else { return }
        lastPrint = ContinuousClock.now
        printed = true
        let done = (workBefore[cell.index] ?? 0) + SweepProgress.work(cell, samples: samplesDone)
        let fraction = min(1, done / totalWork)
        let width = 30, filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        let a = cell.architecture
        let shape = cell.deep.map { "widths=" + $0.widths.map(String.init).joined(separator: ",") } ?? "d=\(a.inputs) l=\(a.hidden) e=\(a.outputs)"
        let line = String(format: "\r  %@ %3d%%  cell %d/%d: %@ %@  %.0f s   ", bar, Int(fraction * 100), ordinal[cell.index] ?? 0, ordinal.count,
                          cell.scheme.description, shape, seconds)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if printed { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension Shard {
    /// `--shard i/N`; a usage error says what the text must be.
    init(argument: String) throws {
        guard let shard = Shard(parsing: argument) else {
            throw ValidationError("expects i/N with 1 ≤ i ≤ N ≤ \(SweepSpec.maximumCells)")
        }
        self = shard
    }
}

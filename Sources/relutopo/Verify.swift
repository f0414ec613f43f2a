import ArgumentParser
import Foundation
import ProofChecks
import ModelIO
import ReluNetwork

/// `relutopo verify`: the cross-checks of SPEC §11, as a report that can be
/// attached to a paper (what was checked, on which cases, the result, the time).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the theory: exact conservation identities, Lie-algebra count of conservation laws, brute force (docs/THEORY.md §11).",
        discussion: """
            CHECK is identity, lie, brute or all (the default; also --all). Exit status 0 only when every check held (1 otherwise). \
            With --inputs/--hidden (or --point), `verify lie` computes one count instead: the "all data, all losses" family by \
            default, the "given data and point" family with --data CSV or --samples N. Ranks are computed in F_p, p = 2^61 − 1, \
            a lower bound on the rational rank, and certified from the other side by conservation laws verified exactly over Q: \
            "certified": true means the count is proven. With --widths d,n_1,…,e (any number of hidden layers), `verify lie` \
            counts the laws of the "all data, all losses" family of a deep network: the gradients of the path products, \
            closed under brackets until the trace rank repeats (docs/THEORY.md §11.2, §13.2).
            """)

    @Argument(help: ArgumentHelp("The checks to run (all by default).", valueName: "CHECK")) var check: VerifyCheck?
    @Flag(name: .long, help: "Run every check (the default).") var all = false
    @Option(name: .long, help: "d (one `verify lie` count).") var inputs: Int?
    @Option(name: .long, help: "l (one `verify lie` count).") var hidden: Int?
    @Option(name: .long, help: "e (default 1).") var outputs: Int?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Widths of a network with any number of hidden layers (one `verify lie` count, all-data family).", valueName: "d,n1,…,e"))
    var widths: String?
    @Option(name: .long, parsing: .unconditional, help: "With --widths: deepest bracket depth (1: the generators alone; default 8).") var depth: Int?
    @Flag(name: .long, help: "Hidden bias (m = d + 1).") var bias = false
    @Option(name: .long, help: ArgumentHelp("Data for the given-data family (features: every column but --target).", valueName: "CSV")) var data: String?
    @Option(name: .long, help: ArgumentHelp("A column of --data to leave out.", valueName: "COLUMN")) var target: String?
    @Option(name: .long, help: "Random integer data points for the given-data family (instead of --data).") var samples: Int?
    @Option(name: .long, help: ArgumentHelp("The point θ (default: random integers, seeded).", valueName: "MODEL")) var point: String?
    @Option(name: .long, help: "Seed of random points and data.") var seed: UInt64 = 1
    @Flag(name: .customLong("no-blocks"), help: "All-data family: close the whole algebra at once instead of one neuron's block (a check of the block argument; slower).")
    var noBlocks = false
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func run() throws {
        let single = inputs != nil || hidden != nil || point != nil || data != nil || samples != nil || widths != nil
        if single {
            guard check == nil || check == .lie, !all else { throw ValidationError("--inputs/--hidden/--point/--data/--samples/--widths belong to `verify lie`") }
            if widths != nil { return try runDeepLie() }
            guard depth == nil else { throw ValidationError("--depth belongs to --widths") }
            try runLie()
        } else {
            guard depth == nil else { throw ValidationError("--depth belongs to --widths") }
            try runSuite()
        }
    }

    /// The checks of SPEC §11 (`CHECK`, all by default); exit status 1 unless every one held.
    func runSuite() throws {
        let start = ContinuousClock.now
        let results = VerifySuite.run((check ?? .all).groups)
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        let report = VerifyReport(results, seconds: seconds, version: Relutopo.configuration.version)
        if json {
            try Output.write(report: report)
        } else {
            for result in results {
                Output.write("\(result.ok ? "✓" : "✗") \(result.name) (docs/THEORY.md \(result.specSection)): \(result.cases) cases, \(String(format: "%.2f", result.seconds)) s\n")
                Output.write("    \(result.summary)\n")
                for failure in result.failures.prefix(10) { Output.write("    FAILED: \(failure)\n") }
                if !result.rows.isEmpty && check == .lie { Output.write(VerifyCommand.table(result.rows)) }
                if !result.deepRows.isEmpty && check == .lie { Output.write(VerifyCommand.table(result.deepRows)) }
            }
            Output.write("\(report.ok ? "All checks held" : "Some checks FAILED") (\(results.count) checks, \(String(format: "%.2f", seconds)) s).\n")
        }
        if !report.ok { throw ExitCode(1) }
    }

    /// One count: the all-data family for `--inputs --hidden`, the given-data family with `--data` or `--samples`.
    func runLie() throws {
        let report = data == nil && samples == nil ? try allDataReport() : try givenDataReport()
        if json {
            try Output.write(report: report)
        } else {
            Output.write(VerifyCommand.table([report]))
            Output.write(report.certified
                ? "Certified: the \(report.conservationLaws) laws are proven (rank mod p bounds the trace from below; \(report.verifiedLaws) laws verified exactly over ℚ bound it from above).\n"
                : "Not certified: between \(report.verifiedLaws) (laws verified exactly) and \(report.conservationLaws) (rank mod p) conservation laws.\n")
        }
    }

    func allDataReport() throws -> ConservationLawReport {
        guard point == nil else { throw ValidationError("--point needs --data CSV or --samples N (the given-data family)") }
        guard let d = inputs, let l = hidden else { throw ValidationError("`verify lie` needs --inputs d --hidden l") }
        guard (1...10_000).contains(d), (1...10_000).contains(l), (1...10_000).contains(outputs ?? 1) else { throw ValidationError("d, l, e must be in 1…10000") }
        do {
            return try ConservationLawCount.allData(inputs: d, hidden: l, outputs: outputs ?? 1, hiddenBias: bias, seed: seed, exploitBlocks: !noBlocks)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func givenDataReport() throws -> ConservationLawReport {
        // The point first: its own faults name it, and its d is the width the data must have.
        let pointModel = try point.map { try ModelReader.read(path: $0) }
        let points: LieProblem.Data
        if let data {
            let dataSet = try CSVDataSet.read(path: data, target: target, inputs: pointModel?.shape.inputs, model: point, exactFeatures: true)
            points = .rows(try LieProblem.rows(of: dataSet, file: data), file: data)
        } else {
            guard let n = samples, (1...100_000).contains(n), let d = inputs, (1...200).contains(d) else {
                throw ValidationError("--samples N needs 1 ≤ N ≤ 100000 and --inputs d (1…200)")
            }
            points = .random(samples: n, inputs: d)
        }
        let theta: LieProblem.Point
        if let point, let pointModel {
            theta = .model(pointModel, file: point)
        } else {
            guard let l = hidden, (1...200).contains(l), (1...200).contains(outputs ?? 1) else { throw ValidationError("give --hidden l (1…200) or --point MODEL") }
            if let inputs, inputs != points.inputs { throw ValidationError("--inputs \(inputs) but the data have \(points.inputs) features") }
            theta = .random(hidden: l, outputs: outputs ?? 1, hiddenBias: bias)
        }
        do {
            return try ConservationLawCount.givenData(data: points, point: theta, seed: seed)
        } catch let error as LieComputationError {
            throw ValidationError(error.description)
        }
    }

    static func table(_ reports: [ConservationLawReport]) -> String {
        let header = ["family", "d", "l", "e", "bias", "n", "D", "gens", "dim Lie", "dim trace", "laws", "verified", "certified", "s"]
        var table = TextTable(header: header, rightAligned: Set(1..<header.count))
        for r in reports {
            table.rows.append([r.family == .allData ? "all data" : "given data", "\(r.inputs)", "\(r.hidden)", "\(r.outputs)", r.hiddenBias ? "yes" : "no",
                          r.samples.map(String.init) ?? "—", "\(r.dimension)", "\(r.generators)", "\(r.lieAlgebraDimension)", "\(r.traceDimension)",
                          "\(r.conservationLaws)", "\(r.verifiedLaws)", r.certified ? "yes" : "NO", String(format: "%.3f", r.seconds)])
        }
        return table.render().joined(separator: "\n") + "\n"
    }
}

/// The `CHECK` argument of `relutopo verify`.
enum VerifyCheck: String, CaseIterable, ExpressibleByArgument {
    case identity, lie, brute, all

    /// The groups of `VerifySuite` it runs.
    var groups: [VerifySuite.Group] {
        switch self {
        case .identity: return [.identity]
        case .lie: return [.lie]
        case .brute: return [.brute]
        case .all: return VerifySuite.Group.allCases
        }
    }
}

import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GradientFlow
import InitSweeps
import JSONDocument
import ModelIO
import ReluNetwork

/// The options of `flow --batch DIR` (issue 17); they go with --batch only.
struct FlowBatchOptions: ParsableArguments {
    @Option(name: .customLong("batch"), help: ArgumentHelp(
        "Instead of --init: run every model file directly inside DIR (.json, .npz, .safetensors, .pt, .pth; dotfiles and other files skipped, subdirectories refused), in natural order of the names, each with the other flags; JSON Lines, one line per run.",
        valueName: "DIR"))
    var directory: String?
    @Option(name: .long, help: ArgumentHelp("With --batch: write the JSON Lines to this file (replaced in one step when complete) instead of stdout.", valueName: "PATH.jsonl"))
    var out: String?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("With --batch: worker threads (default 2); each run uses one BLAS thread.", valueName: "N"))
    var threads: Int?
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "With --batch: run only the inits p (0, 1, … in natural order) with p mod N = i − 1 (i = 1…N) and write a part for `flow merge` (its first line records the shard, every init and the settings).",
        valueName: "i/N"), transform: Shard.init(argument:))
    var shard: Shard?
    @Flag(name: .customLong("no-timing"), help: "With --batch: write wall_seconds as null, so two batches over the same inits write the same bytes.")
    var noTiming = false

    /// Threads when none are given.
    static let defaultThreads = 2

    /// A flag of the batch itself given to `flow merge` (which shares `--out`), or nil.
    var givenBesidesOut: String? {
        [("--batch", directory != nil), ("--threads", threads != nil), ("--shard", shard != nil), ("--no-timing", noTiming)].first(where: \.1)?.0
    }

    func validate() throws {
        if FlowMerge.requested { return }   // `flow merge` checks its own use of these
        if directory == nil {
            let given = [("--out", out != nil), ("--threads", threads != nil), ("--shard", shard != nil), ("--no-timing", noTiming)]
            if let flag = given.first(where: \.1)?.0 { throw ValidationError("\(flag) goes with --batch DIR") }
        }
        if let threads { try NumericFlag.check("--threads", threads, in: 1...256) }
    }
}

/// `relutopo flow --batch DIR …` (issue 17): many flows in one process, each
/// line the `flow --json` object of SPEC §12 for its init. Every
/// init is read and checked against the data before the first run (a bad one
/// fails the batch: exit 3 naming it); the table is read once and shared; the
/// runs are dealt to `--threads` workers (`FlowBatchRunner`) and their lines
/// written in init order, so the output does not depend on the threads or on
/// the sharding (except `wall_seconds`; `--no-timing` writes it as null).
struct FlowBatch {
    let command: FlowCommand
    var options: FlowBatchOptions { command.batch }

    func run() throws {
        guard let directory = options.directory else { return }
        if let flag = [("--trajectory", command.trajectory), ("--svg", command.svg)].first(where: { $0.1 != nil })?.0 {
            throw ValidationError("\(flag) writes the files of one run; leave it out with --batch (each line holds its run's numbers)")
        }
        let all = try FlowBatchInits.list(directory)
        // The inits themselves, not DIR: an earlier output inside DIR (not a model file) may be replaced.
        var inputs = RunInputs([command.data, command.teacher, command.lawOptions.inputFile])
        for entry in all { inputs.add(entry.path) }
        if let problem = inputs.check(outputs: [("--out", options.out)]) { throw ValidationError(problem) }
        if let out = options.out, FlowBatchInits.wouldBeAnInit(out, in: directory) {
            throw ValidationError("--out \(out) is named like a model inside \(directory): the next batch over it would read it as an init; name it .jsonl or write it elsewhere")
        }
        let chosen = all.indices.filter { options.shard?.contains($0) ?? true }

        BLASThreads.useOne()
        AllocatorTuning.keepMidSizedBuffers()
        // Every init read (in order: the first bad one is named), then the table once, then every init checked against it.
        var networks: [LayeredNetwork] = []
        networks.reserveCapacity(all.count)
        for entry in all { networks.append(try command.loadInit(entry.path)) }
        var template = command
        template.`init` = all[0].path
        var base = try template.experiment()
        for network in networks {
            base.network = network
            try base.checkInputs()
        }
        let header = options.shard.map { FlowBatchHeader(shard: $0, inits: all, networks: networks, command: command, experiment: base) }

        let runs = chosen.map { (name: all[$0].name, network: networks[$0]) }
        networks = []
        let experiment = base, noTiming = options.noTiming, reporter = command
        let work: @Sendable (Int) throws -> [UInt8] = { k in
            var run = experiment
            run.network = runs[k].network
            let report = try run.run()
            return try FlowBatch.line(init: runs[k].name, report: reporter.jsonReport(report, law: run.network.law), noTiming: noTiming)
        }

        let progress = FlowBatchProgress(enabled: !command.json && options.out == nil && ProgressLine.stderrIsInteractive, total: runs.count)
        var collected: [UInt8] = []
        let emit: ([UInt8]) -> Void = { bytes in
            if options.out != nil { collected += bytes } else { progress.clear(); Output.write(String(decoding: bytes, as: UTF8.self)) }
        }
        if let header { emit(header.json.singleLineBytes() + [0x0A]) }
        let runner = FlowBatchRunner(threads: min(options.threads ?? FlowBatchOptions.defaultThreads, max(1, runs.count)))
        try runner.run(count: runs.count, work: work, deliver: { _, line in emit(line) }, finished: { progress.update(done: $0) })
        progress.finish()
        if let out = options.out { try StagedFile.write(collected, to: out, inputs: inputs) }
    }

    /// One line of the batch: the object `flow --json` prints for the run, with
    /// `"init": NAME` first (and `wall_seconds` null under `--no-timing`).
    static func line(init name: String, report: some Encodable, noTiming: Bool) throws -> [UInt8] {
        guard case .object(var members) = try JSONValueEncoder().encode(report) else { return [] }
        if noTiming, let wall = members.firstIndex(where: { $0.0 == "wall_seconds" }) { members[wall].1 = .null }
        members.insert(("init", .string(name)), at: 0)
        return JSONValue.object(members).singleLineBytes() + [0x0A]
    }
}

/// `  flow --batch: 12/40 runs done  31 s` on stderr, after a second, at most
/// twice a second, erased before each line written to stdout and at the end;
/// only on a terminal, without --json and --out (ProgressLine's rules).
final class FlowBatchProgress {
    let enabled: Bool
    let total: Int
    private let start = ContinuousClock.now
    private var lastPrint: ContinuousClock.Instant?
    private var shown = false
    private var done = 0

    init(enabled: Bool, total: Int) {
        self.enabled = enabled
        self.total = total
    }

    func update(done: Int) {
        guard enabled else { return }
        self.done = done
        let now = ContinuousClock.now
        guard now - start >= .seconds(ProgressLine.delay), lastPrint.map({ now - $0 >= .seconds(ProgressLine.interval) }) ?? true else { return }
        lastPrint = now
        shown = true
        let seconds = Double((now - start).components.seconds)
        FileHandle.standardError.write(Data(String(format: "\r  flow --batch: %ld/%ld runs done  %.0f s\u{1B}[K", done, total, seconds).utf8))
    }

    /// Erases the line (before stdout is written, and at the end).
    func clear() {
        guard shown else { return }
        shown = false
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func finish() { clear() }
}

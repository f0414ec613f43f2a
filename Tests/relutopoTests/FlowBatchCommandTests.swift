import Foundation
import Testing
import JSONDocument
@testable import relutopo

/// `flow --batch DIR`, `--shard` and `flow merge` (issue 17): a line per init
/// in natural order, each the object `flow --json` prints for that init; the
/// same bytes (wall time aside) with any number of threads and any sharding.
@Suite struct FlowBatchCommandTests {
    /// The init names of the fixture batch, in the natural order worked out by
    /// hand: numbers by value (2 < 10), equal numbers by their text (`02` < `2`),
    /// uppercase extension kept; in byte order `init-10` would come before `init-2`.
    static let naturalNames = ["a.json", "init-1.json", "init-02.json", "init-2.json", "init-3.JSON", "init-10.json", "init-21.json"]

    /// A directory of seven one-hidden-layer inits (d = 2, l = 2 or 3, weights from a
    /// seeded LCG), a dotfile, notes and the data beside them; and the 40-row CSV.
    static func fixture() throws -> (directory: String, csv: String) {
        let directory = temporaryPath("inits")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 40) / Double(1 << 24) - 0.5) * 2
        }
        for (offset, name) in naturalNames.reversed().enumerated() {
            let l = 2 + offset % 2
            let w1 = (0..<l).map { _ in "[\(next()), \(next())]" }.joined(separator: ", ")
            let w2 = (0..<l).map { _ in "\(next())" }.joined(separator: ", ")
            try #"{"W1": [\#(w1)], "b1": [\#(Array(repeating: "0", count: l).joined(separator: ", "))], "W2": [[\#(w2)]], "b2": [0]}"#
                .write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        try "not a model".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
        try "{}".write(toFile: directory + "/.hidden.json", atomically: true, encoding: .utf8)
        let csv = try writeLabelledTable("batch.csv", seed: 11) { _, a, b in a - 0.5 * b > 0 ? 1 : 0 }
        return (directory, csv)
    }

    static func flags(_ csv: String, method: String = "dopri5") -> [String] {
        ["--data", csv, "--target", "y", "--loss", "bce", "--test-fraction", "0.25", "--split-seed", "3", "--method", method, "--t-max", "5"]
    }

    /// The lines of a batch's stdout, parsed.
    static func lines(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
    }

    /// An object without the given keys.
    static func removing(_ keys: Set<String>, from value: JSONValue) -> JSONValue {
        guard case .object(let members) = value else { return value }
        return .object(members.filter { !keys.contains($0.0) })
    }

    @Test func naturalOrderComparesNumbersByValue() {
        let shuffled = ["init-10.json", "init-2.json", "a.json", "init-21.json", "init-02.json", "init-3.JSON", "init-1.json"]
        #expect(shuffled.sorted(by: FlowBatchInits.naturalOrder) == Self.naturalNames)
        #expect(FlowBatchInits.naturalOrder("x9", "x10") && !FlowBatchInits.naturalOrder("x10", "x9"))
        #expect(FlowBatchInits.naturalOrder("x", "x0") && FlowBatchInits.naturalOrder("a2b", "a2c"))
        #expect(!FlowBatchInits.naturalOrder("same", "same"))
    }

    @Test func listsModelFilesOnly() throws {
        let (directory, _) = try Self.fixture()
        let entries = try FlowBatchInits.list(directory)
        #expect(entries.map(\.name) == Self.naturalNames)
        #expect(entries.allSatisfy { $0.path == directory + "/" + $0.name })
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: false)
        #expect(throws: (any Error).self) { try FlowBatchInits.list(directory) }
    }

    /// Every line is `"init": NAME` followed by exactly the document
    /// `flow --init NAME --json` prints with the same flags (wall time aside).
    @Test(arguments: ["dopri5", "gd"])
    func eachLineIsTheFlowJSONOfItsInit(method: String) throws {
        let (directory, csv) = try Self.fixture()
        let batch = try CLI.run(["flow", "--batch", directory, "--threads", "2"] + Self.flags(csv, method: method))
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stderr.isEmpty)
        let lines = try Self.lines(batch.stdout)
        #expect(lines.map { $0["init"] } == Self.naturalNames.map { .string($0) })
        for (name, line) in zip(Self.naturalNames, lines) {
            guard case .object(let members) = line else { Issue.record("not an object"); continue }
            #expect(members.first?.0 == "init")
            let single = try CLI.json(["flow", "--init", directory + "/" + name, "--json"] + Self.flags(csv, method: method))
            #expect(Self.removing(["init", "wall_seconds"], from: line) == Self.removing(["wall_seconds"], from: single), "\(name)")
            #expect(line["method"] == .string(method))
            if case .number? = line["wall_seconds"] {} else { Issue.record("wall_seconds is not a number") }
        }
    }

    /// Threads 1 and 2 write the same lines; with --no-timing the same bytes.
    /// Shards 1/3, 2/3, 3/3 merged (given in any order) are the unsharded bytes.
    @Test func threadsAndShardsGiveTheSameBytes() throws {
        let (directory, csv) = try Self.fixture()
        let base = ["flow", "--batch", directory] + Self.flags(csv)
        let one = try CLI.run(base + ["--threads", "1", "--no-timing"])
        let two = try CLI.run(base + ["--threads", "2", "--no-timing"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.stdout == two.stdout)
        #expect(try Self.lines(one.stdout).allSatisfy { $0["wall_seconds"] == .null })
        #expect(try Self.lines(one.stdout).count == Self.naturalNames.count)
        // With the wall time kept, the lines differ in it at most.
        let timed1 = try Self.lines(try CLI.run(base + ["--threads", "1"]).stdout).map { Self.removing(["wall_seconds"], from: $0) }
        let timed2 = try Self.lines(try CLI.run(base + ["--threads", "2"]).stdout).map { Self.removing(["wall_seconds"], from: $0) }
        #expect(timed1 == timed2)
        #expect(timed1 == (try Self.lines(one.stdout)).map { Self.removing(["wall_seconds"], from: $0) })

        var parts: [String] = []
        for i in 1...3 {
            let part = temporaryPath("part\(i).jsonl")
            let result = try CLI.run(base + ["--shard", "\(i)/3", "--no-timing", "--threads", "2", "--out", part])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            let text = try String(contentsOfFile: part, encoding: .utf8)
            // 7 inits over 3 shards: positions 0,3,6 / 1,4 / 2,5, after the header line.
            let partLines = try Self.lines(text)
            #expect(partLines.count == 1 + [3, 2, 2][i - 1])
            #expect(partLines.first?["flow_batch_shard"]?["index"] == .integer(i))
            #expect(partLines.dropFirst().map { $0["init"] } == stride(from: i - 1, to: 7, by: 3).map { .string(Self.naturalNames[$0]) })
            parts.append(part)
        }
        let merged = try CLI.run(["flow", "merge", parts[2], parts[0], parts[1]])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == one.stdout)
        let out = temporaryPath("merged.jsonl")
        #expect(try CLI.run(["flow", "merge", parts[1], parts[2], parts[0], "--out", out]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == one.stdout)
    }

    /// Parts that do not make one batch are refused (exit 3) naming the part.
    @Test func mergeRefusesPartsOfOtherBatches() throws {
        let (directory, csv) = try Self.fixture()
        func part(_ shard: String, _ extra: [String] = []) throws -> String {
            let path = temporaryPath("p.jsonl")
            let result = try CLI.run(["flow", "--batch", directory, "--shard", shard, "--out", path] + Self.flags(csv) + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return path
        }
        let (p1, p2) = (try part("1/2"), try part("2/2"))
        let missing = try CLI.run(["flow", "merge", p1])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("2/2 missing"))
        let twice = try CLI.run(["flow", "merge", p1, p2, p1])
        #expect(twice.status == 3)
        #expect(twice.stderr.contains("also in"))
        let foreign = try part("2/2", ["--t-max", "4"])
        let mixed = try CLI.run(["flow", "merge", p1, foreign])
        #expect(mixed.status == 3)
        #expect(mixed.stderr.contains(foreign) && mixed.stderr.contains("t_max"))
        #expect(try CLI.run(["flow", "merge", p1, p2]).status == 0)
    }
}

import Foundation
import Testing

@Suite struct SweepCommandTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static let grid = ["--scheme", "kaiming_normal,xavier_uniform,gaussian(0.5,1,0.3)", "--inputs", "1:4", "--hidden", "1,3,6",
                       "--bias-both", "--teacher", "1/0,2/1", "--samples", "300", "--seed", "17"]

    /// SPEC §12 / issue 5: parts of a sharded sweep merge to the same bytes as one run (JSON, CSV and SVG).
    @Test func shardedRunsMergeToTheSameBytes() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let full = try CLI.run(["sweep"] + Self.grid + ["--json", "--csv", path("full.csv"), "--svg", path("full.svg"), "--threads", "2"])
        #expect(full.status == 0, "\(full.stderr)")
        var parts: [String] = []
        for index in [3, 1, 4, 2] {  // any order
            let part = try CLI.run(["sweep"] + Self.grid + ["--json", "--shard", "\(index)/4", "--threads", "1"])
            #expect(part.status == 0, "\(part.stderr)")
            try part.stdout.write(toFile: path("part\(index).json"), atomically: true, encoding: .utf8)
            parts.append(path("part\(index).json"))
        }
        let merged = try CLI.run(["sweep", "merge"] + parts + ["--json", "--csv", path("merged.csv"), "--svg", path("merged.svg")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == full.stdout)
        #expect(merged.stdout.count > 10_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("full.csv"))) == Data(contentsOf: URL(fileURLWithPath: path("merged.csv"))))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("full.svg"))) == Data(contentsOf: URL(fileURLWithPath: path("merged.svg"))))

        // Refusals: a missing shard, a duplicate, a part of another sweep.
        let missing = try CLI.run(["sweep", "merge", parts[0], parts[1], parts[2], "--json"])
        #expect(missing.status == 3 && missing.stderr.contains("missing"))
        let duplicate = try CLI.run(["sweep", "merge", parts[0], parts[0], parts[1], parts[2], parts[3]])
        #expect(duplicate.status == 3 && duplicate.stderr.contains("also in"))
        let other = try CLI.run(["sweep"] + Self.grid.dropLast(2) + ["--seed", "18", "--json", "--shard", "1/4"])
        try other.stdout.write(toFile: path("other.json"), atomically: true, encoding: .utf8)
        let mixed = try CLI.run(["sweep", "merge", path("other.json"), parts[0], parts[1], parts[3]])
        #expect(mixed.status == 3 && mixed.stderr.contains("spec differs"))
    }

    @Test func jsonRowsCarryTheContractFields() throws {
        let document = try CLI.json(["sweep", "--scheme", "xavier_normal,kaiming_uniform", "--inputs", "3", "--hidden", "2", "--samples", "1000", "--seed", "1", "--json"])
        guard case .array(let rows)? = document["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 2)
        for key in ["scheme", "d", "l", "e", "bias", "samples", "p_pathological", "p_pathological_mc", "p_pathological_se",
                    "expected_components", "p_multiple_effective"] {
            #expect(rows.allSatisfy { $0[key] != nil }, "\(key)")
        }
        // Xavier normal, d = 3, l = 2, e = 1: x = (2/3)/(2/5 + 2/3) = 5/8, p = I_{5/8}(3/2, 1/2).
        guard case .number(let p)? = rows[0]["p_pathological"], let value = Double(p) else { Issue.record("no p"); return }
        #expect(Swift.abs(value - 0.272228401224416340988) < 1e-15)  // mpmath: betainc(1.5, 0.5, 0, 5/8, regularized=True)
        #expect(rows[1]["p_pathological"] == .null && rows[1]["p_pathological_mc"] != .null)
    }

    @Test func specFileGivesTheSameDocumentAsFlags() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = directory.appendingPathComponent("spec.yaml").path
        try "scheme: kaiming_normal, xavier_normal\ninputs: 1:3\nhidden: [2, 5]\nsamples: 200\nseed: 2\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let fromFile = try CLI.run(["sweep", "--spec", spec, "--json"])
        let fromFlags = try CLI.run(["sweep", "--scheme", "kaiming_normal,xavier_normal", "--inputs", "1:3", "--hidden", "2,5", "--samples", "200", "--seed", "2", "--json"])
        #expect(fromFile.status == 0 && fromFile.stdout == fromFlags.stdout)
        let bad = directory.appendingPathComponent("bad.yaml").path
        try "scheme: kaiming_normal\ninputs: 0:3\nhidden: 2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let rejected = try CLI.run(["sweep", "--spec", bad])
        #expect(rejected.status == 3 && rejected.stderr.contains("bad.yaml") && rejected.stderr.contains("inputs"))
        let both = try CLI.run(["sweep", "--spec", spec, "--inputs", "2"])
        #expect(both.status == 2)
    }

    @Test func usageErrorsExitTwo() throws {
        for arguments in [["--scheme", "he_normal", "--inputs", "2", "--hidden", "2"],
                          ["--scheme", "kaiming_normal", "--inputs", "0", "--hidden", "2"],
                          ["--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "2", "--shard", "3/2"],
                          ["--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "2", "--teacher", "1-1"],
                          ["--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "2", "--metric", "loss"]] {
            let result = try CLI.run(["sweep"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test func heatmapHasPanelsAxesAndColourBar() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let svg = directory.appendingPathComponent("figure.svg").path
        let result = try CLI.run(["sweep", "--scheme", "xavier_normal,kaiming_normal", "--inputs", "1:8", "--hidden", "1:8", "--samples", "0", "--svg", svg])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.hasSuffix("</svg>\n"))
        #expect(text.contains(">xavier_normal, no bias, e = 1, 0 samples<") && text.contains(">kaiming_normal, no bias, e = 1, 0 samples<"))
        #expect(text.contains("d (inputs)") && text.contains("l (hidden neurons)") && text.contains(">1e0<"))
        #expect(text.components(separatedBy: "<title>d=").count - 1 == 128)
        // The table mentions every cell.
        #expect(result.stdout.split(separator: "\n").count == 2 + 128 + 1)  // header, rule, rows, footnote
    }
}

import Foundation
import JSONDocument
import Testing

/// `relutopo sweep --widths d,n1,…,e` (docs/THEORY.md §13.9, SPEC §13.9).
@Suite struct SweepDeepCommandTests {
    /// `--widths d,l,e` prints exactly the rows (JSON and CSV) of `--inputs d --hidden l --outputs e`.
    @Test func twoLayerWidthsPrintTheTwoLayerRows() throws {
        let directory = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let common = ["--scheme", "kaiming_normal,xavier_uniform,gaussian(0.5,1,0.3)", "--bias-both", "--teacher", "1/0,2/1",
                      "--samples", "0,300", "--seed", "17", "--threads", "2"]
        let widths = try CLI.run(["sweep"] + common + ["--widths", "3,4,2", "--widths", "1,4,2", "--json", "--csv", path("widths.csv")])
        let grid = try CLI.run(["sweep"] + common + ["--inputs", "3,1", "--hidden", "4", "--outputs", "2", "--json", "--csv", path("grid.csv")])
        #expect(widths.status == 0 && grid.status == 0, "\(widths.stderr) \(grid.stderr)")
        let a = try JSONValue.parse(Array(widths.stdout.utf8)), b = try JSONValue.parse(Array(grid.stdout.utf8))
        guard case .array(let rows)? = a["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 3 * 2 * 2 * 2 * 2 && a["rows"] == b["rows"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("widths.csv"))) == Data(contentsOf: URL(fileURLWithPath: path("grid.csv"))))
        // The tables differ only in nothing: the spec is not printed.
        let tableA = try CLI.run(["sweep"] + common + ["--widths", "3,4,2", "--widths", "1,4,2"])
        let tableB = try CLI.run(["sweep"] + common + ["--inputs", "3,1", "--hidden", "4", "--outputs", "2"])
        #expect(tableA.status == 0 && tableA.stdout == tableB.stdout)
    }

    /// Parts of a sharded deep sweep merge to the bytes of one run (JSON and CSV).
    @Test func deepShardsMergeToTheSameBytes() throws {
        let directory = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let grid = ["--scheme", "kaiming_normal,pytorch_default", "--widths", "3,4,1", "--widths", "2,1,3,1", "--widths", "4,5,5,1",
                    "--widths", "2,3,2,3,2", "--bias-both", "--samples", "200", "--seed", "4"]
        let full = try CLI.run(["sweep"] + grid + ["--json", "--csv", path("full.csv"), "--threads", "2"])
        #expect(full.status == 0, "\(full.stderr)")
        var parts: [String] = []
        for index in [2, 3, 1] {
            let part = try CLI.run(["sweep"] + grid + ["--json", "--shard", "\(index)/3", "--threads", "1"])
            #expect(part.status == 0, "\(part.stderr)")
            try part.stdout.write(toFile: path("part\(index).json"), atomically: true, encoding: .utf8)
            parts.append(path("part\(index).json"))
        }
        let merged = try CLI.run(["sweep", "merge"] + parts + ["--json", "--csv", path("merged.csv")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == full.stdout && full.stdout.contains("\"locked_count_histogram_mc\""))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("full.csv"))) == Data(contentsOf: URL(fileURLWithPath: path("merged.csv"))))
        // The deep rows carry their architecture, per-layer forms and lock statistics.
        let document = try JSONValue.parse(Array(full.stdout.utf8))
        guard case .array(let rows)? = document["rows"] else { Issue.record("no rows"); return }
        let deep = rows.filter { $0["widths"] != nil }
        #expect(deep.count == 2 * 2 * 3)
        for key in ["layers", "p_locked", "p_locked_mc", "expected_components_mc", "expected_components_mc_exact", "mean_locked_mc",
                    "p_output_locked_one_sign_mc", "p_output_locked_one_sign_wilson95", "locked_count_histogram_mc"] {
            #expect(deep.allSatisfy { $0[key] != nil }, "\(key)")
        }
        // 2,1,3,1 without bias: every neuron of layer 2 has fan-in 1 and fan-out 1, so each locks one side: q = 3.
        let bottleneck = deep.first { $0["widths"] == .array([2, 1, 3, 1].map(JSONValue.integer)) && $0["bias"] == .bool(false) }
        #expect(bottleneck?["locked_count_histogram_mc"] == .array([.array([.integer(3), .integer(200)])]))
        #expect(bottleneck?["expected_components_mc_exact"] == .string("8"))
        // e = 3: the output-lock event does not apply.
        #expect(deep.filter { $0["e"] == .integer(2) }.allSatisfy { $0["p_output_locked_one_sign_mc"] == .null })
    }

    /// The text table shows deep rows with their widths and per-layer probabilities.
    @Test func deepTableIsReadable() throws {
        let result = try CLI.run(["sweep", "--scheme", "kaiming_normal", "--widths", "2,2,2,1", "--samples", "0"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4 && lines[0].contains("P(c<0) by layer") && lines[0].contains("P(q≥1)"))
        // kaiming_normal [2, 2, 2, 1]: I_{1/2}(1, 1) = 0.5, I_{1/2}(1, ½) = 1 − √½ ≈ 0.2929; P(q ≥ 1) = 1 − (√½)² = 0.5.
        #expect(lines[2].contains("2,2,2,1") && lines[2].contains("0.5 / 0.2929") && lines[2].contains("  0.5  "), "\(lines[2])")
    }

    /// Bad `--widths` are usage errors (exit 2) naming the flag; in a spec file, bad input (exit 3) naming the file and key.
    @Test func badWidthsAreRefused() throws {
        let base = ["sweep", "--scheme", "kaiming_normal", "--samples", "10"]
        for (arguments, text) in [(["--widths", "3,1"], "has 2 widths"), (["--widths", "3,0,1"], "0 is zero"),
                                  (["--widths", "-3,2,1"], "-3 is negative"), (["--widths", "3,2000000,1"], "too large"),
                                  (["--widths", "3,4,4,1", "--hidden", "4"], "cannot be combined with --hidden"),
                                  (["--widths", "3,4,4,1", "--teacher", "1/0"], "two-layer"),
                                  (["--widths", "784,100000,100000,1"], "samples 0"),
                                  (["--widths", "3,4,4,1", "--svg", "/dev/null"], "two-layer cells")] {
            let result = try CLI.run(base + arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(text) && result.stderr.contains(arguments.contains("--svg") ? "--svg" : "--widths")
                    || result.stderr.contains("--teacher"), "\(arguments): \(result.stderr)")
        }
        let directory = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = directory.appendingPathComponent("deep.json").path
        try #"{"scheme": "kaiming_normal", "widths": [[3, 4, 4, 1]], "hidden": [2]}"#.write(toFile: spec, atomically: true, encoding: .utf8)
        let mixed = try CLI.run(["sweep", "--spec", spec])
        #expect(mixed.status == 3 && mixed.stderr.contains("deep.json") && mixed.stderr.contains("key widths"), "\(mixed.stderr)")
        #expect(mixed.stderr.split(separator: "\n").count == 1)
    }
}

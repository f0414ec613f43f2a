import ExactNumbers
import Foundation
import InitSweeps
import JSONDocument
import ReluNetwork
import Testing
import TestSupport
@testable import relutopo

/// `relutopo sweep` under a training law (docs/THEORY.md §14, issue 16):
/// unchanged without one, a `law` in every row with one, and `sweep merge`
/// keeping parts of different laws apart.
@Suite struct SweepLawCommandTests {
    static let twoLayer = ["--scheme", "kaiming_normal,gaussian(0.5,2,0.5)", "--inputs", "1,2", "--hidden", "2", "--bias-both",
                           "--teacher", "1/1", "--samples", "20", "--seed", "3"]
    static let deep = ["--scheme", "xavier_normal", "--widths", "2,3,1", "--widths", "2,2,2,1", "--bias-both", "--samples", "20", "--seed", "5"]

    static func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Without law flags, JSON, CSV and the table are the bytes the binary wrote
    /// before sweeps took laws (Tests/Fixtures/sweep-gradient-flow, from commit e6fe96b).
    @Test func withoutALawNothingChanged() throws {
        let directory = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, arguments) in [("small-two", Self.twoLayer), ("small-deep", Self.deep)] {
            let csv = directory.appendingPathComponent(name + ".csv").path
            let json = try CLI.run(["sweep"] + arguments + ["--json", "--csv", csv])
            #expect(json.status == 0, "\(json.stderr)")
            #expect(Data(json.stdout.utf8) == (try Self.read(Fixtures.path("sweep-gradient-flow/\(name).json"))), "\(name).json")
            #expect(try Self.read(csv) == (try Self.read(Fixtures.path("sweep-gradient-flow/\(name).csv"))), "\(name).csv")
            let table = try CLI.run(["sweep"] + arguments)
            #expect(Data(table.stdout.utf8) == (try Self.read(Fixtures.path("sweep-gradient-flow/\(name).txt"))), "\(name).txt")
        }
    }

    /// Under `--lr-scales 1,2`: every row ends with the law (its η, its formula),
    /// the closed form is the hand value x = 1/4, p = 1 − √3/2 (kaiming_normal,
    /// d = 2, l = 3), the CSV has the law's columns and the table its line.
    @Test func rowsSayWhichLaw() throws {
        let directory = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("law.csv").path
        let arguments = ["sweep", "--scheme", "kaiming_normal,pytorch_default", "--inputs", "2", "--hidden", "3", "--lr-scales", "1,2",
                         "--samples", "200", "--seed", "1", "--teacher", "1/0"]
        let document = try CLI.json(arguments + ["--json", "--csv", csv])
        #expect(document["spec"]?["lr-scales"] == .array([.string("1"), .string("2")]))
        guard case .array(let rows)? = document["rows"], rows.count == 2 else { Issue.record("rows"); return }
        for row in rows {
            guard case .object(let members) = row else { continue }
            #expect(members.last?.0 == "law")
            #expect(row["law"]?["lr_scales"] == .array([.string("1"), .string("2")]) && row["law"]?["name"] == .string("weighted"))
        }
        guard case .number(let p)? = rows[0]["p_pathological"], let value = Double(p) else { Issue.record("p"); return }
        #expect(Swift.abs(value - (1 - 3.0.squareRoot() / 2)) < 1e-15)
        #expect(rows[1]["p_pathological"] == .null)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let header = text.split(separator: "\n")[0]
        #expect(header.hasSuffix(",law,law_formula,lr_scales,multipliers,parameterization,activation_power"))
        #expect(text.split(separator: "\n")[1].hasSuffix(",weighted,c = ‖a‖²/η_h − ‖o‖²/η_{h+1},1 2,,standard,1"))
        let table = try CLI.run(arguments)
        #expect(table.status == 0 && table.stdout.hasPrefix("law: c = ‖a‖²/η_h − ‖o‖²/η_{h+1} (η = 1,2) in every row"))
        // Deep rows too, NTK written out per architecture.
        let deep = try CLI.json(["sweep", "--scheme", "kaiming_normal", "--widths", "2,3,3,1", "--parameterization", "ntk", "--samples", "50", "--json"])
        guard case .array(let deepRows)? = deep["rows"], let first = deepRows.first else { Issue.record("deep rows"); return }
        #expect(first["law"]?["multipliers"] == .array(["1/2", "1/3", "1/3"].map(JSONValue.string)))
        #expect(first["law"]?["parameterization"] == .string("ntk"))
    }

    /// The row's law object has the keys and values of the other commands'
    /// `"law"` (`LawReport`), for the same law and widths.
    @Test func lawObjectIsTheOtherCommandsLaw() throws {
        let laws: [(TrainingLaw, [Int])] = [
            (TrainingLaw(learningRates: [Rational(1), Rational(2)]), [2, 3, 1]),
            (TrainingLaw(parameterization: .ntk), [4, 5, 5, 2]),
            (TrainingLaw(multipliers: [Rational(2), Rational(3), Rational(5)], power: Rational(4), parameterization: .ntk), [3, 2, 2, 1]),
            (TrainingLaw(power: Rational(3)), [2, 2, 1]),
        ]
        for (law, widths) in laws {
            let spec = SweepSpec(schemes: [.kaimingNormal], widths: [widths], samples: [0], seed: 0, law: law)
            let report = try JSONValueEncoder().encode(LawReport(law.resolved(widths: widths), parameterization: law.parameterization))
            #expect(spec.lawJSON(widths: widths) == report, "\(law.formula)")
        }
    }

    /// Shards under a law merge to the bytes of one run; parts of different
    /// laws (or a part with and one without) are refused, naming both laws; a
    /// row whose law was edited is refused.
    @Test func mergeKeepsLawsApart() throws {
        let directory = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let grid = ["sweep", "--scheme", "kaiming_normal,xavier_uniform", "--inputs", "1,3", "--hidden", "2",
                    "--samples", "100", "--seed", "2", "--activation", "relu^2", "--multipliers", "1,1/4", "--json"]
        let full = try CLI.run(grid)
        #expect(full.status == 0, "\(full.stderr)")
        var parts: [String] = []
        for index in [2, 1] {
            let part = try CLI.run(grid + ["--shard", "\(index)/2"])
            try part.stdout.write(toFile: path("p\(index).json"), atomically: true, encoding: .utf8)
            parts.append(path("p\(index).json"))
        }
        let merged = try CLI.run(["sweep", "merge"] + parts + ["--json"])
        #expect(merged.status == 0 && merged.stdout == full.stdout, "\(merged.stderr)")

        let otherLaw = try CLI.run(grid.map { $0 == "relu^2" ? "relu^3" : $0 } + ["--shard", "1/2"])
        try otherLaw.stdout.write(toFile: path("other.json"), atomically: true, encoding: .utf8)
        let mixed = try CLI.run(["sweep", "merge", parts[0], path("other.json")])
        #expect(mixed.status == 3 && mixed.stderr.contains("different training laws") && mixed.stderr.contains("relu^3") && mixed.stderr.contains("relu^2"), "\(mixed.stderr)")
        let plain = try CLI.run(grid.prefix(while: { $0 != "--activation" }) + ["--json", "--shard", "1/2"])
        try plain.stdout.write(toFile: path("plain.json"), atomically: true, encoding: .utf8)
        let plainMixed = try CLI.run(["sweep", "merge", parts[0], path("plain.json")])
        #expect(plainMixed.status == 3 && plainMixed.stderr.contains("plain gradient flow"), "\(plainMixed.stderr)")

        // An edited law in one row of a complete document.
        let edited = full.stdout.replacingOccurrences(of: #""activation_power": "2""#, with: #""activation_power": "3""#)
        #expect(edited != full.stdout)
        try edited.write(toFile: path("edited.json"), atomically: true, encoding: .utf8)
        let refused = try CLI.run(["sweep", "merge", path("edited.json")])
        #expect(refused.status == 3 && refused.stderr.contains("\"law\""), "\(refused.stderr)")
    }

    /// A spec file gives the document of the flags; bad counts and values are
    /// usage errors with flags (exit 2, naming the flag) and bad input in a
    /// file (exit 3, naming the file and the key).
    @Test func specFileAndRefusals() throws {
        let directory = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = directory.appendingPathComponent("s.yaml").path
        try "scheme: kaiming_normal\nwidths: [[2, 3, 3, 1]]\nsamples: 30\nlr-scales: [1, 1/2, 1/4]\nactivation: relu^2\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let fromFile = try CLI.run(["sweep", "--spec", spec, "--json"])
        let fromFlags = try CLI.run(["sweep", "--scheme", "kaiming_normal", "--widths", "2,3,3,1", "--samples", "30", "--lr-scales", "1,0.5,0.25",
                                     "--activation", "relu^2", "--json"])
        #expect(fromFile.status == 0 && fromFile.stdout == fromFlags.stdout, "\(fromFile.stderr)")

        let count = try CLI.run(["sweep", "--scheme", "kaiming_normal", "--widths", "2,3,3,1", "--samples", "30", "--lr-scales", "1,2"])
        #expect(count.status == 2 && count.stderr.contains("--lr-scales: gives 2 value(s)"), "\(count.stderr)")
        let nodes = try CLI.run(["sweep", "--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "3", "--node-scales", "2"])
        #expect(nodes.status == 2 && nodes.stderr.contains("--node-scales:") && nodes.stderr.contains("--multipliers 1,…,1,λ²"), "\(nodes.stderr)")
        let combined = try CLI.run(["sweep", "--spec", spec, "--multipliers", "1,2,3"])
        #expect(combined.status == 2 && combined.stderr.contains("--spec and --multipliers cannot be combined"))
        try "scheme: kaiming_normal\ninputs: 2\nhidden: 3\nmultipliers: [1, 2, 3]\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let badFile = try CLI.run(["sweep", "--spec", spec])
        #expect(badFile.status == 3 && badFile.stderr.contains("s.yaml") && badFile.stderr.contains("key multipliers: gives 3 value(s)"), "\(badFile.stderr)")
    }
}

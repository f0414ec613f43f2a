import Foundation
import Testing
import JSONDocument

@Suite struct VerifyCommandTests {
    /// SPEC §12: `verify --all --json` → {"ok": bool, "checks": [{"name", "ok", …}]}; exit 0 when all held.
    @Test func verifyAllPasses() throws {
        let result = try CLI.run(["verify", "--all", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONValue.parse(Array(result.stdout.utf8))
        #expect(document["ok"] == .bool(true))
        guard case .array(let checks)? = document["checks"] else { Issue.record("no checks"); return }
        // 6 identity (3 deep since issue 15), 3 Lie (the deep count since issue 15), 4 brute (deep locks and pieces since issue 14).
        #expect(checks.count == 13)
        for check in checks {
            #expect(check["ok"] == .bool(true))
            #expect(check["name"] != nil && check["cases"] != nil && check["seconds"] != nil && check["summary"] != nil)
        }
        let names = checks.compactMap { check -> String? in if case .string(let name)? = check["name"] { return name } else { return nil } }
        for name in ["deep conservation identity", "deep gradient-descent drift", "deep gradient against the loss", "conservation laws of deep networks, all data and losses"] {
            #expect(names.contains(name), "\(name)")
        }
        // The deep Lie grid carries its certificates as rows, like the two-layer one.
        guard let deep = checks.first(where: { $0["name"] == .string("conservation laws of deep networks, all data and losses") }),
              case .array(let rows)? = deep["rows"] else { Issue.record("no deep rows"); return }
        let chain = rows.first { $0["widths"] == .array([.number("1"), .number("1"), .number("1"), .number("1")]) && $0["bias"] == .bool(false) }
        #expect(chain?["dimension"] == .number("3") && chain?["conservation_laws"] == .number("2") && chain?["certified"] == .bool(true))
        for row in rows {
            #expect(row["certified"] == .bool(true) && row["laws_orthogonal"] == .bool(true))
            #expect(row["trace_dimension"] != nil && row["verified_laws"] != nil && row["trace_by_depth"] != nil)
        }
    }

    /// `verify lie --widths`: 2→3→3→2→1 has D = 2·3 + 3·3 + 3·2 + 2·1 = 23 and 8 hidden
    /// neurons; one law each, so the trace is 23 − 8 = 15; with hidden biases D = 31, trace 23.
    @Test func verifyLieWidthsCountsOneLawPerHiddenNeuron() throws {
        let document = try CLI.json(["verify", "lie", "--widths", "2,3,3,2,1", "--json"])
        #expect(document["family"] == .string("all data, all losses"))
        #expect(document["dimension"] == .number("23"))
        #expect(document["hidden_neurons"] == .number("8"))
        #expect(document["trace_dimension"] == .number("15"))
        #expect(document["conservation_laws"] == .number("8"))
        #expect(document["certified"] == .bool(true))
        #expect(document["stop"] == .string("rank fixed point"))
        let biased = try CLI.json(["verify", "lie", "--widths", "2,3,3,2,1", "--bias", "--json"])
        #expect(biased["dimension"] == .number("31") && biased["trace_dimension"] == .number("23") && biased["conservation_laws"] == .number("8"))
        // The chain 1→1→1→1: one path, D = 3, trace 1, two laws (docs/THEORY.md §11.2).
        let chain = try CLI.json(["verify", "lie", "--widths", "1,1,1,1", "--depth", "1", "--json"])
        #expect(chain["trace_dimension"] == .number("1") && chain["conservation_laws"] == .number("2") && chain["depth"] == .number("1"))
        let text = try CLI.run(["verify", "lie", "--widths", "2,2,2,1"])
        #expect(text.status == 0 && text.stdout.contains("Certified: the 4 laws are proven"))
    }

    @Test func verifyLieWidthsUsageErrors() throws {
        for bad in ["2,x,1", "2,0,1", "2,1", "", "2,-3,1", "2,,1", "2, 3 ,1.5", "99999999999999999999999,1,1"] {
            let result = try CLI.run(["verify", "lie", "--widths", bad])
            #expect(result.status == 2, "\(bad)")
            #expect(result.stderr.contains("--widths"), "\(bad)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try CLI.run(["verify", "lie", "--widths", "2,2,1", "--inputs", "2"]).status == 2)
        #expect(try CLI.run(["verify", "lie", "--widths", "2,2,1", "--outputs", "2"]).status == 2)
        #expect(try CLI.run(["verify", "identity", "--widths", "2,2,1"]).status == 2)
        #expect(try CLI.run(["verify", "lie", "--depth", "2"]).status == 2)
        #expect(try CLI.run(["verify", "lie", "--widths", "2,2,1", "--depth", "0"]).status == 2)
        let huge = try CLI.run(["verify", "lie", "--widths", "30,30,30,30,1"])
        #expect(huge.status == 2 && huge.stderr.contains("paths"))
    }

    /// SPEC §12: `verify lie --inputs d --hidden l [--outputs e] --json` → dimension, trace_dimension, conservation_laws = D − r.
    @Test func verifyLieGivesLLaws() throws {
        let document = try CLI.json(["verify", "lie", "--inputs", "4", "--hidden", "3", "--outputs", "2", "--json"])
        #expect(document["dimension"] == .number("18"))
        #expect(document["trace_dimension"] == .number("15"))
        #expect(document["conservation_laws"] == .number("3"))
        #expect(document["lie_algebra_dimension"] == .number("45"))   // 3 · dim so(4, 2) = 3 · 15
        #expect(document["certified"] == .bool(true))
    }

    /// The given-data family from files: data CSV and an exact point.
    @Test func verifyLieOnGivenDataAndPoint() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data.csv").path
        try "x1,x2,y\n1,2,0\n2,1,1\n3,3,0\n1,4,1\n".write(toFile: data, atomically: true, encoding: .utf8)
        // Two neurons active on every point (positive weights): linear count l(l+1)/2 = 3; plus one dead neuron: + (m + e) = 3.
        let point = directory.appendingPathComponent("point.json").path
        try #"{"W1": [[1, 1], [2, 1], [-1, -1]], "W2": [[1, -2, 3]]}"#.write(toFile: point, atomically: true, encoding: .utf8)
        let document = try CLI.json(["verify", "lie", "--data", data, "--target", "y", "--point", point, "--json"])
        #expect(document["family"] == .string("given data and point"))
        #expect(document["conservation_laws"] == .number("6"))
        #expect(document["dead_neurons"] == .number("1"))
        #expect(document["certified"] == .bool(true))
    }

    @Test func usageErrors() throws {
        #expect(try CLI.run(["verify", "proofs"]).status == 2)
        #expect(try CLI.run(["verify", "lie", "--inputs", "3"]).status == 2)
        #expect(try CLI.run(["verify", "brute", "--inputs", "3", "--hidden", "2"]).status == 2)
        let missing = try CLI.run(["verify", "lie", "--data", "/nonexistent.csv", "--hidden", "2"])
        #expect(missing.status == 3)
    }
}

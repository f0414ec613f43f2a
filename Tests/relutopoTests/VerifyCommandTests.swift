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
        #expect(checks.count == 9)   // 3 identity, 2 Lie, 4 brute (deep locks and deep pieces since issue 14)
        for check in checks {
            #expect(check["ok"] == .bool(true))
            #expect(check["name"] != nil && check["cases"] != nil && check["seconds"] != nil && check["summary"] != nil)
        }
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

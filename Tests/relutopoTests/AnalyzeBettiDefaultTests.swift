import Foundation
import Testing
import ReluNetwork
import TestSupport

/// `analyze --json` writes dense Betti lists only with `--betti dense` (SPEC §12),
/// and no default output is quadratic in the width.
@Suite struct AnalyzeBettiDefaultTests {
    /// fool64 by hand (see CLITests.contractKeysAndValues): topological
    /// P = 2^2 (1 + t^2)^3 → non-zero β0 = 4, β2 = 12, β4 = 12, β6 = 4.
    @Test func defaultIsSparse() throws {
        let document = try CLI.json(["analyze", Fixtures.path("models/fool64"), "--json"])
        #expect(document["betti"] == nil)
        #expect(document["betti_nonzero"]?["topological"] == .object([("0", .string("4")), ("2", .string("12")), ("4", .string("12")), ("6", .string("4"))]))
        #expect(document["poincare_polynomial"]?["topological"] != nil)
        #expect(document["betti_nonzero_omitted"] == nil)
        let explicit = try CLI.json(["analyze", Fixtures.path("models/fool64"), "--json", "--betti", "sparse"])
        #expect(explicit == document)
        let none = try CLI.json(["analyze", Fixtures.path("models/fool64"), "--json", "--betti", "none"])
        #expect(none["betti"] == nil && none["betti_nonzero"] == nil)
    }

    /// l = 8000 neurons with a = (1, 0), v = 1/2: c = 3/4 > 0, m = 2, e = 1, so
    /// P = (1 + t)^8000 — 8001 Betti numbers C(8000, k) of up to 2407 digits
    /// (≈ 1.9·10⁷ digits as bounded: 8001 × (8000·log₁₀2 + 1)), past the default cap.
    @Test func hugeBettiListsAreOmittedByDefault() throws {
        let rows = Array(repeating: "[1, 0]", count: 8000).joined(separator: ",")
        let outputs = Array(repeating: "0.5", count: 8000).joined(separator: ",")
        let model = try writeJSON("{\"W1\": [\(rows)], \"W2\": [[\(outputs)]]}")
        let document = try CLI.json(["analyze", model, "--json"])
        #expect(document["betti_nonzero"] == .null)
        #expect(document["betti_nonzero_omitted"]?["estimated_terms"]?["topological"] == .string("8001"))
        #expect(document["betti_nonzero_omitted"]?["top_degree"]?["topological"] == .number("8000"))
        #expect(document["poincare_polynomial"]?["topological"] == .string("(1 + t)^8000"))
        #expect(document["components"]?["topological"] == .string("1"))
        // Asked for explicitly, they are written: β1 = C(8000, 1) = 8000, β8000 = 1.
        let sparse = try CLI.json(["analyze", model, "--json", "--betti", "sparse"])
        #expect(sparse["betti_nonzero"]?["topological"]?["1"] == .string("8000"))
        #expect(sparse["betti_nonzero"]?["topological"]?["8000"] == .string("1"))
        #expect(sparse["betti_nonzero_omitted"] == nil)
        // The text report (--verbose shows Betti numbers) does not expand them either: β0 = 1 and the top β8000 = 1.
        let text = try CLI.run(["analyze", model, "--verbose"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("β0 = 1, top β8000 = 1; up to 8001 non-zero"))
        #expect(text.stdout.contains("not expanded"))
    }
}

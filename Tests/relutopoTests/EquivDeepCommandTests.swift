import Foundation
import Testing
import JSONDocument
import TestSupport

/// `equiv` on networks with two or more hidden layers through the command line
/// (SPEC §12, §13.6): `--tolerance ε` aligns them layer by layer and says it is a
/// heuristic; zero-input neurons are decided exactly; A and B of different
/// depths or widths are bad input (exit 3); a bad tolerance is a usage error (exit 2).
@Suite struct EquivDeepCommandTests {
    /// 2 → 2 → 2 → 1 with biases b1; B: hidden neuron (1, 0) scaled by 4 (row ×4, column ÷4)
    /// and layer 2 swapped. By hand, α₁ = (4, 1), π₂ = (1, 0), every distance 0 (powers of two).
    static let a = #"{"W1": [[1, 2], [3, -1]], "b1": [1, 0], "W2": [[1, 1], [2, -1]], "W3": [[1, -2]]}"#
    static let b = #"{"W1": [[4, 8], [3, -1]], "b1": [4, 0], "W2": [[0.5, -1], [0.25, 1]], "W3": [[-2, 1]]}"#

    @Test func toleranceAlignsDeepNetworks() throws {
        let a = try writeJSON(Self.a), b = try writeJSON(Self.b)
        let report = try CLI.json(["equiv", a, b, "--tolerance", "1e-9", "--json"])
        #expect(report["equivalent"] == .bool(true))
        #expect(report["mode"] == .string("tolerance") && report["method"] == .string("heuristic alignment"))
        if case .string(let note)? = report["note"] { #expect(note.contains("not an exact decision") && note.contains("Git Re-Basin")) } else { Issue.record("no note") }
        #expect(report["max_relative_distance"] == .number("0.0") && report["worst"] == .null)
        guard case .array(let layers)? = report["certificate"]?["layers"], layers.count == 2 else { Issue.record("no layers"); return }
        #expect(layers[0]["permutation"] == .array([.number("0"), .number("1")]))
        #expect(layers[0]["alpha"] == .array([.number("4.0"), .number("1.0")]))
        #expect(layers[1]["permutation"] == .array([.number("1"), .number("0")]))
        #expect(report["certificate"]?["output_bias_relative_distance"] == .number("0.0"))
        let text = try CLI.run(["equiv", a, b, "--tolerance", "1e-9"])
        #expect(text.status == 0 && text.stdout.hasPrefix("equivalent within relative distance 1e-09"))
        #expect(text.stdout.contains("heuristic") && text.stdout.contains("docs/THEORY.md §13.6"))
        #expect(try CLI.run(["equiv", a, b, "--tolerance", "1e-9", "--exit-status"]).status == 0)
    }

    /// One output weight differs (W3 = (1, −3) against (1, −2)): its relative
    /// distance lands in the last hidden layer's rows, so not equivalent at
    /// ε = 0.01, named in hidden layer 2; with --exit-status, 1. At ε = 1 it is
    /// "equivalent" (distances are at most 2), the largest distance named in
    /// layer 2 and layer 1 at distance 0.
    @Test func aChangedOutputWeightIsNamedInTheLastHiddenLayer() throws {
        let a = try writeJSON(Self.a)
        let c = try writeJSON(#"{"W1": [[1, 2], [3, -1]], "b1": [1, 0], "W2": [[1, 1], [2, -1]], "W3": [[1, -3]]}"#)
        let report = try CLI.json(["equiv", a, c, "--tolerance", "0.01", "--json"])
        #expect(report["equivalent"] == .bool(false))
        #expect(report["mismatch"]?["layer"] == .number("2"))
        #expect(try CLI.run(["equiv", a, c, "--tolerance", "0.01", "--exit-status"]).status == 1)
        let loose = try CLI.json(["equiv", a, c, "--tolerance", "1", "--json"])
        #expect(loose["equivalent"] == .bool(true) && loose["worst"]?["layer"] == .number("2"))
        #expect(loose["certificate"]?["layers"].map { layers in
            if case .array(let list) = layers { return list[0]["max_relative_distance"] == .number("0.0") }
            return false
        } == true)
    }

    /// Different widths or depths: exit 3, one line naming B and both width lists,
    /// exact or not, with one hidden layer or more.
    @Test func differentShapesAreBadInput() throws {
        let a = try writeJSON(Self.a)
        let wider = try writeJSON(#"{"W1": [[1, 2], [3, -1], [1, 1]], "W2": [[1, 1, 1], [2, -1, 0]], "W3": [[1, -2]]}"#)
        let shallow = try writeJSON(#"{"W1": [[1, 2], [3, -1]], "W2": [[1, 1]]}"#)
        let shallowWide = try writeJSON(#"{"W1": [[1, 2], [3, -1], [0, 1]], "W2": [[1, 1, 1]]}"#)
        for (first, second) in [(a, wider), (a, shallow), (shallow, a), (shallow, shallowWide)] {
            for extra in [[], ["--tolerance", "0.1"], ["--json"]] {
                let result = try CLI.run(["equiv", first, second] + extra)
                #expect(result.status == 3, "\(first) \(second) \(extra)")
                #expect(result.stderr.split(separator: "\n").count == 1)
                #expect(result.stderr.contains(second) && result.stderr.contains("widths"))
            }
        }
    }

    /// --tolerance must be a finite number ≥ 0: NaN, −1, inf are usage errors (exit 2) on deep models too.
    @Test func badToleranceIsAUsageError() throws {
        let a = try writeJSON(Self.a)
        for value in ["nan", "-1", "inf", "-0.5e-3"] {
            let result = try CLI.run(["equiv", a, a, "--tolerance", value])
            #expect(result.status == 2, "\(value)")
            #expect(result.stderr.contains("--tolerance"))
        }
    }

    /// Exact equiv with zero-input neurons below the last hidden layer: B has them
    /// swapped and rescaled (columns (1, 4) ↦ (1/2, 2), (2, −1) ↦ (6, −3)):
    /// equivalent with α = 2 and 1/3; a negated column is not equivalent.
    @Test func deadNeuronsAreDecidedExactly() throws {
        let a = try writeJSON(#"{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[1, 2, 3], [4, -1, 5]], "W3": [[1, -2]]}"#)
        let b = try writeJSON(#"{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[6, 0.5, 3], [-3, 2, 5]], "W3": [[1, -2]]}"#)
        let report = try CLI.json(["equiv", a, b, "--json"])
        #expect(report["equivalent"] == .bool(true))
        if case .array(let layers)? = report["certificate"] {
            #expect(layers[0]["permutation"] == .array([.number("1"), .number("0"), .number("2")]))
            #expect(layers[0]["alphas"] == .array([.string("2"), .string("1/3"), .string("1")]))
        } else { Issue.record("no certificate") }
        let c = try writeJSON(#"{"W1": [[0, 0], [0, 0], [1, 2]], "b1": [0, 0, 1], "W2": [[-6, 0.5, 3], [3, 2, 5]], "W3": [[1, -2]]}"#)
        let negated = try CLI.run(["equiv", a, c, "--exit-status"])
        #expect(negated.status == 1 && negated.stdout.contains("positive multiple"))
        // The same pair within a tolerance: aligned, the dead neurons' scales recovered.
        let approximate = try CLI.json(["equiv", a, b, "--tolerance", "1e-12", "--json"])
        #expect(approximate["equivalent"] == .bool(true))
        if case .array(let layers)? = approximate["certificate"]?["layers"] {
            #expect(layers[0]["permutation"] == .array([.number("1"), .number("0"), .number("2")]))
            #expect(layers[0]["alpha"] == .array([.number("2.0"), .number("0.3333333333333333"), .number("1.0")]))
        } else { Issue.record("no certificate") }
    }
}

import JSONDocument
@testable import ProofChecks
@testable import Symmetry
import Testing
@testable import relutopo

/// Each report encodes to SPEC §12's keys in declaration order: `null` where a
/// value is absent, and keys that do not apply left out.
@Suite struct ReportEncodingTests {
    static func text(_ report: some Encodable) throws -> String {
        try JSONValueEncoder().encode(report).serialized()
    }

    static func analysis(keys: AnalyzeReport.Keys?, bettiNonzero: PerReading<JSONValue>?, omitted: AnalyzeReport.OmittedBetti?,
                         betti: PerReading<JSONValue>? = nil) -> AnalyzeReport {
        AnalyzeReport(
            source: "m.npz", keys: keys,
            shape: .init(inputs: 2, hidden: 1, outputs: 1, hiddenBias: true, outputBias: false, inputSideDimension: 3),
            activation: "relu",
            neurons: [.init(index: 0, c: "-3/4", cApprox: -0.75, sign: -1, quadric: "R^3×S^0", locked: "output",
                            lockedDynamical: "output", atApex: false, label: "-", labelDynamical: "-"),
                      .init(index: 1, c: "1/0", cApprox: .infinity, sign: 0, quadric: "cone", locked: "none",
                            lockedDynamical: "both", atApex: true, label: "", labelDynamical: "0")],
            signCounts: .init(positive: 0, negative: 1, zero: 1, apex: 1), pathologicalNeurons: 1,
            components: PerReading(topological: "2", dynamical: "4"),
            effectiveComponents: PerReading(topological: "2", dynamical: "3"),
            effectiveComponentsRule: PerReading(topological: "t", dynamical: "d"),
            betti: betti, bettiNonzero: bettiNonzero, bettiNonzeroOmitted: omitted,
            poincarePolynomial: PerReading(topological: "2", dynamical: "2^2"),
            eulerCharacteristic: PerReading(topological: "2", dynamical: "4"),
            label: PerReading(topological: "-", dynamical: "-0"))
    }

    /// Keys written, `b1` null, Betti numbers omitted for their size:
    /// `betti_nonzero` null and `betti_nonzero_omitted` in its place; no `betti`.
    @Test func analyzeReportWithOmittedBetti() throws {
        let report = Self.analysis(
            keys: .init(inputWeights: "fc1.weight", hiddenBias: nil, outputWeights: "fc2.weight", outputBias: "fc2.bias", autoDetected: true),
            bettiNonzero: nil,
            omitted: .init(reason: "large", estimatedTerms: PerReading(topological: "8001", dynamical: "8002"),
                           estimatedDigits: PerReading(topological: "1.9e+07", dynamical: "2e+07"),
                           topDegree: PerReading(topological: 8000, dynamical: 8001)))
        #expect(try Self.text(report) == """
            {
              "source": "m.npz",
              "keys": {"W1": "fc1.weight", "b1": null, "W2": "fc2.weight", "b2": "fc2.bias", "auto_detected": true},
              "shape": {"inputs": 2, "hidden": 1, "outputs": 1, "hidden_bias": true, "output_bias": false, "input_side_dimension": 3},
              "activation": "relu",
              "neurons": [
                {"index": 0, "c": "-3/4", "c_approx": -0.75, "sign": -1, "quadric": "R^3×S^0", "locked": "output", "locked_dynamical": "output", "at_apex": false, "label": "-", "label_dynamical": "-"},
                {"index": 1, "c": "1/0", "c_approx": null, "sign": 0, "quadric": "cone", "locked": "none", "locked_dynamical": "both", "at_apex": true, "label": "", "label_dynamical": "0"}
              ],
              "sign_counts": {"positive": 0, "negative": 1, "zero": 1, "apex": 1},
              "pathological_neurons": 1,
              "components": {"topological": "2", "dynamical": "4"},
              "effective_components": {"topological": "2", "dynamical": "3"},
              "effective_components_rule": {"topological": "t", "dynamical": "d"},
              "betti_nonzero": null,
              "betti_nonzero_omitted": {
                "reason": "large",
                "estimated_terms": {"topological": "8001", "dynamical": "8002"},
                "estimated_digits": {"topological": "1.9e+07", "dynamical": "2e+07"},
                "top_degree": {"topological": 8000, "dynamical": 8001}
              },
              "poincare_polynomial": {"topological": "2", "dynamical": "2^2"},
              "euler_characteristic": {"topological": "2", "dynamical": "4"},
              "label": {"topological": "-", "dynamical": "-0"}
            }
            """)
    }

    /// No keys (model JSON), dense and sparse Betti numbers, nothing omitted.
    @Test func analyzeReportWithDenseBetti() throws {
        let report = Self.analysis(
            keys: nil,
            bettiNonzero: PerReading(topological: .object([("0", .string("2"))]), dynamical: .object([("0", .string("2")), ("2", .string("2"))])),
            omitted: nil,
            betti: PerReading(topological: AnalyzeReport.denseBetti([(0, "2")]), dynamical: AnalyzeReport.denseBetti([(0, "2"), (2, "2")])))
        let text = try Self.text(report)
        #expect(!text.contains("\"keys\"") && !text.contains("betti_nonzero_omitted"))
        #expect(text.contains("""
              "effective_components_rule": {"topological": "t", "dynamical": "d"},
              "betti": {
                "topological": ["2"],
                "dynamical": ["2", "0", "2"]
              },
              "betti_nonzero": {
                "topological": {"0": "2"},
                "dynamical": {"0": "2", "2": "2"}
              },
              "poincare_polynomial":
            """))
    }

    /// Exact mode: no `tolerance` key; the certificate's α are rational strings, re-checked.
    @Test func equivReportExact() throws {
        let report = EquivReport(a: "a.json", b: "b.json", mode: .exact, tolerance: nil, equivalent: true,
                                 certificate: .exact(.init(permutation: [1, 0], alpha: ["2", "1/2"])))
        #expect(try Self.text(report) == """
            {
              "a": "a.json",
              "b": "b.json",
              "mode": "exact",
              "equivalent": true,
              "certificate": {
                "permutation": [1, 0],
                "alpha": ["2", "1/2"],
                "verified": true
              }
            }
            """)
        let mismatch = EquivReport(a: "a.json", b: "b.json", mode: .exact, tolerance: nil, equivalent: false,
                                   certificate: .exactMismatch(.init(unmatchedNeuron: nil, reason: "shapes differ")))
        #expect(try Self.text(mismatch).contains(#""certificate": {"unmatched_neuron": null, "reason": "shapes differ"}"#))
    }

    /// Tolerance mode: `tolerance` written; α are JSON numbers that may lie outside binary64.
    @Test func equivReportWithinTolerance() throws {
        let report = EquivReport(a: "a.json", b: "b.json", mode: .tolerance, tolerance: 0.1, equivalent: true,
                                 certificate: .approximate(.init(permutation: [0], alpha: [.number("3.141592654e400")], relativeDistance: [0.0625],
                                                                 outputBiasRelativeDistance: 0, maxRelativeDistance: 0.0625)))
        #expect(try Self.text(report) == """
            {
              "a": "a.json",
              "b": "b.json",
              "mode": "tolerance",
              "tolerance": 0.1,
              "equivalent": true,
              "certificate": {
                "permutation": [0],
                "alpha": [3.141592654e400],
                "relative_distance": [0.0625],
                "output_bias_relative_distance": 0.0,
                "max_relative_distance": 0.0625
              }
            }
            """)
    }

    /// An unmatched neuron has its nearest distance and no `output_bias_relative_distance`;
    /// differing output biases have theirs and null for the neuron.
    @Test func equivReportMismatchWithinTolerance() throws {
        func certificate(_ mismatch: EquivReport.ApproximateMismatch) throws -> String {
            try Self.text(EquivReport(a: "a", b: "b", mode: .tolerance, tolerance: 0, equivalent: false, certificate: .approximateMismatch(mismatch)))
        }
        #expect(try certificate(.init(unmatchedNeuron: 3, nearestRelativeDistance: 0.5, outputBiasRelativeDistance: nil, reason: "r")).contains(
            #""certificate": {"unmatched_neuron": 3, "nearest_relative_distance": 0.5, "reason": "r"}"#))
        #expect(try certificate(.init(unmatchedNeuron: nil, nearestRelativeDistance: nil, outputBiasRelativeDistance: 0.25, reason: "β")).contains(
            #""certificate": {"unmatched_neuron": null, "nearest_relative_distance": null, "output_bias_relative_distance": 0.25, "reason": "β"}"#))
    }

    /// A reachable teacher: inequality, the slots (`alpha_squared_pqr` null for a
    /// rational α²), `verified`; counts by SPEC §12's names.
    @Test func teacherObstructionReport() throws {
        let report = TeacherObstructionReport(
            verdict: .reachable,
            counts: ObstructionCounts(pPlus: 1, pMinus: 2, free: 3, nPlus: 4, nMinus: 5),
            certificate: .init(
                inequality: .init(left: 1, right: 3, holds: true),
                assignment: [
                    .init(slot: 0, occupant: "teacher 0", alphaSquared: "1 + 1/2·√5", alphaSquaredPqr: .init(p: "2", q: "5", r: "2"),
                          alphaSquaredRational: "1", alphaSquaredSqrtCoefficient: "1/2", alphaSquaredRadicand: "5",
                          alphaSquaredApprox: 2.118033988749895, verified: true),
                    .init(slot: 1, occupant: "null", alphaSquared: "1", alphaSquaredPqr: nil, alphaSquaredRational: "1",
                          alphaSquaredSqrtCoefficient: "0", alphaSquaredRadicand: "0", alphaSquaredApprox: 1, verified: true),
                ],
                verified: true, explanation: "fits"),
            notes: ["n"])
        #expect(try Self.text(report) == """
            {
              "verdict": "reachable",
              "reading": "dynamical",
              "counts": {"p_plus": 1, "p_minus": 2, "free": 3, "n_plus": 4, "n_minus": 5},
              "certificate": {
                "inequality": {"statement": "max(0, n_plus - p_plus) + max(0, n_minus - p_minus) <= free", "left": 1, "right": 3, "holds": true},
                "assignment": [
                  {
                    "slot": 0,
                    "occupant": "teacher 0",
                    "alpha_squared": "1 + 1/2·√5",
                    "alpha_squared_pqr": {"p": "2", "q": "5", "r": "2"},
                    "alpha_squared_rational": "1",
                    "alpha_squared_sqrt_coefficient": "1/2",
                    "alpha_squared_radicand": "5",
                    "alpha_squared_approx": 2.118033988749895,
                    "verified": true
                  },
                  {"slot": 1, "occupant": "null", "alpha_squared": "1", "alpha_squared_pqr": null, "alpha_squared_rational": "1", "alpha_squared_sqrt_coefficient": "0", "alpha_squared_radicand": "0", "alpha_squared_approx": 1.0, "verified": true}
                ],
                "verified": true,
                "explanation": "fits"
              },
              "notes": ["n"]
            }
            """)
    }

    /// Unknown for e > 1: counts null; the certificate has only the explanation.
    @Test func teacherObstructionReportUnknown() throws {
        let report = TeacherObstructionReport(verdict: .unknown, counts: nil,
                                              certificate: .init(inequality: nil, assignment: nil, verified: nil, explanation: "e = 2"), notes: [])
        #expect(try Self.text(report) == """
            {
              "verdict": "unknown",
              "reading": "dynamical",
              "counts": null,
              "certificate": {"explanation": "e = 2"},
              "notes": []
            }
            """)
    }

    /// Counts are always null; absent sign and bound are null.
    @Test func dataObstructionReport() throws {
        let report = DataObstructionReport(verdict: .unknown, certificate: .init(loss: .bce, samples: 3, lockedOutputSign: nil, lowerBound: nil, explanation: "free"))
        #expect(try Self.text(report) == """
            {
              "verdict": "unknown",
              "counts": null,
              "certificate": {"loss": "bce", "samples": 3, "locked_output_sign": null, "lower_bound": null, "explanation": "free", "convex_fit": null}
            }
            """)
        let obstructed = DataObstructionReport(verdict: .obstructed, certificate: .init(loss: .mse, samples: 3, lockedOutputSign: -1, lowerBound: "5/3", explanation: "x"))
        #expect(try Self.text(obstructed).contains(#""locked_output_sign": -1, "lower_bound": "5/3""#))
    }

    @Test func repairReport() throws {
        let report = RepairReport(input: "in.json", output: "out.json", format: "json", rescaledNeurons: 1, exponents: [0, 2],
                                  unrepairableNeurons: [], componentsBefore: PerReading(topological: "2", dynamical: "2"),
                                  componentsAfter: PerReading(topological: "1", dynamical: "1"), maxAbsChangeF: 0,
                                  changeMeasuredOn: "64 random inputs", notes: [])
        #expect(try Self.text(report) == """
            {
              "input": "in.json",
              "output": "out.json",
              "format": "json",
              "rescaled_neurons": 1,
              "exponents": [0, 2],
              "unrepairable_neurons": [],
              "components_before": {"topological": "2", "dynamical": "2"},
              "components_after": {"topological": "1", "dynamical": "1"},
              "verified": true,
              "max_abs_change_f": 0.0,
              "change_measured_on": "64 random inputs",
              "notes": []
            }
            """)
    }

    /// The suite: `ok`, the checks (`spec` for the section, no `rows` when there are none), time, version.
    @Test func verifyReport() throws {
        let check = CheckResult(name: "identity", specSection: "§2", ok: false, cases: 2, summary: "s", failures: ["case 1"], seconds: 0.5)
        let report = VerifyReport(ok: false, checks: [check], seconds: 1.25, relutopo: "0.1.0")
        #expect(try Self.text(report) == """
            {
              "ok": false,
              "checks": [
                {
                  "name": "identity",
                  "spec": "§2",
                  "ok": false,
                  "cases": 2,
                  "summary": "s",
                  "failures": ["case 1"],
                  "seconds": 0.5
                }
              ],
              "seconds": 1.25,
              "relutopo": "0.1.0"
            }
            """)
    }

    /// The demo embeds the analysis report as a member.
    @Test func demoReport() throws {
        let analysis = Self.analysis(keys: nil, bettiNonzero: PerReading(topological: .object([]), dynamical: .object([])), omitted: nil)
        let report = DemoReport(model: "{\"W1\": [[1]]}", teacher: "relu(x1)", analysis: analysis, explanation: ["a", "b"])
        let text = try Self.text(report)
        #expect(text.hasPrefix("""
            {
              "model": "{\\"W1\\": [[1]]}",
              "teacher": "relu(x1)",
              "analysis": {
                "source": "m.npz",
                "shape":
            """))
        #expect(text.hasSuffix("""
                "label": {"topological": "-", "dynamical": "-0"}
              },
              "explanation": ["a", "b"]
            }
            """))
    }
}

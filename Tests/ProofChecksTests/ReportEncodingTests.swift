import JSONDocument
@testable import ProofChecks
import Testing

/// `verify lie --json` and `verify --json`'s checks: SPEC §12's keys in order;
/// the given-data fields and a check's `rows` are left out where they do not apply.
@Suite struct ConservationLawReportEncodingTests {
    static func report(samples: Int?, classes: Int?, dead: Int?) -> ConservationLawReport {
        ConservationLawReport(family: samples == nil ? .allData : .givenData, inputs: 2, hidden: 3, outputs: 1, hiddenBias: true,
                              samples: samples, dimension: 12, generators: 9, lieAlgebraDimension: 30, traceDimension: 9,
                              conservationLaws: 3, verifiedLaws: 2, levels: 2, brackets: 40,
                              activationClasses: classes, deadNeurons: dead, seconds: 0.25)
    }

    static func text(_ value: some Encodable) throws -> String {
        try JSONValueEncoder().encode(value).serialized()
    }

    @Test func allDataFamilyLeavesOutTheDataFields() throws {
        #expect(try Self.text(Self.report(samples: nil, classes: nil, dead: nil)) == """
            {
              "family": "all data, all losses",
              "inputs": 2,
              "hidden": 3,
              "outputs": 1,
              "bias": true,
              "dimension": 12,
              "generators": 9,
              "lie_algebra_dimension": 30,
              "trace_dimension": 9,
              "conservation_laws": 3,
              "verified_laws": 2,
              "certified": false,
              "levels": 2,
              "brackets": 40,
              "prime": "2^61-1",
              "seconds": 0.25
            }
            """)
    }

    @Test func givenDataFamilyWritesThem() throws {
        #expect(try Self.text(Self.report(samples: 5, classes: 3, dead: 0)) == """
            {
              "family": "given data and point",
              "inputs": 2,
              "hidden": 3,
              "outputs": 1,
              "bias": true,
              "samples": 5,
              "dimension": 12,
              "generators": 9,
              "lie_algebra_dimension": 30,
              "trace_dimension": 9,
              "conservation_laws": 3,
              "verified_laws": 2,
              "certified": false,
              "levels": 2,
              "brackets": 40,
              "activation_classes": 3,
              "dead_neurons": 0,
              "prime": "2^61-1",
              "seconds": 0.25
            }
            """)
    }

    @Test func checkResultRowsOnlyWhenThereAreSome() throws {
        var check = CheckResult(name: "lie", specSection: "§11.2", ok: true, cases: 1, summary: "s", failures: [], seconds: 2)
        let withoutRows = """
            {
              "name": "lie",
              "spec": "§11.2",
              "ok": true,
              "cases": 1,
              "summary": "s",
              "failures": [],
              "seconds": 2.0
            """
        #expect(try Self.text(check) == withoutRows + "\n}")
        check.rows = [Self.report(samples: nil, classes: nil, dead: nil)]
        let text = try Self.text(check)
        #expect(text.hasPrefix(withoutRows + ",\n  \"rows\": [\n    {\n      \"family\": \"all data, all losses\",\n"))
        #expect(text.hasSuffix("      \"seconds\": 0.25\n    }\n  ]\n}"))
    }
}

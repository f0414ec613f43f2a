import Foundation
import JSONDocument
import Testing
@testable import InitSweeps

/// `widths` in flags and spec files (SPEC §13.9), its rows, and `sweep merge` of deep rows.
@Suite struct DeepSweepSpecTests {
    static func spec(_ values: [String: String], file: String? = nil) throws(SweepSpecError) -> SweepSpec {
        try SweepParameters(values: values).spec(file: file)
    }

    static func error(_ values: [String: String], file: String? = nil) -> SweepSpecError? {
        do { _ = try spec(values, file: file); return nil } catch { return error }
    }

    static func parse(_ text: String, name: String) throws -> SweepSpec {
        try SweepParameters.parse(Array(text.utf8), file: name).spec(file: name)
    }

    /// Every form of a spec file gives the same widths as the flags.
    @Test func specFileFormsAgreeWithFlags() throws {
        let flags = try Self.spec(["scheme": "kaiming_normal", "widths": "784,256,256,1;3,4,1", "samples": "10"])
        #expect(flags.widths == [[784, 256, 256, 1], [3, 4, 1]] && flags.inputs.isEmpty && flags.hidden.isEmpty)
        let forms = [
            ("a.json", #"{"scheme": "kaiming_normal", "widths": [[784, 256, 256, 1], [3, 4, 1]], "samples": 10}"#),
            ("b.json", #"{"scheme": "kaiming_normal", "widths": ["784,256,256,1", "3, 4, 1"], "samples": 10}"#),
            ("c.yaml", "scheme: kaiming_normal\nwidths: [[784, 256, 256, 1], [3, 4, 1]]\nsamples: 10\n"),
            ("d.yaml", "scheme: kaiming_normal\nwidths:\n  - [784, 256, 256, 1]\n  - 3, 4, 1\nsamples: 10\n"),
        ]
        for (name, text) in forms {
            #expect(try Self.parse(text, name: name) == flags, "\(name)")
        }
        // One architecture: a flat list or a scalar.
        let one = try Self.spec(["scheme": "kaiming_normal", "widths": "2,3,3,1", "samples": "10"])
        #expect(try Self.parse(#"{"scheme": "kaiming_normal", "widths": [2, 3, 3, 1], "samples": 10}"#, name: "e.json") == one)
        #expect(try Self.parse("scheme: kaiming_normal\nwidths: [2, 3, 3, 1]\nsamples: 10\n", name: "f.yaml") == one)
        #expect(try Self.parse("scheme: kaiming_normal\nwidths: 2,3,3,1\nsamples: 10\n", name: "g.yaml") == one)
        // The document's spec is written back in the form relutopo reads.
        #expect(flags.json["widths"] == .array([.array([784, 256, 256, 1].map(JSONValue.integer)), .array([3, 4, 1].map(JSONValue.integer))]))
        #expect(flags.json["inputs"] == nil)
    }

    /// Bad widths name the key and say what is wrong.
    @Test func badWidthsAreRefused() throws {
        let base = ["scheme": "kaiming_normal", "samples": "10"]
        let cases: [(String, String, String)] = [
            ("3,1", "widths", "has 2 widths"),
            ("3", "widths", "has 1 width"),
            ("3,0,1", "widths", "0 is zero"),
            ("-3,2,1", "widths", "-3 is negative"),
            ("3,2000000,1", "widths", "is too large"),
            ("3,x,1", "widths", "'x' is not an integer"),
            ("3,4,1;", "widths", "is not an integer"),
            ("3,,1", "widths", "is not an integer"),
        ]
        for (widths, key, text) in cases {
            let error = try #require(Self.error(base.merging(["widths": widths]) { $1 }), "\(widths) accepted")
            #expect(error.key == key && error.reason.contains(text), "\(widths): \(error)")
            #expect(error.description.hasPrefix("--widths: "), "\(error.description)")
        }
        for other in ["inputs", "hidden", "outputs"] {
            let error = try #require(Self.error(base.merging(["widths": "3,4,4,1", other: "2"]) { $1 }))
            #expect(error.description == "--widths: cannot be combined with --\(other) (widths lists d, the hidden widths and e)")
            let fromFile = try #require(Self.error(base.merging(["widths": "3,4,4,1", other: "2"]) { $1 }, file: "s.yaml"))
            #expect(fromFile.description.hasPrefix("s.yaml: key widths: cannot be combined with \(other)"))
        }
        // Teachers: two-layer widths only.
        #expect(try Self.spec(base.merging(["widths": "3,4,1", "teacher": "1/0"]) { $1 }).teachers.count == 1)
        #expect(Self.error(base.merging(["widths": "3,4,1;3,4,4,1", "teacher": "1/0"]) { $1 })?.key == "teacher")
        // Monte Carlo holds one W_h per thread: refused past 2^27 entries, closed forms alone run.
        let huge = base.merging(["widths": "784,100000,100000,1"]) { $1 }
        let memory = try #require(Self.error(huge))
        #expect(memory.key == "widths" && memory.reason.contains("W2 (100000 × 100000 entries)") && memory.reason.contains("samples 0"))
        #expect(try Self.spec(huge.merging(["samples": "0"]) { $1 }).cells.count == 1)
        // Spec-file shapes that are not architectures.
        for text in [#"{"scheme": "kaiming_normal", "widths": [[[3, 4, 1]]]}"#, #"{"scheme": "kaiming_normal", "widths": [[3, "4", 1]]}"#,
                     #"{"scheme": "kaiming_normal", "widths": {"a": 1}}"#, #"{"scheme": "kaiming_normal", "widths": []}"#,
                     #"{"scheme": "kaiming_normal", "widths": [[3, 4.5, 1]]}"#] {
            #expect(throws: SweepSpecError.self, "\(text)") { _ = try Self.parse(text, name: "bad.json") }
        }
        // A grid past the cap, from the list lengths.
        let many = Array(repeating: "2,2,2,1", count: 1 << 18).joined(separator: ";")
        #expect(Self.error(["scheme": "kaiming_normal,xavier_normal,kaiming_uniform,xavier_uniform,pytorch_default", "widths": many, "samples": "0"])?.key == "widths")
    }

    /// `widths d,l,e` gives exactly the rows of `inputs d, hidden l, outputs e`.
    @Test func twoLayerWidthsGiveTwoLayerRows() throws {
        let common = ["scheme": "kaiming_normal,pytorch_default,gaussian(0.5,1,0.3)", "bias": "both", "teacher": "1/0,1/1", "samples": "0,200", "seed": "5"]
        let widths = try Self.spec(common.merging(["widths": "3,4,1;5,4,1"]) { $1 })
        let grid = try Self.spec(common.merging(["inputs": "3,5", "hidden": "4"]) { $1 })
        #expect(widths.cells.map(\.architecture) == grid.cells.map(\.architecture) && widths.cells.allSatisfy { $0.deep == nil })
        let a = SweepRunner(spec: widths, threads: 2).rows(for: widths.cells)
        let b = SweepRunner(spec: grid, threads: 1).rows(for: grid.cells)
        #expect(a.count == 2 * 3 * 2 * 2 * 2 && a == b)
    }

    static let deepSpec = SweepSpec(schemes: [.kaimingNormal, .pytorchDefault], widths: [[3, 4, 1], [2, 1, 3, 1], [3, 4, 4, 1], [2, 3, 3, 2]],
                                    bias: [false, true], samples: [0, 30], seed: 9)

    static func parts(_ count: Int) -> [(file: String, document: JSONValue)] {
        let runner = SweepRunner(spec: deepSpec, threads: 1)
        return (1...count).map { i in
            let shard = Shard(parsing: "\(i)/\(count)")!
            return ("part\(i).json", SweepDocument.make(spec: deepSpec, shard: shard, rows: runner.rows(for: deepSpec.cells(in: shard))))
        }
    }

    /// Shards of a sweep with deep and two-layer cells merge to the unsharded document, in any order.
    @Test func deepShardsMergeToTheWholeRun() throws {
        let whole = SweepDocument.make(spec: Self.deepSpec, shard: nil, rows: SweepRunner(spec: Self.deepSpec, threads: 2).rows(for: Self.deepSpec.cells))
        #expect(try SweepDocument.merge(Self.parts(3).reversed()) == whole)
        #expect(try SweepDocument.merge([("whole.json", whole)]) == whole)
        #expect(SweepDocument.csv(whole).contains(",widths,p_negative_by_layer,"))
        guard case .array(let rows)? = whole["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 32 && rows.filter { $0["widths"] != nil }.count == 24)
    }

    /// The document with `key` of row `index` replaced (nil: removed).
    static func tampered(_ document: JSONValue, row index: Int, _ key: String, _ value: JSONValue?) -> JSONValue {
        SweepMergeValidationTests.tampered(document, row: index, key, value)
    }

    /// A deep row is rebuilt from its counts: any other value, a count out of
    /// range, a histogram that does not add up, a missing or extra key is refused.
    @Test(arguments: [
        ("p_locked_mc", JSONValue.number("0.5")),
        ("p_locked", .number("0.5")),
        ("expected_components_mc_exact", .string("3/2")),
        ("log10_expected_components_mc", .number("0")),
        ("locked_count_histogram_mc", .array([.array([.number("0"), .number("30")])])),       // q = 3 always for 2,1,3,1: the estimates disagree
        ("locked_count_histogram_mc", .array([.array([.number("3"), .number("29")])])),       // 29 ≠ 30 samples
        ("locked_count_histogram_mc", .array([.array([.number("99"), .number("30")])])),      // q past the possible locks
        ("output_locked_one_sign_mc", .number("31")),
        ("zero_invariants_mc", .number("-1")),
        ("widths", .array([.number("2"), .number("1"), .number("3"), .number("2")])),
        ("layers", .array([])),
        ("seed", .number("10")),
        ("surprise", .number("1")),
        ("undecided_samples_mc", .number("1")),
    ])
    func tamperedDeepRowIsRefused(_ key: String, _ value: JSONValue) throws {
        var parts = Self.parts(2)
        // Part 2 holds cells 1, 3, 5, …: its row 2 is cell 5 (kaiming_normal, no bias, 30 samples, widths 2,1,3,1).
        guard case .array(let rows)? = parts[1].document["rows"] else { Issue.record("no rows"); return }
        #expect(rows[2]["widths"] == .array([2, 1, 3, 1].map(JSONValue.integer)) && rows[2]["samples"] == .integer(30))
        #expect(rows[2]["locked_count_histogram_mc"] == .array([.array([.integer(3), .integer(30)])]))
        parts[1].document = Self.tampered(parts[1].document, row: 2, key, value)
        do {
            _ = try SweepDocument.merge(parts)
            Issue.record("\(key) = \(value.compactText) accepted")
        } catch {
            #expect(error.file == "part2.json" && error.reason.contains("rows[2] (cell 5)"), "\(error.reason)")
        }
    }

    @Test func deepRowWithAMissingOrEditedLayerIsRefused() throws {
        var parts = Self.parts(2)
        parts[1].document = Self.tampered(parts[1].document, row: 2, "p_locked_mc", nil)
        #expect((try? SweepDocument.merge(parts)) == nil)
        var edited = Self.parts(2)
        guard case .array(let rows)? = edited[1].document["rows"], case .array(var layers)? = rows[2]["layers"],
              case .object(var layer) = layers[0] else { Issue.record("no layers"); return }
        layer[5].1 = .number("31")   // negative_mc of layer 1 (width 1): more than 30 samples · 1 neuron
        layers[0] = .object(layer)
        edited[1].document = Self.tampered(edited[1].document, row: 2, "layers", .array(layers))
        do {
            _ = try SweepDocument.merge(edited)
            Issue.record("an out-of-range count was accepted")
        } catch {
            #expect(error.reason.contains("negative_mc") && error.reason.contains("outside 0…30"), "\(error.reason)")
        }
    }
}

import Foundation
import JSONDocument
import Testing
import ExactNumbers
import ReluNetwork
@testable import InitSweeps

/// The law keys of a sweep (`lr-scales`, `multipliers`, `parameterization`,
/// `activation`; SPEC §14) in flags and spec files, their checks, and what a
/// document records of them.
@Suite struct SweepLawSpecTests {
    static func spec(_ values: [String: String], file: String? = nil) throws(SweepSpecError) -> SweepSpec {
        try SweepParameters(values: values).spec(file: file)
    }

    static func error(_ values: [String: String], file: String? = nil) -> SweepSpecError? {
        do { _ = try spec(values, file: file); return nil } catch { return error }
    }

    static let grid = ["scheme": "kaiming_normal", "inputs": "2", "hidden": "3", "samples": "10"]

    /// Flags and every spec-file form give the same law; the document's spec
    /// writes the keys back (exact numbers as strings) and reads them again.
    @Test func specFilesAgreeWithFlags() throws {
        let flags = try Self.spec(Self.grid.merging(["lr-scales": "1,0.25", "multipliers": "2,1/3", "parameterization": "ntk", "activation": "relu^3/2"]) { $1 })
        let rational = { (text: String) in try Rational(parsing: text) }
        #expect(flags.law == TrainingLaw(learningRates: [Rational(1), try rational("1/4")], multipliers: [Rational(2), try rational("1/3")],
                                         power: try rational("3/2"), parameterization: .ntk))
        let forms = [
            ("a.json", #"{"scheme": "kaiming_normal", "inputs": 2, "hidden": 3, "samples": 10, "lr-scales": [1, 0.25], "multipliers": [2, "1/3"], "parameterization": "ntk", "activation": "relu^3/2"}"#),
            ("b.json", #"{"scheme": "kaiming_normal", "inputs": 2, "hidden": 3, "samples": 10, "lr-scales": "1,1/4", "multipliers": "2, 1/3", "parameterization": "ntk", "activation": "relu^1.5"}"#),
            ("c.yaml", "scheme: kaiming_normal\ninputs: 2\nhidden: 3\nsamples: 10\nlr-scales: [1, 1/4]\nmultipliers:\n  - 2\n  - 1/3\nparameterization: ntk\nactivation: relu^3/2\n"),
        ]
        for (name, text) in forms {
            #expect(try SweepParameters.parse(Array(text.utf8), file: name).spec(file: name) == flags, "\(name)")
        }
        let json = flags.json
        #expect(json["lr-scales"] == .array([.string("1"), .string("1/4")]))
        #expect(json["multipliers"] == .array([.string("2"), .string("1/3")]))
        #expect(json["parameterization"] == .string("ntk") && json["activation"] == .string("relu^3/2"))
        guard case .object(let members) = json else { Issue.record("not an object"); return }
        #expect(members.suffix(4).map(\.0) == SweepParameters.lawKeys, "the law keys follow the grid's")
        #expect(try SweepDocument.validatedSpec(json, file: "doc.json") == flags)
    }

    /// Without law keys (or with ones that name the plain law) the spec's JSON
    /// is the one written before sweeps took laws, and rows carry no law.
    @Test func plainLawWritesNothing() throws {
        for extra in [[:], ["activation": "relu"], ["parameterization": "standard"]] {
            let spec = try Self.spec(Self.grid.merging(extra) { $1 })
            #expect(spec.hasPlainLaw && spec.lawJSON(widths: [2, 3, 1]) == nil)
            guard case .object(let members) = spec.json else { Issue.record("not an object"); return }
            #expect(members.map(\.0) == ["scheme", "inputs", "hidden", "outputs", "bias", "teacher", "samples", "seed"])
        }
        // --lr-scales 1,1 is the plain law in value, but it was asked for: the rows say so.
        let ones = try Self.spec(Self.grid.merging(["lr-scales": "1,1"]) { $1 })
        #expect(!ones.hasPlainLaw && ones.lawJSON(widths: [2, 3, 1])?["name"] == .string("weighted"))
    }

    /// The row's law object: NTK written out per architecture (ρ² = 1/d, 1/l, times the given ρ²).
    @Test func rowLawResolvesNTKPerArchitecture() throws {
        let spec = try Self.spec(["scheme": "kaiming_normal", "widths": "2,3,1;5,4,4,1", "samples": "0", "parameterization": "ntk"])
        #expect(spec.lawJSON(widths: [2, 3, 1])?["multipliers"] == .array([.string("1/2"), .string("1/3")]))
        #expect(spec.lawJSON(widths: [5, 4, 4, 1])?["multipliers"] == .array(["1/5", "1/4", "1/4"].map(JSONValue.string)))
        #expect(spec.lawJSON(widths: [2, 3, 1])?["parameterization"] == .string("ntk"))
        let object = try #require(spec.lawJSON(widths: [2, 3, 1]))
        guard case .object(let members) = object else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["name", "formula", "lr_scales", "multipliers", "parameterization", "node_scales", "activation_power", "weight_decays"])
    }

    /// Counts: one value per layer of every architecture; the error names the key and the architecture.
    @Test func countsMustMatchEveryDepth() throws {
        let two = try #require(Self.error(Self.grid.merging(["lr-scales": "1,2,3"]) { $1 }))
        #expect(two.key == "lr-scales" && two.reason.contains("gives 3 value(s)") && two.reason.contains("2 layers"))
        #expect(two.description.hasPrefix("--lr-scales: "))
        let deep = try #require(Self.error(["scheme": "kaiming_normal", "widths": "2,3,1;2,3,3,1", "multipliers": "1,2", "samples": "0"], file: "s.yaml"))
        #expect(deep.key == "multipliers" && deep.reason.contains("2,3,3,1 has 3 layers") && deep.description.hasPrefix("s.yaml: key multipliers: "))
        #expect(Self.error(["scheme": "kaiming_normal", "widths": "2,3,3,1;4,2,2,1", "lr-scales": "1,2,4", "samples": "0"]) == nil)
        let short = try #require(Self.error(["scheme": "kaiming_normal", "widths": "2,3,3,1;4,2,2,1", "lr-scales": "1,2", "samples": "0"]))
        #expect(short.key == "lr-scales" && short.reason.contains("2,3,3,1"))
    }

    /// Values: exact and positive; relu or relu^p with p ≥ 1; standard or ntk; no node scales.
    @Test func badValuesNameTheirKey() throws {
        let cases: [(String, String, String, String)] = [
            ("lr-scales", "1,0", "lr-scales", "value 2 is 0"),
            ("lr-scales", "1,-2", "lr-scales", "value 2 is -2"),
            ("lr-scales", "1,x", "lr-scales", "'x' is not an exact number"),
            ("lr-scales", "1,1/0", "lr-scales", "'1/0' is not an exact number"),
            ("lr-scales", "1,", "lr-scales", "'' is not an exact number"),
            ("multipliers", "nan,1", "multipliers", "'nan' is not an exact number"),
            ("multipliers", "1e999999,1", "multipliers", "not an exact number"),
            ("parameterization", "mup", "parameterization", "'mup' is not standard or ntk"),
            ("activation", "relu^0", "activation", "p must be an exact number ≥ 1"),
            ("activation", "relu^-1", "activation", "p must be an exact number ≥ 1"),
            ("activation", "tanh", "activation", "'tanh' is not relu or relu^p"),
            ("activation", "leaky_relu:0.1", "activation", "leaky ReLU conserves the plain law"),
            ("node-scales", "1,2,3", "node-scales", "a constant λ on every last-hidden-layer neuron"),
        ]
        for (key, value, named, reason) in cases {
            let error = try #require(Self.error(Self.grid.merging([key: value]) { $1 }), "\(key) \(value)")
            #expect(error.key == named && error.reason.contains(reason), "\(key) \(value): \(error)")
        }
        // In a file, node-scales is refused where it is read, naming the file and the key.
        #expect(throws: SweepSpecError.self) { try SweepParameters.parse(Array("node-scales: [1, 2]\n".utf8), file: "n.yaml") }
        do {
            _ = try SweepParameters.parse(Array(#"{"scheme": "kaiming_normal", "node-scales": 2}"#.utf8), file: "n.json")
        } catch {
            #expect(error.file == "n.json" && error.key == "node-scales")
        }
    }
}

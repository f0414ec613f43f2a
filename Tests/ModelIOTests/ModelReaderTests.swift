import Foundation
import Testing
import ExactNumbers
@testable import ModelIO
import ReluNetwork
@testable import ReluNetwork
import TestSupport

@Suite struct ModelReaderTests {
    /// c_k of every fixture model equals the value `fractions` computed.
    @Test(arguments: Fixtures.names("models"))
    func invariantsMatchFractions(name: String) throws {
        let model = try ModelReader.read(path: Fixtures.path("models/\(name)"))
        let entry = Fixtures.expected["models"]?[name]
        #expect(model.shape.inputs == Fixtures.integers(.array([entry?["d"] ?? .null])).first)
        #expect(model.shape.hidden == Fixtures.integers(.array([entry?["l"] ?? .null])).first)
        #expect(model.shape.outputs == Fixtures.integers(.array([entry?["e"] ?? .null])).first)
        let expected = Fixtures.strings(entry?["c"])
        let invariants = model.invariants()
        #expect(invariants.count == expected.count)
        for (k, text) in expected.enumerated() where k < invariants.count {
            #expect(invariants[k].c == (try Rational(parsing: text)), "\(name) neuron \(k)")
        }
        #expect(invariants.map { $0.c.signum } == Fixtures.integers(entry?["sign"]))
    }

    @Test func jsonModelIsExact() throws {
        let text = #"{"W1": [[0.1, "1/3"], [3, 4]], "b1": ["-2/7", 0], "W2": [[1e-1, 5]], "b2": [0.5], "activation": {"leaky_relu": 0.01}}"#
        let model = try ModelJSONReader.parse(Array(text.utf8), file: "m.json")
        #expect(model.shape == NetworkShape(inputs: 2, hidden: 2, outputs: 1, hasHiddenBias: true, hasOutputBias: true))
        #expect(model.activation == .leakyRelu(slope: try Rational(parsing: "1/100")))
        let c = model.invariants().map(\.c.description)
        // Hand-derived: 1/100 + 1/9 + 4/49 − 1/100 = 1/9 + 4/49 = 85/441; 9 + 16 + 0 − 25 = 0.
        #expect(c == ["85/441", "0"])
    }

    @Test func exactZeroNeuronAndApex() throws {
        let text = #"{"W1": [[3, 4], [0, 0]], "W2": [[5, 0]]}"#
        let invariants = try ModelJSONReader.parse(Array(text.utf8), file: "m.json").invariants()
        #expect(invariants[0].c.isZero && !invariants[0].isAtApex && invariants[0].outputScalarSign == 1)
        #expect(invariants[1].c.isZero && invariants[1].isAtApex)
    }

    @Test(arguments: [
        (#"{"W1": [[1, 2]], "W2": [[1, 2]]}"#, "tensor W2: expected shape (e, 1)"),
        (#"{"W1": [[1, 2], [3]], "W2": [[1, 2]]}"#, "tensor W1, index [1]: row has 1 entries"),
        (#"{"W1": [[1, "x"]], "W2": [[1]]}"#, "tensor W1, index [0, 1]: malformed number"),
        (#"{"W1": [[1, "1/0"]], "W2": [[1]]}"#, "tensor W1, index [0, 1]: zero denominator"),
        (#"{"W1": [[1, NaN]], "W2": [[1]]}"#, "JSON syntax error"),
        (#"{"W1": [[1, 2]], "W2": [[1]], "b1": [1, 2]}"#, "tensor b1: expected shape (1,)"),
        (#"{"W1": [], "W2": [[1]]}"#, "empty network"),
        (#"{"W1": [[1]], "W2": [[1]], "w3": 1}"#, "unknown key \"w3\""),
        (#"{"W1": [[1]]}"#, "missing required key \"W2\""),
        (#"{"W1": [[1]], "W2": [[1]], "activation": {"leaky_relu": 1}}"#, "0 ≤ γ < 1"),
        (#"[1, 2]"#, "expected a JSON object"),
        (#"{"W1": [[1]], "W2": [[1]]"#, "JSON syntax error at line 1"),
        (#"{"W1": [[true]], "W2": [[1]]}"#, "tensor W1, index [0, 0]: expected a number"),
    ])
    func badJSONModelsGiveOneLineErrors(text: String, fragment: String) {
        do {
            _ = try ModelJSONReader.parse(Array(text.utf8), file: "bad.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.hasPrefix("bad.json"))
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test func directoryWithKeysAndMissingFiles() throws {
        let keys = try #require(TensorKeys(parsing: "W1,-,W2,-"))
        let model = try ModelReader.read(path: Fixtures.path("models/bias_f32"), options: ModelReadOptions(keys: keys))
        #expect(!model.shape.hasHiddenBias && !model.shape.hasOutputBias)
        #expect(TensorKeys(parsing: "W1,b1,W2") == nil && TensorKeys(parsing: "-,b1,W2,b2") == nil)
        #expect(throws: ModelInputError.self) { try ModelReader.read(path: Fixtures.path("arrays")) }
        #expect(throws: ModelInputError.self) { try ModelReader.read(path: "/nonexistent") }
        #expect(throws: ModelInputError.self) { try ModelReader.read(path: Fixtures.path("arrays/f8_1d.npy")) }
    }
}

import ExactNumbers
import Foundation
import Testing
@testable import ReluNetwork

/// The model on its own, built from tensors (no file format involved): shape
/// checks (SPEC §12) and exact invariants over every storage (SPEC §2, §8).
@Suite struct ReluNetworkModelTests {
    static func exact(_ name: String, _ shape: [Int], _ values: [String]) throws -> Tensor {
        Tensor(name: name, shape: shape, values: .exact(try values.map { try Rational(parsing: $0) }), file: "m")
    }

    /// Hand-derived: 1/100 + 1/9 + 4/49 − 1/100 = 85/441; 9 + 16 + 0 − 25 = 0.
    @Test func invariantsOfExactTensors() throws {
        let model = try ReluNetworkModel(source: "m", inputWeights: try Self.exact("W1", [2, 2], ["0.1", "1/3", "3", "4"]),
                                         hiddenBias: try Self.exact("b1", [2], ["-2/7", "0"]),
                                         outputWeights: try Self.exact("W2", [1, 2], ["1e-1", "5"]),
                                         outputBias: nil, activation: .relu)
        #expect(model.shape == NetworkShape(inputs: 2, hidden: 2, outputs: 1, hasHiddenBias: true, hasOutputBias: false))
        #expect(model.invariants().map(\.c.description) == ["85/441", "0"])
    }

    @Test func shapesAreChecked() throws {
        let w1 = try Self.exact("W1", [1, 2], ["1", "2"])
        #expect(throws: ModelInputError(file: "m", tensor: "W2", reason: "expected shape (e, 1) to match W1's 1 hidden neurons, got (1, 2)")) {
            try ReluNetworkModel(source: "m", inputWeights: w1, hiddenBias: nil, outputWeights: try Self.exact("W2", [1, 2], ["1", "2"]),
                                 outputBias: nil, activation: .relu)
        }
        #expect(throws: ModelInputError.self) {
            try ReluNetworkModel(source: "m", inputWeights: try Self.exact("W1", [0], []), hiddenBias: nil,
                                 outputWeights: try Self.exact("W2", [1, 1], ["1"]), outputBias: nil, activation: .relu)
        }
        // A 1-D W2 of length l is e = 1.
        let model = try ReluNetworkModel(source: "m", inputWeights: w1, hiddenBias: nil, outputWeights: try Self.exact("W2", [1], ["3"]),
                                         outputBias: nil, activation: .relu)
        #expect(model.shape.outputs == 1 && model.invariants()[0].c == Rational(-4))
    }

    /// Packed little-endian floats give the same exact invariants as the same
    /// values held as binary64, and their non-finite scan finds the first NaN.
    @Test func packedStorageIsExact() throws {
        let values: [Float] = [0.1, -3, 1e-30, 2.5]
        let bytes = Data(values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        let packed = PackedFloatArray(storage: bytes, byteOffset: 0, format: .float32, count: 4)
        #expect(packed.firstNonFinite() == nil)
        let w2 = Tensor(name: "W2", shape: [1, 2], values: .binary64([1, -1]), file: "m")
        let fromPacked = try ReluNetworkModel(source: "m", inputWeights: Tensor(name: "W1", shape: [2, 2], values: .packed(packed), file: "m"),
                                              hiddenBias: nil, outputWeights: w2, outputBias: nil, activation: .relu)
        let fromDoubles = try ReluNetworkModel(source: "m", inputWeights: Tensor(name: "W1", shape: [2, 2], values: .binary64(values.map(Double.init)), file: "m"),
                                               hiddenBias: nil, outputWeights: w2, outputBias: nil, activation: .relu)
        #expect(fromPacked.invariants() == fromDoubles.invariants())
        var withNaN = values
        withNaN[2] = .nan
        let bad = Data(withNaN.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        #expect(PackedFloatArray(storage: bad, byteOffset: 0, format: .float32, count: 4).firstNonFinite() == 2)
    }

    @Test func multiIndexIsRowMajor() {
        #expect(Tensor.multiIndex(of: 5, shape: [2, 3]) == [1, 2])
        #expect(Tensor.multiIndex(of: 7, shape: [2, 2, 2]) == [1, 1, 1])
    }

    @Test func leakySlopeMustBeBelowOne() throws {
        #expect(Activation.leaky(try Rational(parsing: "1/100")) == .leakyRelu(slope: try Rational(parsing: "1/100")))
        #expect(Activation.leaky(Rational(1)) == nil && Activation.leaky(Rational(-1)) == nil)
    }
}

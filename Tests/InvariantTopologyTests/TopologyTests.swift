import Foundation
import Testing
import ExactNumbers
import ModelIO
@testable import InvariantTopology
import TestSupport

func topology(_ json: String) throws -> NetworkTopology {
    NetworkTopology(model: try ModelJSONReader.parse(Array(json.utf8), file: "test.json"))
}

func betti(_ polynomial: PoincarePolynomial) -> [String] {
    (0...max(polynomial.degree, 0)).map { polynomial.coefficient(ofDegree: $0).description }
}

@Suite struct HandCases {
    /// The paper's two-neuron example: both pathological, 4 components, 3 effective.
    @Test func paperTwoNeuronExample() throws {
        let t = try topology(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]]}"#)
        #expect(t.neurons.map(\.invariant.c.description) == ["-3/4", "-9/16"])
        #expect(t.neurons.map { $0.locked(.topological) } == [.output, .output])
        #expect(t.componentCount(.topological) == BigInt(4))
        #expect(t.label(.topological) == "--")
        #expect(betti(t.poincarePolynomial(.topological)) == ["4"])
        #expect(t.eulerCharacteristic(.topological) == BigInt(4))
        #expect(t.pathologicalNeuronCount == 2)
    }

    /// a = (3, 4), v = 5: c = 0 exactly, off the apex.
    @Test func exactZeroOffTheApex() throws {
        let t = try topology(#"{"W1": [[3, 4]], "W2": [[5]]}"#)
        let neuron = t.neurons[0]
        #expect(neuron.sign == 0 && neuron.quadric == .cone && !neuron.invariant.isAtApex)
        // Topological: a cone, contractible, nothing locked.
        #expect(neuron.componentCount(.topological) == 1 && neuron.locked(.topological) == [])
        #expect(betti(t.poincarePolynomial(.topological)) == ["1"])
        // Dynamical: punctured cone S^1 × S^0 × R_{>0} (2 pieces, P = 2(1 + t)) plus the apex.
        #expect(neuron.componentCount(.dynamical) == 3)
        #expect(neuron.locked(.dynamical) == .output)
        #expect(betti(t.poincarePolynomial(.dynamical)) == ["3", "2"])
        #expect(t.componentCount(.dynamical) == BigInt(3))
        #expect(t.label(.dynamical) == "+" && t.label(.topological) == "")
        #expect(t.eulerCharacteristic(.dynamical) == BigInt(1))
    }

    @Test func zeroNeuronAtTheApex() throws {
        let t = try topology(#"{"W1": [[0, 0], [1, 0]], "W2": [[0, -2]]}"#)
        #expect(t.neurons[0].invariant.isAtApex)
        #expect(t.neurons[0].locked(.dynamical) == [])
        #expect(t.label(.dynamical) == "0-")
        #expect(t.label(.topological) == "-")
        #expect(t.componentCount(.topological) == BigInt(2))
        #expect(t.componentCount(.dynamical) == BigInt(6))  // (1·2 + 1) · 2
    }

    /// m = 1 (one input, no bias): c > 0 locks the sign of the input weight.
    @Test func singleInputLocksTheInputSide() throws {
        let t = try topology(#"{"W1": [[2], [-3], [0.5]], "W2": [[1, 1, 1]]}"#)
        #expect(t.neurons.map { $0.locked(.topological).name } == ["input", "input", "output"])
        #expect(t.label(.topological) == "+-+")
        #expect(t.componentCount(.topological) == BigInt(8))
        #expect(betti(t.poincarePolynomial(.topological)) == ["8"])
    }

    /// e ≥ 2: c < 0 gives R^m × S^{e−1}, connected, nothing locked.
    @Test func severalOutputs() throws {
        let t = try topology(#"{"W1": [[1, 0], [0, 2]], "W2": [[3, 1], [0, 1]]}"#)
        // c_0 = 1 − 9 = −8: R^2 × S^1; c_1 = 4 − 2 = 2: S^1 × R^2.
        #expect(t.neurons.map(\.sign) == [-1, 1])
        #expect(t.neurons.map { $0.locked(.topological) } == [[], []])
        #expect(t.componentCount(.topological) == BigInt(1))
        #expect(betti(t.poincarePolynomial(.topological)) == ["1", "2", "1"])   // (1 + t)^2
        #expect(t.eulerCharacteristic(.topological) == BigInt(0))
        #expect(t.neurons[0].quadric.formula(m: 2, e: 2) == "R^2×S^1")
    }

    /// A hidden bias makes m = d + 1; leaky ReLU changes nothing topological.
    @Test func biasesAndLeakyRelu() throws {
        let t = try topology(#"{"W1": [[1], [0.5]], "b1": [1, 0], "W2": [[1, 1]], "b2": [7], "activation": {"leaky_relu": "1/5"}}"#)
        #expect(t.shape.inputSideDimension == 2)
        // c_0 = 1 + 1 − 1 = 1 > 0 (free: m = 2); c_1 = 1/4 − 1 < 0 (output-locked).
        #expect(t.neurons.map(\.invariant.c.description) == ["1", "-3/4"])
        #expect(t.neurons.map { $0.locked(.topological).name } == ["none", "output"])
        #expect(t.componentCount(.topological) == BigInt(2))
        #expect(betti(t.poincarePolynomial(.topological)) == ["2", "2"])  // (1 + t) · 2
        let withoutBias = try topology(#"{"W1": [[1], [0.5]], "W2": [[1, 1]]}"#)
        #expect(withoutBias.shape.inputSideDimension == 1)
    }
}

@Suite struct WideNetworks {
    /// l = 2000 pathological neurons: 2^2000 components, exact
    /// (decimal of 2^2000 from Python: 603 digits starting 114813069527425452423283320117).
    @Test func twoThousandPathologicalNeurons() throws {
        let model = try ModelReader.read(path: Fixtures.path("models/wide2000"))
        let t = NetworkTopology(model: model)
        let count = t.componentCount(.topological).description
        #expect(count.count == 603 && count.hasPrefix("114813069527425452423283320117"))
        #expect(count.hasSuffix("1149029376"))   // 2^2000 mod 10^10, from Python
        #expect(t.label(.topological) == String(repeating: "+-", count: 1000))
        #expect(betti(t.poincarePolynomial(.topological)).first == count)
    }
}

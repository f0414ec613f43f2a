import Testing
import ExactNumbers
import ModelIO
import ReluNetwork
@testable import Symmetry
import TestSupport

func model(_ json: String) throws -> ReluNetworkModel {
    try ModelJSONReader.parse(Array(json.utf8), file: "test.json")
}

@Suite struct EquivalenceTests {
    /// equiv θ gθ is true for random rational g, and the certificate recovers g.
    @Test func roundTripsUnderRandomGroupElements() {
        var random = TestRandom(41)
        for _ in 0..<200 {
            let l = 1 + random.next(6), m = 1 + random.next(4), e = 1 + random.next(3)
            let neurons = (0..<l).map { _ in ExactNeuron(a: (0..<m).map { _ in random.rational() }, v: (0..<e).map { _ in random.rational() }) }
            var permutation = Array(0..<l)
            for i in stride(from: l - 1, to: 0, by: -1) { permutation.swapAt(i, random.next(i + 1)) }
            let alphas = (0..<l).map { _ in random.positiveRational() }
            var image = [ExactNeuron](repeating: ExactNeuron(a: [], v: []), count: l)
            for k in 0..<l { image[permutation[k]] = neurons[k].rescaled(by: alphas[k]) }
            guard case .equivalent(let certificate) = Equivalence.compare(neurons, image) else {
                Issue.record("θ and gθ not recognised as equivalent"); continue
            }
            #expect(certificate.verifies(neurons, image))
            // With distinct non-zero neurons the certificate is g itself.
            let distinct = Set(neurons.map(\.canonical)).count == l && !neurons.contains(where: \.isZero)
            if distinct {
                #expect(certificate.permutation == permutation)
                #expect(certificate.alphas == alphas)
            }
            #expect(CanonicalForm(neurons) == CanonicalForm(image))
        }
    }

    @Test func perturbationNamesTheNeuronWithoutPartner() throws {
        let a = try model(#"{"W1": [[1, 2], [3, -1]], "W2": [[1, -2]]}"#)
        let b = try model(#"{"W1": [[6, -2], [2, 4]], "W2": [[-1, 0.5]]}"#)    // neuron 1 ×2, neuron 0 ×2, swapped
        guard case .equivalent(let certificate) = Equivalence.compare(a, b) else { Issue.record("should be equivalent"); return }
        #expect(certificate.permutation == [1, 0])
        #expect(certificate.alphas == [Rational(2), Rational(2)])
        let c = try model(#"{"W1": [[6, -2], [2, 4.000001]], "W2": [[-1, 0.5]]}"#)
        guard case .notEquivalent(let neuron, _) = Equivalence.compare(a, c) else { Issue.record("should differ"); return }
        #expect(neuron == 0)
        // A negative factor is not in G: flipping both signs of a neuron is not a rescaling.
        let d = try model(#"{"W1": [[-1, -2], [3, -1]], "W2": [[-1, -2]]}"#)
        if case .equivalent = Equivalence.compare(a, d) { Issue.record("α must be positive") }
        let withBias = try model(#"{"W1": [[1, 2], [3, -1]], "b2": [1], "W2": [[1, -2]]}"#)
        if case .notEquivalent(nil, let reason) = Equivalence.compare(a, withBias) {
            #expect(reason.contains("output bias"))
        } else { Issue.record("shape difference must be reported") }
    }

    @Test func canonicalFormFollowsSpec() {
        // (a, v) = ((0, −3, 6), (2)): first non-zero of a is −3 → scale 1/3: ((0, −1, 2), (6)).
        let neuron = ExactNeuron(a: ([0, -3, 6] as [Int]).map { Rational($0) }, v: [Rational(2)])
        #expect(neuron.canonical == ExactNeuron(a: ([0, -1, 2] as [Int]).map { Rational($0) }, v: [Rational(6)]))
        // a = 0: scale v's first non-zero to ±1.
        let null = ExactNeuron(a: ([0, 0] as [Int]).map { Rational($0) }, v: [Rational(-4), Rational(2)])
        #expect(null.canonical == ExactNeuron(a: ([0, 0] as [Int]).map { Rational($0) }, v: [Rational(-1), Rational(1) / Rational(2)]))
        let zero = ExactNeuron(a: [Rational(0)], v: [Rational(0)])
        #expect(zero.canonical == zero)
    }

    /// Greedy nearest-neighbour matching fails here; the bottleneck assignment does not.
    /// Rows (m = e = 1, a = 1): A = (1, 0.5), (1, 0); B = (1, 0.4), (1, 1). Relative distances
    /// by hand: d(A0,B0) = 0.1/√1.25 ≈ 0.089, d(A0,B1) = 0.5/√2 ≈ 0.354, d(A1,B0) = 0.4/√1.16 ≈ 0.371,
    /// d(A1,B1) = 1/√2 ≈ 0.707. Greedy: max 0.707; optimal (A0→B1, A1→B0): max ≈ 0.371.
    @Test func toleranceUsesAnOptimalAssignment() throws {
        let a = try model(#"{"W1": [[1], [1]], "W2": [[0.5, 0]]}"#)
        let b = try model(#"{"W1": [[1], [1]], "W2": [[0.4, 1]]}"#)
        guard case .equivalent(let match) = ApproximateEquivalence.compare(a, b, tolerance: 0.5) else {
            Issue.record("an assignment within 0.5 exists"); return
        }
        #expect(match.permutation == [1, 0])
        #expect(abs(match.maximumDistance - 0.4 / 1.16.squareRoot()) < 1e-12)
        if case .equivalent = ApproximateEquivalence.compare(a, b, tolerance: 0.3) { Issue.record("no assignment within 0.3") }
        // Training noise: a rescaled, permuted copy with noise ~1e-12 off the orbit (on v;
        // noise in ‖a‖ alone lies along the orbit and is removed by the normalisation).
        let c = try model(#"{"W1": [[2], [2]], "W2": [[0, 0.25000000000025]]}"#)
        guard case .equivalent(let close) = ApproximateEquivalence.compare(a, c, tolerance: 1e-9) else { Issue.record("noise"); return }
        #expect(close.permutation == [1, 0] && abs(close.alphas[0].doubleValue - 2) < 1e-9)
        if case .equivalent = ApproximateEquivalence.compare(a, c, tolerance: 1e-15) { Issue.record("1e-12 noise exceeds 1e-15") }
    }
}

@Suite struct BinaryEquivalenceTests {
    func binaryModel(_ rows: [[Double]], _ outputs: [Double]) throws -> ReluNetworkModel {
        let d = rows.first?.count ?? 0
        return try ReluNetworkModel(
            source: "binary", inputWeights: Tensor(name: "W1", shape: [rows.count, d], values: .binary64(rows.flatMap { $0 }), file: "W1.npy"),
            hiddenBias: nil, outputWeights: Tensor(name: "W2", shape: [1, outputs.count], values: .binary64(outputs), file: "W2.npy"),
            outputBias: nil, activation: .relu)
    }

    /// The binary fast path agrees with the rational algorithm on every case.
    @Test func fastPathAgreesWithRationalAlgorithm() throws {
        var random = TestRandom(123)
        func value() -> Double {
            let magnitude = Double(1 + random.next(1 << 20)) * Double(sign: .plus, exponent: random.next(60) - 30, significand: 1)
            return random.next(5) == 0 ? 0 : (random.next(2) == 0 ? magnitude : -magnitude)
        }
        for trial in 0..<300 {
            let l = 1 + random.next(4), d = 1 + random.next(3)
            let rows = (0..<l).map { _ in (0..<d).map { _ in value() } }
            let outputs = (0..<l).map { _ in value() }
            var permutation = Array(0..<l)
            for i in stride(from: l - 1, to: 0, by: -1) { permutation.swapAt(i, random.next(i + 1)) }
            // Rescale by 2^j (exact), by 3 (usually inexact), or perturb one weight by an ulp.
            let mode = trial % 3
            var rowsB = [[Double]](repeating: [], count: l), outputsB = [Double](repeating: 0, count: l)
            for k in 0..<l {
                let alpha = mode == 1 ? 3.0 : Double(sign: .plus, exponent: random.next(9) - 4, significand: 1)
                rowsB[permutation[k]] = rows[k].map { $0 * alpha }
                outputsB[permutation[k]] = outputs[k] / alpha
            }
            if mode == 2 { rowsB[0][0] = rowsB[0][0].nextUp }
            let a = try binaryModel(rows, outputs), b = try binaryModel(rowsB, outputsB)
            let exact = Equivalence.compare(a.exactNeurons(), b.exactNeurons())
            let full = Equivalence.compare(a, b)
            switch (exact, full) {
            case (.equivalent, .equivalent(let certificate)):
                #expect(certificate.verifies(a.exactNeurons(), b.exactNeurons()), "fast-path certificate must verify")
            case (.notEquivalent, .notEquivalent): break
            default: Issue.record("fast path and rational algorithm disagree on trial \(trial): \(exact) vs \(full)")
            }
            if mode == 0 { if case .notEquivalent = full { Issue.record("power-of-two rescaling must be equivalent") } }
        }
    }

    @Test func underflowingProductsAreNotZero() {
        // 2^-600 · 2^-600 underflows to 0 but is not 0; 0 · 1 is.
        #expect(!Equivalence.productsEqual(0x1p-600, 0x1p-600, 0, 1))
        #expect(Equivalence.productsEqual(0x1p-600, 0x1p-600, 0x1p-700, 0x1p-500))
        #expect(!Equivalence.productsEqual(0x1p-600, 0x1p-600, 0x1p-700, 0x1p-500.nextUp))
        #expect(Equivalence.productsEqual(3, 0.1, 0.1, 3))
        #expect(!Equivalence.productsEqual(3, 0.1, 0.3, 1))   // 3·fl(0.1) ≠ fl(0.3)
    }
}

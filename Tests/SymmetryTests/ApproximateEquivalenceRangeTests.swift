import Foundation
import Testing
import ExactNumbers
import ReluNetwork
@testable import Symmetry

/// `equiv --tolerance`: the output bias is compared, and magnitudes far outside
/// binary64's comfortable range (1e±200 weights, JSON decimals beyond it) give
/// the same answers as moderate ones.
@Suite struct ApproximateEquivalenceRangeTests {
    func binary(_ rows: [[Double]], _ outputs: [Double], bias: [Double]? = nil) throws -> ReluNetworkModel {
        try ReluNetworkModel(
            source: "binary", inputWeights: Tensor(name: "W1", shape: [rows.count, rows[0].count], values: .binary64(rows.flatMap { $0 }), file: "W1.npy"),
            hiddenBias: nil, outputWeights: Tensor(name: "W2", shape: [1, outputs.count], values: .binary64(outputs), file: "W2.npy"),
            outputBias: bias.map { Tensor(name: "b2", shape: [$0.count], values: .binary64($0), file: "b2.npy") }, activation: .relu)
    }

    /// β = 1 against β = 1000, identical neurons: G leaves β alone (SPEC §5.1), so
    /// the models differ. Relative distance by hand: |1 − 1000| / max(1, 1000) = 0.999.
    @Test func outputBiasIsCompared() throws {
        let a = try model(#"{"W1": [[1, 0]], "W2": [[1]], "b2": [1]}"#)
        let b = try model(#"{"W1": [[1, 0]], "W2": [[1]], "b2": [1000]}"#)
        guard case .notEquivalent(let neuron, let nearest, let reason) = ApproximateEquivalence.compare(a, b, tolerance: 1e-6) else {
            Issue.record("b2 = 1 and b2 = 1000 are different functions"); return
        }
        #expect(neuron == nil)
        #expect(nearest == 0.999)
        #expect(reason.contains("output bias"))
        // The same with a rescaled, permuted copy of the neurons: the bias alone decides.
        let c = try model(#"{"W1": [[2, 0]], "W2": [[0.5]], "b2": [1]}"#)
        guard case .equivalent(let match) = ApproximateEquivalence.compare(a, c, tolerance: 1e-12) else { Issue.record("g·A with the same β"); return }
        #expect(match.outputBiasDistance == 0)
        #expect(match.alphas[0].doubleValue == 2)
        // A bias difference within ε: |1 − 1.0000001| / 1.0000001 ≈ 1e-7 ≤ 1e-6, and it is the largest distance.
        let d = try model(#"{"W1": [[1, 0]], "W2": [[1]], "b2": [1.0000001]}"#)
        guard case .equivalent(let near) = ApproximateEquivalence.compare(a, d, tolerance: 1e-6) else { Issue.record("within ε"); return }
        #expect(abs(near.outputBiasDistance - 1e-7 / 1.0000001) < 1e-15)
        #expect(near.maximumDistance == near.outputBiasDistance)
    }

    /// Identical models with 1e200 weights: ‖a‖² overflows binary64, but the
    /// distance is exactly 0 (both rows are the same numbers).
    @Test func hugeIdenticalModelsAreEquivalentAtDistanceZero() throws {
        let a = try binary([[1e200, 0], [0, 3e200]], [1e200, -2e200], bias: [1e200])
        guard case .equivalent(let match) = ApproximateEquivalence.compare(a, a, tolerance: 1e-6) else {
            Issue.record("a model is equivalent to itself"); return
        }
        #expect(match.maximumDistance == 0)
        #expect(match.distances == [0, 0])
        #expect(match.permutation == [0, 1])
        #expect(match.alphas.map(\.doubleValue) == [1, 1])
        // The same from JSON decimals beyond binary64 (1e400 would be +∞ there).
        let json = try model(#"{"W1": [[1e400, 0], [0, 3e400]], "W2": [[1e400, -2e400]], "b2": [1e400]}"#)
        guard case .equivalent(let exactMatch) = ApproximateEquivalence.compare(json, json, tolerance: 0) else {
            Issue.record("1e400 model is equivalent to itself"); return
        }
        #expect(exactMatch.maximumDistance == 0)
    }

    /// Orthogonal neurons a = (1e-200, 0) and (0, 1e-200), v = 1e-200: ‖a‖² underflows
    /// binary64, yet the normalised rows are (1, 0, ~1e-400) and (0, 1, ~1e-400),
    /// at relative distance √2 by hand: never equivalent.
    @Test func tinyOrthogonalNeuronsAreNotEquivalent() throws {
        let a = try binary([[1e-200, 0]], [1e-200]), b = try binary([[0, 1e-200]], [1e-200])
        guard case .notEquivalent(let neuron, let nearest, _) = ApproximateEquivalence.compare(a, b, tolerance: 1e-6) else {
            Issue.record("orthogonal neurons are not rescalings of each other"); return
        }
        #expect(neuron == 0)
        #expect(abs((nearest ?? 0) - 2.0.squareRoot()) < 1e-15)
        // The same pair at 1e-400 (JSON, below binary64's range).
        let c = try model(#"{"W1": [[1e-400, 0]], "W2": [[1e-400]]}"#), d = try model(#"{"W1": [[0, 1e-400]], "W2": [[1e-400]]}"#)
        if case .equivalent = ApproximateEquivalence.compare(c, d, tolerance: 0.5) { Issue.record("1e-400 orthogonal neurons") }
    }

    /// α between a 1e-200 and a 1e200 neuron is 1e400: reported, not ∞.
    @Test func rescalingFactorsBeyondBinary64AreReported() throws {
        // (1e-200, 1e200) and (1e200, 1e-200): both normalise to (1, 0, 1); α = ‖a_B‖/‖a_A‖ = 1e400.
        let a = try binary([[1e-200, 0]], [1e200]), b = try binary([[1e200, 0]], [1e-200])
        guard case .equivalent(let match) = ApproximateEquivalence.compare(a, b, tolerance: 1e-12) else {
            Issue.record("B = g·A with α = 1e400"); return
        }
        let alpha = match.alphas[0]
        #expect(!alpha.fitsBinary64)
        let log10Alpha = Foundation.log10(alpha.significand) + Double(alpha.exponent) * Foundation.log10(2.0)
        #expect(abs(log10Alpha - 400) < 1e-9)
        #expect(alpha.decimalText.hasPrefix("1.0000000") || alpha.decimalText.hasPrefix("9.9999999"))
        #expect(alpha.decimalText.hasSuffix("e400") || alpha.decimalText.hasSuffix("e399"))
    }
}

import Foundation
import Testing
import ExactNumbers
import ReluNetwork
@testable import Symmetry
import TestSupport

/// `equiv --tolerance ε` for any depth (SPEC §13.6): B = g·A + noise is aligned
/// with the true permutations and scales, at distances of the noise's size;
/// independent networks are not; one perturbed weight is found in its layer;
/// for one hidden layer the answer is `ApproximateEquivalence`'s, field by field.
@Suite struct DeepApproximateEquivalenceTests {
    typealias Layers = [([[Double]], [Double]?)]

    /// A network from binary64 layers (rows of `W_h`, optional `b_h`).
    static func network(_ layers: Layers) throws -> LayeredNetwork {
        try LayeredNetwork(source: "test", layers: layers.enumerated().map { index, layer in
            let (w, b) = layer
            return LinearLayer(weights: Tensor(name: "W\(index + 1)", shape: [w.count, w[0].count], values: .binary64(w.flatMap { $0 }), file: "test"),
                               bias: b.map { Tensor(name: "b\(index + 1)", shape: [$0.count], values: .binary64($0), file: "test") })
        }, activation: .relu)
    }

    /// Gaussian layers of the given widths, each with a bias when `bias`.
    static func randomLayers(_ widths: [Int], bias: Bool, _ random: inout TestRandom) -> Layers {
        (1..<widths.count).map { h in
            ((0..<widths[h]).map { _ in (0..<widths[h - 1]).map { _ in random.normal() } },
             bias ? (0..<widths[h]).map { _ in random.normal() } : nil)
        }
    }

    /// Uniform in [0, 1).
    static func uniform(_ random: inout TestRandom) -> Double { Double(random.next() >> 11) / 9_007_199_254_740_992 }

    /// A positive scale: a power of two 2^k (|k| ≤ 20) or an arbitrary double e^u (|u| ≤ 5), half each.
    static func scale(_ random: inout TestRandom, powersOfTwoOnly: Bool = false) -> Double {
        if powersOfTwoOnly || random.next(2) == 0 { return Foundation.scalbn(1.0, random.next(41) - 20) }
        return Foundation.exp(10 * uniform(&random) - 5)
    }

    /// g·A by hand, every entry then multiplied by (1 + δ·z), z standard normal:
    /// rows of W_h moved by π_h and scaled by α_h, columns by π_{h−1} and 1/α_{h−1}.
    static func transformed(_ layers: Layers, permutations: [[Int]], alphas: [[Double]], noise δ: Double,
                            _ random: inout TestRandom) -> Layers {
        let depth = layers.count
        return layers.enumerated().map { index, layer in
            let h = index + 1
            let (w, b) = layer
            let n = w.count, m = w[0].count
            let rowPermutation = h < depth ? permutations[h - 1] : Array(0..<n)
            let rowAlpha = h < depth ? alphas[h - 1] : Array(repeating: 1.0, count: n)
            let columnPermutation = h > 1 ? permutations[h - 2] : Array(0..<m)
            let columnAlpha = h > 1 ? alphas[h - 2] : Array(repeating: 1.0, count: m)
            var out = Array(repeating: Array(repeating: 0.0, count: m), count: n)
            var bias = b.map { _ in Array(repeating: 0.0, count: n) }
            for k in 0..<n {
                for j in 0..<m {
                    out[rowPermutation[k]][columnPermutation[j]] = w[k][j] * rowAlpha[k] / columnAlpha[j] * (1 + δ * random.normal())
                }
                if let b { bias?[rowPermutation[k]] = b[k] * rowAlpha[k] * (1 + δ * random.normal()) }
            }
            return (out, bias)
        }
    }

    /// A random group element for hidden widths `widths[1..<L]`.
    static func groupElement(_ widths: [Int], _ random: inout TestRandom, powersOfTwoOnly: Bool = false) -> (permutations: [[Int]], alphas: [[Double]]) {
        let hidden = Array(widths.dropFirst().dropLast())
        return (hidden.map { Array(0..<$0).shuffled(using: &random) },
                hidden.map { (0..<$0).map { _ in scale(&random, powersOfTwoOnly: powersOfTwoOnly) } })
    }

    /// (a) B = g·A with relative noise δ per entry: found equivalent at ε = 1e-4,
    /// the true permutation in every layer, every α within 1e-6 of the true
    /// one, and the largest distance of the noise's size (δ/4 < d ≤ 10δ: the
    /// noise of a unit row is ≈ δ, and scale errors carried upward add a few δ;
    /// measured 0.9δ … 4.9δ over these 40 trials).
    @Test func noisyGroupElementsAreAligned() throws {
        var random = TestRandom(2024)
        let δ = 1e-9
        for trial in 0..<40 {
            let depth = 3 + random.next(3)
            let widths = [2 + random.next(4)] + (1..<depth).map { _ in 3 + random.next(6) } + [1 + random.next(3)]
            let layers = Self.randomLayers(widths, bias: random.next(2) == 0, &random)
            let g = Self.groupElement(widths, &random)
            let a = try Self.network(layers), b = try Self.network(Self.transformed(layers, permutations: g.permutations, alphas: g.alphas, noise: δ, &random))
            guard case .equivalent(let match) = DeepApproximateEquivalence.compare(a, b, tolerance: 1e-4) else {
                Issue.record("trial \(trial): g·A + noise not aligned (widths \(widths))"); continue
            }
            #expect(match.layers.map(\.permutation) == g.permutations, "trial \(trial)")
            for (h, layer) in match.layers.enumerated() {
                for (k, alpha) in layer.alphas.enumerated() {
                    #expect(abs(alpha.doubleValue / g.alphas[h][k] - 1) < 1e-6, "trial \(trial): α of (\(h + 1), \(k))")
                }
            }
            #expect(match.maximumDistance > δ / 4 && match.maximumDistance <= 10 * δ, "trial \(trial): \(match.maximumDistance)")
            // The same pair at a tolerance below the noise: not equivalent.
            if case .equivalent = DeepApproximateEquivalence.compare(a, b, tolerance: δ / 100) {
                Issue.record("trial \(trial): equivalent below the noise level")
            }
        }
    }

    /// Without noise and with power-of-two scales, g·A is exact in binary64:
    /// every distance is 0 and every α is the true one, bit for bit. (d ≥ 2:
    /// with one input and no bias the first layer's neurons are ties, ±1 after
    /// normalising, which the alignment pairs arbitrarily.)
    @Test func exactPowerOfTwoGroupElementsAreAtDistanceZero() throws {
        var random = TestRandom(77)
        for trial in 0..<20 {
            let depth = 3 + random.next(3)
            let widths = [2 + random.next(4)] + (1..<depth).map { _ in 2 + random.next(6) } + [1 + random.next(3)]
            let layers = Self.randomLayers(widths, bias: trial % 2 == 0, &random)
            let g = Self.groupElement(widths, &random, powersOfTwoOnly: true)
            let a = try Self.network(layers), b = try Self.network(Self.transformed(layers, permutations: g.permutations, alphas: g.alphas, noise: 0, &random))
            guard case .equivalent(let match) = DeepApproximateEquivalence.compare(a, b, tolerance: 0) else {
                Issue.record("trial \(trial): exact g·A not equivalent at ε = 0"); continue
            }
            #expect(match.maximumDistance == 0 && match.worst == nil)
            #expect(match.layers.map(\.permutation) == g.permutations)
            #expect(match.layers.map { $0.alphas.map(\.doubleValue) } == g.alphas)
        }
    }

    /// (b) Two independent random networks: not equivalent at ε = 0.01, and the
    /// first hidden layer already fails (nothing is carried there: this one is
    /// a proof for the metric). With the first layer shared and the rest
    /// independent, the failure is named in hidden layer 2.
    @Test func independentNetworksAreNotEquivalent() throws {
        var random = TestRandom(5)
        for trial in 0..<30 {
            let depth = 3 + random.next(2)
            let widths = [3 + random.next(3)] + (1..<depth).map { _ in 3 + random.next(5) } + [1 + random.next(2)]
            let bias = random.next(2) == 0
            let a = Self.randomLayers(widths, bias: bias, &random), b = Self.randomLayers(widths, bias: bias, &random)
            guard case .notEquivalent(let layer, let neuron, let nearest, _) = DeepApproximateEquivalence.compare(try Self.network(a), try Self.network(b), tolerance: 0.01) else {
                Issue.record("trial \(trial): independent networks called equivalent"); continue
            }
            if bias {
                // Independent output biases differ first (compared before any layer).
                #expect(layer == nil && neuron == nil && (nearest ?? 0) > 0.01)
            } else {
                #expect(layer == 1 && neuron != nil && (nearest ?? 0) > 0.01)
            }
            var shared = b
            shared[0] = a[0]
            if let biasA = a.last?.1 { shared[depth - 1].1 = biasA }
            guard case .notEquivalent(let sharedLayer, _, _, _) = DeepApproximateEquivalence.compare(try Self.network(a), try Self.network(shared), tolerance: 0.01) else {
                Issue.record("trial \(trial): shared first layer, independent rest, called equivalent"); continue
            }
            #expect(sharedLayer == 2, "trial \(trial)")
        }
    }

    /// (c) B = g·A exactly (powers of two), then one weight of W_h multiplied by
    /// 1 + 1e-7: the largest distance is named in hidden layer h (W_L's weights
    /// are part of the last hidden layer's rows: layer L − 1), every layer
    /// below has distance exactly 0, and the largest is of the perturbation's size.
    /// A perturbed output bias is named as such (layer nil).
    @Test func onePerturbedWeightIsNamedInItsLayer() throws {
        var random = TestRandom(99)
        var named = 0, total = 0
        for trial in 0..<60 {
            let depth = 3 + random.next(3)
            let widths = [3 + random.next(4)] + (1..<depth).map { _ in 4 + random.next(6) } + [1 + random.next(3)]
            let layers = Self.randomLayers(widths, bias: true, &random)
            let g = Self.groupElement(widths, &random, powersOfTwoOnly: true)
            var b = Self.transformed(layers, permutations: g.permutations, alphas: g.alphas, noise: 0, &random)
            let h = 1 + random.next(depth)
            let i = random.next(widths[h]), j = random.next(widths[h - 1])
            b[h - 1].0[i][j] *= 1 + 1e-7
            guard case .equivalent(let match) = DeepApproximateEquivalence.compare(try Self.network(layers), try Self.network(b), tolerance: 1e-3) else {
                Issue.record("trial \(trial): a 1e-7 perturbation broke the alignment"); continue
            }
            let expected = min(h, depth - 1)
            total += 1
            if match.worst?.layer == expected { named += 1 } else {
                Issue.record("trial \(trial): perturbed W\(h), largest distance named in layer \(String(describing: match.worst?.layer)): \(match.layers.map(\.maximumDistance))")
            }
            #expect(match.layers.prefix(expected - 1).allSatisfy { $0.maximumDistance == 0 }, "trial \(trial)")
            #expect(match.maximumDistance > 0 && match.maximumDistance < 1e-6, "trial \(trial): \(match.maximumDistance)")
            #expect(match.layers.map(\.permutation) == g.permutations)
        }
        #expect(named == total && total == 60)
        // The output bias.
        let layers = Self.randomLayers([3, 4, 4, 2], bias: true, &random)
        var b = layers
        b[2].1?[1] *= 1 + 1e-7
        guard case .equivalent(let match) = DeepApproximateEquivalence.compare(try Self.network(layers), try Self.network(b), tolerance: 1e-3) else {
            Issue.record("a perturbed output bias broke the alignment"); return
        }
        #expect(match.worst == DeepApproximateEquivalence.Location(layer: nil, neuron: nil))
        #expect(match.layers.allSatisfy { $0.maximumDistance == 0 })
    }

    /// For one hidden layer the result is `ApproximateEquivalence`'s, field by
    /// field: noisy group elements, independent pairs, perturbed copies, at
    /// tolerances from 0 to 1.
    @Test func oneHiddenLayerEqualsApproximateEquivalence() throws {
        var random = TestRandom(11)
        var equivalent = 0, notEquivalent = 0
        for trial in 0..<200 {
            let widths = [1 + random.next(4), 1 + random.next(7), 1 + random.next(3)]
            let bias = random.next(2) == 0
            let layers = Self.randomLayers(widths, bias: bias, &random)
            let other: Layers
            switch trial % 3 {
            case 0: let g = Self.groupElement(widths, &random); other = Self.transformed(layers, permutations: g.permutations, alphas: g.alphas, noise: 1e-6, &random)
            case 1: other = Self.randomLayers(widths, bias: bias, &random)
            default: let g = Self.groupElement(widths, &random); other = Self.transformed(layers, permutations: g.permutations, alphas: g.alphas, noise: 0.05, &random)
            }
            let tolerance = [0, 1e-7, 1e-5, 0.01, 0.1, 1][random.next(6)]
            let a = try Self.network(layers), b = try Self.network(other)
            let deep = DeepApproximateEquivalence.compare(a, b, tolerance: tolerance)
            let flat = ApproximateEquivalence.compare(try a.twoLayerModel(), try b.twoLayerModel(), tolerance: tolerance)
            switch (deep, flat) {
            case (.equivalent(let d), .equivalent(let f)):
                equivalent += 1
                #expect(d.layers.count == 1)
                #expect(d.layers[0].permutation == f.permutation && d.layers[0].alphas == f.alphas && d.layers[0].distances == f.distances, "trial \(trial)")
                #expect(d.outputBiasDistance == f.outputBiasDistance && d.maximumDistance == f.maximumDistance, "trial \(trial)")
            case (.notEquivalent(let layer, let neuron, let nearest, _), .notEquivalent(let fNeuron, let fNearest, _)):
                notEquivalent += 1
                #expect(neuron == fNeuron && nearest == fNearest, "trial \(trial)")
                #expect(layer == (fNeuron == nil ? nil : 1), "trial \(trial)")
            default:
                Issue.record("trial \(trial): \(deep) against \(flat)")
            }
        }
        #expect(equivalent >= 40 && notEquivalent >= 40)
    }

    /// Zero-input neurons below the last hidden layer (all input weights and
    /// bias 0) are paired by their outgoing columns once the layer above is
    /// aligned: two of them in layer 1 of a 2 → 4 → 3 → 1 net, swapped and
    /// rescaled (α = 8 and 0.3) with noise 1e-9, are recovered; an outgoing
    /// column negated is not a positive multiple: not equivalent, named in layer 1.
    @Test func zeroInputNeuronsArePairedByOutgoingColumns() throws {
        var random = TestRandom(3)
        var layers = Self.randomLayers([2, 4, 3, 1], bias: true, &random)
        for k in [0, 2] {
            layers[0].0[k] = [0, 0]
            layers[0].1?[k] = 0
        }
        let permutations = [[2, 1, 0, 3], [1, 2, 0]], alphas = [[8, 1.5, 0.3, 2], [0.5, 4, 3]]
        let b = Self.transformed(layers, permutations: permutations, alphas: alphas, noise: 1e-9, &random)
        let a = try Self.network(layers)
        guard case .equivalent(let match) = DeepApproximateEquivalence.compare(a, try Self.network(b), tolerance: 1e-6) else {
            Issue.record("zero-input neurons swapped and rescaled were not aligned"); return
        }
        #expect(match.layers.map(\.permutation) == permutations)
        for (h, layer) in match.layers.enumerated() {
            for (k, alpha) in layer.alphas.enumerated() { #expect(abs(alpha.doubleValue / alphas[h][k] - 1) < 1e-6) }
        }
        #expect(match.layers[0].distances[0] > 0 && match.layers[0].distances[0] < 1e-7)   // the outgoing column's noise
        var negated = b
        for i in 0..<3 { negated[1].0[i][2] = -negated[1].0[i][2] }   // column of B's neuron 2 = A's neuron 0
        guard case .notEquivalent(let layer, let neuron, let nearest, _) = DeepApproximateEquivalence.compare(a, try Self.network(negated), tolerance: 1e-6) else {
            Issue.record("a negated outgoing column was called equivalent"); return
        }
        #expect(layer == 1 && neuron == 0)
        #expect((nearest ?? 0) > 0.1)
    }

    /// A neuron of layer 2 whose only non-zero input weight comes from a dead
    /// neuron (no bias): the scales are coupled, so unknown against g·A (the
    /// dead neuron scaled by 2), never a verdict; against itself, distance 0.
    @Test func coupledScalesAreUnknown() throws {
        var random = TestRandom(1)
        let layers: Layers = [([[0, 0], [1, 2]], nil), ([[1, 0], [1, 3]], nil), ([[1, -2]], nil)]
        let b = Self.transformed(layers, permutations: [[0, 1], [0, 1]], alphas: [[2, 1], [1, 1]], noise: 0, &random)
        let a = try Self.network(layers)
        guard case .unknown(let reason) = DeepApproximateEquivalence.compare(a, try Self.network(b), tolerance: 0.1) else {
            Issue.record("coupled scales must be unknown"); return
        }
        #expect(reason.contains("coupled"))
        guard case .equivalent(let match) = DeepApproximateEquivalence.compare(a, a, tolerance: 0) else { Issue.record("A against itself"); return }
        #expect(match.maximumDistance == 0 && match.layers.map(\.permutation) == [[0, 1], [0, 1]])
    }
}

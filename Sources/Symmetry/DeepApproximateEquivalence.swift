import ExactNumbers
import ReluNetwork

/// `equiv --tolerance ε` for networks of any depth (SPEC §13.6): a heuristic
/// alignment of A to B over `G` (per-neuron positive rescalings, per-layer
/// permutations), layer by layer from the input. It is the counterpart of
/// weight matching (Git Re-Basin), which aligns permutations only; it is not
/// an exact decision.
///
/// At hidden layer h, A's input sides carry the permutation and the scales
/// found below (entry π(j) of row k is `W_h[k, j] / α_j`); each neuron's input
/// side (weights and bias) is normalised to unit norm, its factor α moving to
/// the next layer's column; A's neurons are matched to B's by the bottleneck
/// assignment of `ApproximateEquivalence` (minimise the largest relative L2
/// distance). In the last hidden layer the row is `(a/‖a‖, o·‖a‖)` with the
/// outgoing weights `o` (the outputs' order is fixed), and the output biases
/// are compared by their relative distance, as for one hidden layer: for
/// `L = 2` this is exactly `ApproximateEquivalence`.
///
/// A neuron below the last hidden layer whose input side is exactly zero has
/// a free scale that reaches only its outgoing column: it is matched to a
/// zero-input neuron of B after the layer above is aligned, by the same
/// assignment on unit-normalised outgoing columns (its distance is reported
/// in its own layer), and the layer above normalises its input sides without
/// those columns.
///
/// Meaning of the verdict: every distance reported belongs to one concrete
/// group element g (the certificate), so "equivalent within ε" says that g·A
/// is within ε of B in every layer. "Not equivalent" says that this alignment
/// found none: above the first hidden layer, another choice of the lower
/// layers' permutations could in principle do better.
public enum DeepApproximateEquivalence {
    /// One hidden layer of the certificate: A's neuron k is B's
    /// `permutation[k]`, its input side scaled by `alphas[k]`, at relative
    /// distance `distances[k]`.
    public struct LayerMatch: Sendable, Equatable {
        public var permutation: [Int]
        public var alphas: [ScaledDouble]
        public var distances: [Double]
        /// The largest distance of this layer (0 for an empty one).
        public var maximumDistance: Double { distances.max() ?? 0 }
    }

    /// Where the largest distance is: a neuron of A in a hidden layer (1-based),
    /// or the output bias (`layer` and `neuron` nil).
    public struct Location: Sendable, Equatable {
        public let layer: Int?
        public let neuron: Int?
    }

    public struct Match: Sendable, Equatable {
        /// Hidden layers 1 … L − 1.
        public let layers: [LayerMatch]
        public let outputBiasDistance: Double
        /// The largest distance over every layer and the output bias.
        public let maximumDistance: Double
        /// nil when every distance is 0.
        public let worst: Location?
    }

    public enum Result: Sendable, Equatable {
        case equivalent(Match)
        /// `layer`: the hidden layer (1-based) where no permutation matches every
        /// neuron within ε (nil when the output biases or the shapes differ);
        /// `neuron`: the first neuron of A left without a partner there;
        /// `nearest`: its distance to the closest neuron of B (the biases'
        /// distance when `layer` is nil).
        case notEquivalent(layer: Int?, neuron: Int?, nearest: Double?, reason: String)
        /// A configuration the alignment does not handle (named in `reason`).
        case unknown(reason: String)
    }

    public static func compare(_ a: LayeredNetwork, _ b: LayeredNetwork, tolerance: Double) -> Result {
        let result = align(a, b, tolerance: tolerance)
        // What the alignment leaves open may still be the identity (A against itself).
        if case .unknown = result, identical(a, b) {
            let layers = (1..<a.depth).map { h in
                LayerMatch(permutation: Array(0..<a.widths[h]), alphas: Array(repeating: ScaledDouble(significand: 1, exponent: 0), count: a.widths[h]),
                           distances: Array(repeating: 0, count: a.widths[h]))
            }
            return .equivalent(Match(layers: layers, outputBiasDistance: 0, maximumDistance: 0, worst: nil))
        }
        return result
    }

    /// Every weight and bias of A equal to B's (same shapes assumed checked by the caller's guard).
    static func identical(_ a: LayeredNetwork, _ b: LayeredNetwork) -> Bool {
        guard a.widths == b.widths else { return false }
        return zip(a.layers, b.layers).allSatisfy { x, y in
            func same(_ s: Tensor?, _ t: Tensor?) -> Bool {
                guard let s, let t else { return s == nil && t == nil }
                return s.values.count == t.values.count && (0..<s.values.count).allSatisfy { ScaledVector.entry(s, $0) == ScaledVector.entry(t, $0) }
            }
            return same(x.weights, y.weights) && same(x.bias, y.bias)
        }
    }

    static func align(_ a: LayeredNetwork, _ b: LayeredNetwork, tolerance: Double) -> Result {
        guard a.widths == b.widths else {
            return .notEquivalent(layer: nil, neuron: nil, nearest: nil, reason: "widths differ: \(a.widths) and \(b.widths)")
        }
        guard a.activation == b.activation else {
            return .notEquivalent(layer: nil, neuron: nil, nearest: nil, reason: "activations differ: \(a.activation) and \(b.activation)")
        }
        for h in 1...a.depth where a.hasBias(h) != b.hasBias(h) {
            return .notEquivalent(layer: nil, neuron: nil, nearest: nil, reason: "one network has a bias b\(h) and the other has none")
        }
        let depth = a.depth
        let biasDistance = ApproximateEquivalence.distance(outputBias(a), outputBias(b), limit: .infinity) ?? 2
        guard biasDistance <= tolerance else {
            return .notEquivalent(layer: nil, neuron: nil, nearest: biasDistance,
                                  reason: "the output biases β differ: relative distance \(biasDistance) > \(tolerance) (G does not act on β)")
        }
        var layers: [LayerMatch] = []
        var deferred = DeepEquivalence.Deferred()
        for h in 1..<depth {
            let n = a.widths[h]
            let below = h > 1 ? layers[h - 2] : nil
            let sidesA = inputSides(a, layer: h, carrying: below, leavingOut: deferred.a)
            let sidesB = inputSides(b, layer: h, carrying: nil, leavingOut: deferred.b)
            let last = h == depth - 1
            let empty = ScaledVector(entries: [])
            let rowsA = (0..<n).map { k in ApproximateEquivalence.normalized(a: sidesA[k], v: last ? outgoing(a, layer: h, neuron: k) : empty) }
            let rowsB = (0..<n).map { k in ApproximateEquivalence.normalized(a: sidesB[k], v: last ? outgoing(b, layer: h, neuron: k) : empty) }
            let found: ApproximateEquivalence.Match
            switch ApproximateEquivalence.compare(rowsA, rowsB, tolerance: tolerance) {
            case .equivalent(let match): found = match
            case .notEquivalent(let neuron, let nearest, _):
                let side = last ? "input and outgoing weights" : "input weights"
                return .notEquivalent(layer: h, neuron: neuron, nearest: nearest,
                                      reason: "hidden layer \(h): no permutation matches every neuron within relative distance \(tolerance) (\(side), normalised); neuron \(neuron.map(String.init) ?? "?") of A is left without a partner")
            }
            // A neuron whose only non-zero input weights come from deferred neurons: its
            // scale and theirs are coupled (decided only after this layer matched within ε).
            for (name, network, sides, columns) in [("A", a, sidesA, deferred.a), ("B", b, sidesB, deferred.b)] {
                let weights = network.layers[h - 1].weights, m = network.widths[h - 1]
                if let k = (0..<n).first(where: { k in sides[k].leadingExponent == nil && columns.contains { weights.sign(at: k * m + $0) != 0 } }) {
                    return .unknown(reason: "neuron \(k) of hidden layer \(h) of \(name) has non-zero input weights only from neurons of layer \(h - 1) whose own input weights are all zero: their scales are coupled, which this alignment does not handle")
                }
            }
            var layer = LayerMatch(permutation: found.permutation, alphas: found.alphas, distances: found.distances)
            // The previous layer's zero-input neurons, now that this layer is aligned.
            if !deferred.isEmpty {
                switch pairDeferred(a, b, layer: h, deferred: deferred, aligned: layer, tolerance: tolerance) {
                case .success(let pairs):
                    for (j, pair) in zip(deferred.a, pairs) {
                        layers[h - 2].permutation[j] = pair.partner
                        layers[h - 2].alphas[j] = pair.alpha
                        layers[h - 2].distances[j] = pair.distance
                    }
                case .failure(let mismatch):
                    return mismatch.result
                }
            }
            // This layer's zero-input neurons matched to zero-input neurons of B
            // (below the last hidden layer): paired again once layer h + 1 is aligned.
            deferred = DeepEquivalence.Deferred()
            if !last {
                for k in 0..<n where sidesA[k].leadingExponent == nil && sidesB[layer.permutation[k]].leadingExponent == nil {
                    deferred.a.append(k)
                    deferred.b.append(layer.permutation[k])
                    layer.alphas[k] = ScaledDouble(significand: 1, exponent: 0)
                }
            }
            layers.append(layer)
        }
        // The first largest distance, layers from the input, then the output bias.
        var worst: Location? = nil, largest = 0.0
        for (index, layer) in layers.enumerated() {
            for (k, d) in layer.distances.enumerated() where d > largest {
                largest = d
                worst = Location(layer: index + 1, neuron: k)
            }
        }
        if biasDistance > largest {
            largest = biasDistance
            worst = Location(layer: nil, neuron: nil)
        }
        return .equivalent(Match(layers: layers, outputBiasDistance: biasDistance, maximumDistance: largest, worst: worst))
    }

    /// A deferred neuron's partner in B, its scale and its distance.
    struct DeferredPair {
        let partner: Int
        let alpha: ScaledDouble
        let distance: Double
    }

    /// A deferred neuron left without a partner, as the verdict it gives.
    struct DeferredMismatch: Error {
        let result: Result
    }

    /// Pairs layer h − 1's deferred zero-input neurons by their outgoing columns:
    /// A's column j carried into B's row order (entry π_h(k) is `W_h[k, j] · α_{h,k}`),
    /// both unit-normalised, matched by the bottleneck assignment. α_j makes
    /// B's column A's divided by α_j: the ratio of the norms.
    static func pairDeferred(_ a: LayeredNetwork, _ b: LayeredNetwork, layer h: Int, deferred: DeepEquivalence.Deferred,
                             aligned: LayerMatch, tolerance: Double) -> Swift.Result<[DeferredPair], DeferredMismatch> {
        let n = a.widths[h], m = a.widths[h - 1]
        let wa = a.layers[h - 1].weights, wb = b.layers[h - 1].weights
        let empty = ScaledVector(entries: [])
        let rowsA = deferred.a.map { j in
            var column = [(value: Double, exponent: Int)](repeating: (0, 0), count: n)
            for k in 0..<n { column[aligned.permutation[k]] = multiply(ScaledVector.entry(wa, k * m + j), by: aligned.alphas[k]) }
            return ApproximateEquivalence.normalized(a: ScaledVector(entries: column), v: empty)
        }
        let rowsB = deferred.b.map { j in
            ApproximateEquivalence.normalized(a: ScaledVector(entries: (0..<n).map { ScaledVector.entry(wb, $0 * m + j) }), v: empty)
        }
        switch ApproximateEquivalence.compare(rowsA, rowsB, tolerance: tolerance) {
        case .equivalent(let match):
            let one = ScaledDouble(significand: 1, exponent: 0)
            return .success((0..<deferred.a.count).map { i in
                // compare's α is s_A/s_B; B's column = A's / α_j needs α_j = s_B/s_A.
                DeferredPair(partner: deferred.b[match.permutation[i]], alpha: one.dividing(by: match.alphas[i]), distance: match.distances[i])
            })
        case .notEquivalent(let index, let nearest, _):
            let j = index.map { deferred.a[$0] }
            return .failure(DeferredMismatch(result: .notEquivalent(
                layer: h - 1, neuron: j, nearest: nearest,
                reason: "hidden layer \(h - 1): neuron \(j.map(String.init) ?? "?") of A has all input weights zero, and no such neuron of B has outgoing weights (into layer \(h), aligned) within relative distance \(tolerance) of a positive multiple of its")))
        }
    }

    /// Input sides of hidden layer h: row k of `W_h` and `b_h[k]`. With `carrying`
    /// (A), entry j goes to column π(j) divided by α_j; columns in `leavingOut`
    /// (deferred zero-input neurons of layer h − 1) are left at zero.
    static func inputSides(_ network: LayeredNetwork, layer h: Int, carrying below: LayerMatch?, leavingOut: [Int]) -> [ScaledVector] {
        let n = network.widths[h], m = network.widths[h - 1]
        let weights = network.layers[h - 1].weights, bias = network.layers[h - 1].bias
        let skipped = Set(leavingOut)
        return (0..<n).map { k in
            var entries = [(value: Double, exponent: Int)](repeating: (0, 0), count: m)
            for j in 0..<m where !skipped.contains(j) {
                let entry = ScaledVector.entry(weights, k * m + j)
                if let below {
                    entries[below.permutation[j]] = divide(entry, by: below.alphas[j])
                } else {
                    entries[j] = entry
                }
            }
            if let bias { entries.append(ScaledVector.entry(bias, k)) }
            return ScaledVector(entries: entries)
        }
    }

    /// Outgoing weights of hidden neuron (h, k): column k of `W_{h+1}`.
    static func outgoing(_ network: LayeredNetwork, layer h: Int, neuron k: Int) -> ScaledVector {
        let n = network.widths[h]
        let weights = network.layers[h].weights
        return ScaledVector(entries: (0..<network.widths[h + 1]).map { ScaledVector.entry(weights, $0 * n + k) })
    }

    /// The output bias `b_L` (the empty vector when there is none).
    static func outputBias(_ network: LayeredNetwork) -> ScaledVector {
        guard let bias = network.layers[network.depth - 1].bias else { return ScaledVector(entries: []) }
        return ScaledVector(entries: (0..<bias.values.count).map { ScaledVector.entry(bias, $0) })
    }

    /// `x / α` and `x · α` as `value · 2^exponent` without overflow: the value's
    /// significand (in [1, 2)) is combined with α's, the exponents added. α = 1 leaves x as it is.
    static func divide(_ x: (value: Double, exponent: Int), by alpha: ScaledDouble) -> (value: Double, exponent: Int) {
        if alpha.significand == 1 && alpha.exponent == 0 || x.value == 0 { return x }
        return ((x.value.sign == .minus ? -1 : 1) * x.value.significand / alpha.significand, x.exponent + Int(x.value.exponent) - alpha.exponent)
    }

    static func multiply(_ x: (value: Double, exponent: Int), by alpha: ScaledDouble) -> (value: Double, exponent: Int) {
        if alpha.significand == 1 && alpha.exponent == 0 || x.value == 0 { return x }
        return ((x.value.sign == .minus ? -1 : 1) * x.value.significand * alpha.significand, x.exponent + Int(x.value.exponent) + alpha.exponent)
    }
}

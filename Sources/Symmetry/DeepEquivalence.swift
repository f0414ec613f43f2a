import ExactNumbers
import ReluNetwork

/// Exact equivalence of two networks of any depth modulo `G` (SPEC §13.6):
/// per-neuron positive rescalings and per-layer permutations. Layer by layer
/// from the input: A's neurons of hidden layer h, with the previous layer's
/// permutation and scales carried into their input sides, are matched to B's
/// by their normalised input sides (first non-zero entry of magnitude 1);
/// then the last layer must agree exactly. Neurons of one layer whose
/// normalised input sides coincide (ties) are told apart by their outgoing
/// weights as a multiset; ties that remain are `unknown` rather than guessed.
public enum DeepEquivalence {
    /// One hidden layer's part of a certificate: A's neuron k is B's neuron
    /// `permutation[k]`, its input side scaled by `alphas[k]`.
    public struct LayerMap: Sendable, Equatable {
        public let permutation: [Int]
        public let alphas: [Rational]
    }

    public enum Result: Sendable, Equatable {
        /// `B = g·A`, with the map of every hidden layer (re-checked exactly).
        case equivalent([LayerMap])
        case notEquivalent(layer: Int?, neuron: Int?, reason: String)
        /// Ties a bounded search did not resolve.
        case unknown(reason: String)
    }

    /// The exact entries of a tensor as rows (`rows × columns`).
    static func rows(_ tensor: Tensor, rows: Int, columns: Int) -> [[Rational]] {
        (0..<rows).map { i in (0..<columns).map { tensor.exactValue(at: i * columns + $0) } }
    }

    public static func compare(_ a: LayeredNetwork, _ b: LayeredNetwork) -> Result {
        guard a.widths == b.widths else {
            return .notEquivalent(layer: nil, neuron: nil, reason: "widths differ: \(a.widths) and \(b.widths)")
        }
        guard a.activation == b.activation else {
            return .notEquivalent(layer: nil, neuron: nil, reason: "activations differ: \(a.activation) and \(b.activation)")
        }
        for h in 1...a.depth where a.hasBias(h) != b.hasBias(h) {
            return .notEquivalent(layer: nil, neuron: nil, reason: "one network has a bias b\(h) and the other has none")
        }
        let widths = a.widths, depth = a.depth
        // A's weights with the previous layer's map applied to their columns.
        var previous = LayerMap(permutation: Array(0..<widths[0]), alphas: Array(repeating: Rational(1), count: widths[0]))
        var maps: [LayerMap] = []
        for h in 1...depth {
            let n = widths[h], m = widths[h - 1]
            let wa = rows(a.layers[h - 1].weights, rows: n, columns: m), wb = rows(b.layers[h - 1].weights, rows: n, columns: m)
            let ba = a.layers[h - 1].bias.map { t in (0..<n).map { t.exactValue(at: $0) } }
            let bb = b.layers[h - 1].bias.map { t in (0..<n).map { t.exactValue(at: $0) } }
            // Row k of A in B's column order: entry π(j) is W[k, j] / α_j.
            let carried: [[Rational]] = wa.enumerated().map { k, row in
                var moved = [Rational](repeating: .zero, count: m)
                for j in 0..<m { moved[previous.permutation[j]] = row[j] / previous.alphas[j] }
                return moved + (ba.map { [$0[k]] } ?? [])
            }
            let target = wb.enumerated().map { k, row in row + (bb.map { [$0[k]] } ?? []) }
            if h == depth {
                // The output layer: no rescaling freedom left.
                for k in 0..<n where carried[k] != target[k] {
                    return .notEquivalent(layer: h, neuron: k, reason: "output \(k) differs after matching every hidden layer (its weights or bias)")
                }
                return verify(maps, a, b) ? .equivalent(maps) : .unknown(reason: "the matching did not re-check (a defect: please report it)")
            }
            // The last hidden layer's outgoing weights meet the outputs, whose order
            // is fixed: they are part of the key there. Deeper down the next layer
            // rescales and permutes them, so only the input side is invariant.
            let last = h == depth - 1
            let nextA = rows(a.layers[h].weights, rows: widths[h + 1], columns: n)
            let nextB = rows(b.layers[h].weights, rows: widths[h + 1], columns: n)
            func normalised(_ side: [Rational], _ outgoing: [Rational]) -> (key: [Rational], scale: Rational) {
                let scale = side.first(where: { !$0.isZero }).map { Rational(1) / $0.magnitude }
                    ?? outgoing.first(where: { !$0.isZero }).map(\.magnitude) ?? Rational(1)
                let sideKey = side.map { $0 * scale }
                return (last ? sideKey + outgoing.map { $0 / scale } : sideKey, scale)
            }
            var partners: [[Rational]: [(index: Int, scale: Rational)]] = [:]
            for k in 0..<n {
                let key = normalised(target[k], nextB.map { $0[k] })
                partners[key.key, default: []].append((k, key.scale))
            }
            var permutation = [Int](repeating: 0, count: n), alphas = [Rational](repeating: Rational(1), count: n)
            var tied = 0
            for k in 0..<n {
                let key = normalised(carried[k], nextA.map { $0[k] })
                guard var candidates = partners[key.key], let match = candidates.first else {
                    return .notEquivalent(layer: h, neuron: k, reason: "neuron \(k) of hidden layer \(h) has no partner in B (input weights and outgoing weights, up to a positive scale)")
                }
                if candidates.count > 1 { tied += 1 }
                candidates.removeFirst()
                partners[key.key] = candidates
                permutation[k] = match.index
                alphas[k] = key.scale / match.scale
            }
            if tied > 0 && !last {
                // Tied neurons of a lower layer: which pairing is right depends on the
                // layers above, which this bounded method does not search.
                return .unknown(reason: "hidden layer \(h) has \(tied) neuron(s) whose input weights coincide up to scale with another's; telling them apart needs a search over their pairings")
            }
            previous = LayerMap(permutation: permutation, alphas: alphas)
            maps.append(previous)
        }
        return verify(maps, a, b) ? .equivalent(maps) : .unknown(reason: "the matching did not re-check (a defect: please report it)")
    }

    /// Applies the certificate to A, exactly, and compares every weight and bias with B.
    public static func verify(_ maps: [LayerMap], _ a: LayeredNetwork, _ b: LayeredNetwork) -> Bool {
        let widths = a.widths, depth = a.depth
        guard maps.count == depth - 1, a.widths == b.widths else { return false }
        for (h, map) in maps.enumerated() {
            guard map.permutation.count == widths[h + 1], Set(map.permutation).count == widths[h + 1],
                  map.alphas.allSatisfy({ $0.signum > 0 }) else { return false }
        }
        for h in 1...depth {
            let n = widths[h], m = widths[h - 1]
            let wa = rows(a.layers[h - 1].weights, rows: n, columns: m), wb = rows(b.layers[h - 1].weights, rows: n, columns: m)
            let rowMap = h < depth ? maps[h - 1] : LayerMap(permutation: Array(0..<n), alphas: Array(repeating: Rational(1), count: n))
            let columnMap = h > 1 ? maps[h - 2] : LayerMap(permutation: Array(0..<m), alphas: Array(repeating: Rational(1), count: m))
            for k in 0..<n {
                for j in 0..<m {
                    let moved = wa[k][j] * rowMap.alphas[k] / columnMap.alphas[j]
                    if moved != wb[rowMap.permutation[k]][columnMap.permutation[j]] { return false }
                }
                if let biasA = a.layers[h - 1].bias, let biasB = b.layers[h - 1].bias,
                   biasA.exactValue(at: k) * rowMap.alphas[k] != biasB.exactValue(at: rowMap.permutation[k]) { return false }
            }
        }
        return true
    }
}

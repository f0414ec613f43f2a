import ExactNumbers
import ReluNetwork

/// Exact equivalence of two networks of any depth modulo `G` (SPEC §13.6):
/// per-neuron positive rescalings and per-layer permutations. Layer by layer
/// from the input: A's neurons of hidden layer h, with the previous layer's
/// permutation and scales carried into their input sides, are matched to B's
/// by their normalised input sides (first non-zero entry of magnitude 1);
/// then the last layer must agree exactly. In the last hidden layer the
/// outgoing weights join the key (the outputs' order is fixed). Below it,
/// neurons whose normalised input sides coincide (ties) are tried in every
/// pairing, depth first, within a bound; past it the answer is `unknown`.
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
        var budget = searchBudget
        let start = LayerMap(permutation: Array(0..<a.widths[0]), alphas: Array(repeating: Rational(1), count: a.widths[0]))
        return match(a, b, layer: 1, previous: start, maps: [], budget: &budget)
    }

    /// How many tie assignments the search may try before answering `unknown`.
    public static let searchBudget = 20_000

    /// Matches hidden layer `h` onward, given the map of layer `h − 1`. Tied
    /// neurons (equal normalised input sides below the last hidden layer) are
    /// tried in every pairing, depth first, within `budget`.
    static func match(_ a: LayeredNetwork, _ b: LayeredNetwork, layer h: Int, previous: LayerMap, maps: [LayerMap],
                      budget: inout Int) -> Result {
        let widths = a.widths, depth = a.depth
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
        // Below the last hidden layer a neuron with zero input weights has a free
        // scale that reaches the layer above: not decided here.
        if !last, let dead = (0..<n).first(where: { k in carried[k].allSatisfy(\.isZero) || target[k].allSatisfy(\.isZero) }) {
            return .unknown(reason: "neuron \(dead) of hidden layer \(h) has all input weights zero: its scale is free and reaches the layer above, which this method does not search")
        }
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
        let keysA = (0..<n).map { k in normalised(carried[k], nextA.map { row in row[k] }) }
        for (k, key) in keysA.enumerated() where (partners[key.key]?.count ?? 0) != keysA.filter({ $0.key == key.key }).count {
            return .notEquivalent(layer: h, neuron: k, reason: "neuron \(k) of hidden layer \(h) has no partner in B (input weights\(last ? " and outgoing weights" : ""), up to a positive scale)")
        }
        // Assign A's neurons in order; a tie below the last hidden layer branches.
        var permutation = [Int](repeating: 0, count: n), alphas = [Rational](repeating: Rational(1), count: n)
        var used = Set<Int>()
        var unknownReason: String? = nil
        func assign(_ k: Int) -> Result? {
            if k == n {
                guard budget > 0 else {
                    unknownReason = "hidden layer \(h) has neurons whose input weights coincide up to scale, and their pairings exceed the search bound (\(searchBudget))"
                    return nil
                }
                budget -= 1
                let result = match(a, b, layer: h + 1, previous: LayerMap(permutation: permutation, alphas: alphas), maps: maps + [LayerMap(permutation: permutation, alphas: alphas)], budget: &budget)
                if case .equivalent = result { return result }
                if case .unknown(let reason) = result { unknownReason = reason }
                return nil
            }
            let candidates = (partners[keysA[k].key] ?? []).filter { !used.contains($0.index) }
            for candidate in (last ? Array(candidates.prefix(1)) : candidates) {
                used.insert(candidate.index)
                permutation[k] = candidate.index
                alphas[k] = keysA[k].scale / candidate.scale
                if let found = assign(k + 1) { return found }
                used.remove(candidate.index)
                if unknownReason != nil && budget <= 0 { return nil }
            }
            return nil
        }
        if let found = assign(0) { return found }
        if let unknownReason { return .unknown(reason: unknownReason) }
        return .notEquivalent(layer: h, neuron: nil, reason: "no pairing of the neurons of hidden layer \(h) with equal input weights makes the layers above agree")
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

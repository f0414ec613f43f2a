import ExactNumbers

/// SPEC §13.3: which squared coordinates are positive on the whole flow
/// polytope `P = {s ≥ 0 : inflow − outflow = c at every hidden neuron}`, each
/// with its Gale–Hoffman certificate. Pure structure: widths, biases and the
/// exact `c` of every hidden neuron.
///
/// Nodes are the hidden neurons `(h, k)` and one free node F; coordinates are
/// edges: `W_1[k, j]` and `b_h[k]` enter `(h, k)` from F, `W_{h+1}[i, k]` goes
/// from `(h, k)` to `(h + 1, i)`, `W_L[i, k]` from `(L − 1, k)` to F. An edge
/// `e` is locked iff some set X of hidden neurons has `e` as its only leaving
/// edge and `Σ_X c < 0`, or as its only entering edge and `Σ_X c > 0`.
/// Layers are dense, so X is `{v}` or a chain through width-1 layers
/// (SPEC §13.3's corollary): linear time in the number of neurons.
public struct FlowPolytopeLocks: Sendable {
    /// A hidden neuron, `layer` 1-based, `index` 0-based.
    public struct Neuron: Hashable, Sendable, Comparable {
        public let layer: Int, index: Int
        public init(layer: Int, index: Int) { self.layer = layer; self.index = index }
        public static func < (a: Neuron, b: Neuron) -> Bool { (a.layer, a.index) < (b.layer, b.index) }
    }

    /// Which Gale–Hoffman condition proves the lock.
    public enum Side: String, Sendable, Encodable {
        /// `e` is the only edge entering X and `Σ_X c > 0`.
        case into = "in"
        /// `e` is the only edge leaving X and `Σ_X c < 0`.
        case out
    }

    /// One locked coordinate: entry `index` of weight matrix `W_layer` (1-based),
    /// and its certificate.
    public struct Lock: Sendable {
        public let layer: Int
        public let index: [Int]
        public let certificate: [Neuron]
        public let side: Side
        /// The neuron the coordinate belongs to (SPEC §12's order): `W_h[k, ·]`
        /// to the input side of `(h, k)` for `h ≤ L − 1`, `W_L[·, k]` to the output side of `(L − 1, k)`.
        public let owner: Neuron
        public let ownerSide: Side
    }

    public let widths: [Int]
    /// `bias[h]` for `h = 1 … L` (index 0 unused).
    public let bias: [Bool]
    /// `c[h][k]` for hidden layers `h = 1 … L − 1` (index 0 unused).
    public let c: [[Rational]]
    /// Every locked coordinate, in SPEC §12's order.
    public let locks: [Lock]

    public var depth: Int { widths.count - 1 }

    /// `widths = [d, n_1, …, e]`, `bias[h]` whether `W_h` has a bias (`h = 1 … L`,
    /// pass `false` at index 0), `c[h - 1]` the invariants of hidden layer `h`.
    public init(widths: [Int], bias: [Bool], invariants: [[Rational]]) {
        self.widths = widths
        self.bias = bias
        self.c = [[]] + invariants
        self.locks = FlowPolytopeLocks.find(widths: widths, bias: bias, c: [[]] + invariants)
    }

    static func find(widths n: [Int], bias: [Bool], c: [[Rational]]) -> [Lock] {
        let L = n.count - 1
        guard L >= 2 else { return [] }
        let layerSum = c.map { $0.reduce(Rational.zero, +) }
        let negative = c.map { $0.reduce(Rational.zero) { $0 + ($1.signum < 0 ? $1 : .zero) } }
        let positive = c.map { $0.reduce(Rational.zero) { $0 + ($1.signum > 0 ? $1 : .zero) } }
        // prefix[x] = Σ_{1 ≤ i < x} layerSum[i], so Σ_{a < i < b} = prefix[b] − prefix[a + 1].
        var prefix = [Rational](repeating: .zero, count: L + 1)
        for x in 1..<L { prefix[x + 1] = prefix[x] + layerSum[x] }
        // Out-chains below h: the best j < h minimises negative[j] − prefix[j + 1]
        // (running minimum from below); in-chains above h: the best bias-free j > h
        // maximises positive[j] + prefix[j] (running maximum from above, reset at a bias).
        var below: [(value: Rational, layer: Int)?] = Array(repeating: nil, count: L + 1)
        for x in 1..<L {
            let candidate = (negative[x] - prefix[x + 1], x)
            below[x] = below[x - 1].map { $0.value <= candidate.0 ? $0 : candidate } ?? candidate
        }
        var above: [(value: Rational, layer: Int)?] = Array(repeating: nil, count: L + 1)
        for x in stride(from: L - 1, through: 1, by: -1) where !bias[x] {
            let candidate = (positive[x] + prefix[x], x)
            above[x] = above[x + 1].map { $0.value >= candidate.0 ? $0 : candidate } ?? candidate
        }
        func whole(_ range: ClosedRange<Int>) -> [Neuron] {
            range.flatMap { h in (0..<n[h]).map { Neuron(layer: h, index: $0) } }
        }
        var locks: [Lock] = []
        for h in 1...(L - 1) {
            // Fan-in 1 (previous width 1, no bias): the one entering edge W_h[k, 0].
            if n[h - 1] == 1 && !bias[h] {
                for k in 0..<n[h] {
                    let w = Neuron(layer: h, index: k)
                    var certificate: [Neuron]? = c[h][k].signum > 0 ? [w] : nil
                    // c_w + Σ_{h<i<j} Σc + Σ_{u∈j} max(c_u, 0) > 0 for a bias-free j > h.
                    if certificate == nil && n[h] == 1, h + 1 <= L - 1, let best = above[h + 1],
                       (c[h][k] - prefix[h + 1] + best.value).signum > 0 {
                        let j = best.layer
                        certificate = [w] + (j - 1 >= h + 1 ? whole((h + 1)...(j - 1)) : [])
                            + (0..<n[j]).filter { c[j][$0].signum > 0 }.map { Neuron(layer: j, index: $0) }
                    }
                    if let certificate {
                        locks.append(Lock(layer: h, index: [k, 0], certificate: certificate, side: .into, owner: w, ownerSide: .into))
                    }
                }
            }
            // Fan-out 1 (next width 1): the one leaving edge W_{h+1}[0, k].
            if n[h + 1] == 1 {
                for k in 0..<n[h] {
                    let v = Neuron(layer: h, index: k)
                    var certificate: [Neuron]? = c[h][k].signum < 0 ? [v] : nil
                    // c_v + Σ_{j<i<h} Σc + Σ_{u∈j} min(c_u, 0) < 0 for some j < h.
                    if certificate == nil && n[h] == 1, h - 1 >= 1, let best = below[h - 1],
                       (c[h][k] + prefix[h] + best.value).signum < 0 {
                        let j = best.layer
                        certificate = [v] + (j + 1 <= h - 1 ? whole((j + 1)...(h - 1)) : [])
                            + (0..<n[j]).filter { c[j][$0].signum < 0 }.map { Neuron(layer: j, index: $0) }
                    }
                    if let certificate {
                        // W_{h+1}[0, k]: the output side of (h, k) when h + 1 = L, else the input side of (h + 1, 0).
                        let owner = h + 1 == L ? v : Neuron(layer: h + 1, index: 0)
                        locks.append(Lock(layer: h + 1, index: [0, k], certificate: certificate, side: .out,
                                          owner: owner, ownerSide: h + 1 == L ? .out : .into))
                    }
                }
            }
        }
        // One entry per coordinate (a middle edge can be locked both ways), in SPEC §12's order.
        var seen = Set<[Int]>()
        let unique = locks.filter { seen.insert([$0.layer] + $0.index).inserted }
        return unique.sorted {
            ($0.owner.layer, $0.owner.index, $0.ownerSide == .into ? 0 : 1, $0.index.first ?? 0, $0.index.last ?? 0)
                < ($1.owner.layer, $1.owner.index, $1.ownerSide == .into ? 0 : 1, $1.index.first ?? 0, $1.index.last ?? 0)
        }
    }

    /// Re-checks a certificate from the graph's structure: the edges crossing X
    /// are counted layer by layer (never listed), `e` must be the only one of
    /// its kind, and `Σ_X c` must have the required sign. Exact; O(|X|).
    public func verify(_ lock: Lock) -> Bool {
        let L = depth
        var members: [Int: Set<Int>] = [:]
        for neuron in lock.certificate {
            guard neuron.layer >= 1, neuron.layer < L, neuron.index >= 0, neuron.index < widths[neuron.layer] else { return false }
            members[neuron.layer, default: []].insert(neuron.index)
        }
        guard !members.isEmpty else { return false }
        func inside(_ layer: Int) -> Set<Int> { members[layer] ?? [] }
        var crossing = 0
        var found: [Int]? = nil
        for (h, indices) in members {
            for k in indices {
                if lock.side == .out {
                    // Edges out of (h, k): to every neuron of layer h + 1 (to F when h = L − 1).
                    let outside = h == L - 1 ? widths[L] : widths[h + 1] - inside(h + 1).count
                    crossing += outside
                    if outside == 1 {
                        let i = h == L - 1 ? 0 : (0..<widths[h + 1]).first { !inside(h + 1).contains($0) } ?? 0
                        found = [h + 1, i, k]
                    }
                } else {
                    // Edges into (h, k): from every neuron of layer h − 1 (from F when h = 1), and its bias.
                    let fromBelow = h == 1 ? widths[0] : widths[h - 1] - inside(h - 1).count
                    let outside = fromBelow + (bias[h] ? 1 : 0)
                    crossing += outside
                    if outside == 1 {
                        let j = fromBelow == 1 ? (h == 1 ? 0 : (0..<widths[h - 1]).first { !inside(h - 1).contains($0) } ?? 0) : -1
                        found = [h, k, j]
                    }
                }
                if crossing > 1 { return false }
            }
        }
        let sum = lock.certificate.reduce(Rational.zero) { $0 + c[$1.layer][$1.index] }
        return crossing == 1 && found == [lock.layer] + lock.index && (lock.side == .out ? sum.signum < 0 : sum.signum > 0)
    }

    /// The edges of the graph: (from, to, coordinate `[layer, i, j]`); nil is F.
    func edges() -> [(from: Neuron?, to: Neuron?, coordinate: [Int])] {
        let L = depth
        var result: [(from: Neuron?, to: Neuron?, coordinate: [Int])] = []
        for h in 1...L {
            for i in 0..<widths[h] {
                for j in 0..<widths[h - 1] {
                    let from = h == 1 ? nil : Neuron(layer: h - 1, index: j)
                    let to = h == L ? nil : Neuron(layer: h, index: i)
                    result.append((from, to, [h, i, j]))
                }
                if bias[h] && h < L { result.append((nil, Neuron(layer: h, index: i), [h, i, -1])) }
            }
        }
        return result
    }

    /// Locks by enumerating every set X of hidden neurons (the theorem itself,
    /// for cross-checks on tiny networks): the coordinates `[layer, i, j]`
    /// (`j = −1`: a bias) that are locked.
    public func lockedByCutEnumeration(maximumNeurons: Int = 14) -> Set<[Int]>? {
        let neurons = (1..<depth).flatMap { h in (0..<widths[h]).map { Neuron(layer: h, index: $0) } }
        guard neurons.count <= maximumNeurons else { return nil }
        let all = edges()
        var locked = Set<[Int]>()
        for mask in 1..<(1 << neurons.count) {
            let members = Set(neurons.indices.filter { mask & (1 << $0) != 0 }.map { neurons[$0] })
            let sum = members.reduce(Rational.zero) { $0 + c[$1.layer][$1.index] }
            var leaving: [[Int]] = [], entering: [[Int]] = []
            for edge in all {
                let fromInside = edge.from.map(members.contains) ?? false
                let toInside = edge.to.map(members.contains) ?? false
                if fromInside && !toInside { leaving.append(edge.coordinate) }
                if !fromInside && toInside { entering.append(edge.coordinate) }
            }
            if leaving.count == 1 && sum.signum < 0 { locked.insert(leaving[0]) }
            if entering.count == 1 && sum.signum > 0 { locked.insert(entering[0]) }
        }
        return locked
    }
}

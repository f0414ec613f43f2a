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
        /// Members of the certificate that are strict neurons (SPEC §13.4) and
        /// belong to X by one half only: the out-half for `.out`, the in-half
        /// for `.into`. Their split edge crosses X against `e`'s direction, so
        /// `Σ_X c = 0` proves the lock.
        public var split: [Neuron] = []
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
    /// Neurons with `c = 0` that must keep a positive throughput (SPEC §13.4:
    /// off their apex, which the flow never reaches): the polytope is then
    /// `P_dyn`, and a certificate X with `Σ_X c = 0` locks when it holds such
    /// a neuron (its split edge crosses X the other way).
    public let strict: Set<Neuron>
    /// Every locked coordinate, in SPEC §12's order.
    public let locks: [Lock]

    public var depth: Int { widths.count - 1 }

    /// `widths = [d, n_1, …, e]`, `bias[h]` whether `W_h` has a bias (`h = 1 … L`,
    /// pass `false` at index 0), `c[h - 1]` the invariants of hidden layer `h`,
    /// `strict` the `c = 0` neurons kept off their apex (dynamical reading).
    public init(widths: [Int], bias: [Bool], invariants: [[Rational]], strict: Set<Neuron> = []) {
        self.widths = widths
        self.bias = bias
        self.c = [[]] + invariants
        self.strict = strict
        self.locks = FlowPolytopeLocks.find(widths: widths, bias: bias, c: [[]] + invariants, strict: strict)
    }

    /// Whether a certificate's sum proves a lock on its side: `< 0` out of X
    /// (`> 0` into X), or `= 0` with a strict neuron in X (SPEC §13.4: its
    /// throughput is positive, so the split edge it adds crosses X).
    static func proves(sum: Rational, side: Side, hasStrict: Bool) -> Bool {
        let sign = side == .out ? -sum.signum : sum.signum
        return sign > 0 || (sign == 0 && hasStrict)
    }

    static func find(widths n: [Int], bias: [Bool], c: [[Rational]], strict: Set<Neuron>) -> [Lock] {
        let L = n.count - 1
        guard L >= 2 else { return [] }
        let layerSum = c.map { $0.reduce(Rational.zero, +) }
        let negative = c.map { $0.reduce(Rational.zero) { $0 + ($1.signum < 0 ? $1 : .zero) } }
        let positive = c.map { $0.reduce(Rational.zero) { $0 + ($1.signum > 0 ? $1 : .zero) } }
        let strictLayers = Set(strict.map(\.layer))
        func isStrict(_ h: Int, _ k: Int) -> Bool { !strict.isEmpty && strict.contains(Neuron(layer: h, index: k)) }
        func whole(_ range: ClosedRange<Int>) -> [Neuron] {
            range.flatMap { h in (0..<n[h]).map { Neuron(layer: h, index: $0) } }
        }
        // Chains (SPEC §13.3's corollary): v ∪ whole layers strictly between ∪
        // the members of the far layer j of the right sign. prefix[x] =
        // Σ_{1 ≤ i < x} layerSum[i], so the out-chain's sum is c_v + prefix[h] +
        // (negative[j] − prefix[j + 1]) and the in-chain's c_w − prefix[h + 1] +
        // (positive[j] + prefix[j]): running extremes give every h in linear
        // time. Layer j's members may join X by one half (SPEC §13.4's split
        // node), so a strict neuron there makes a zero sum a proof; among equal
        // keys the running extreme prefers such a layer. v and the layers
        // between receive X's edges from both sides and cannot.
        var prefix = [Rational](repeating: .zero, count: L + 1)
        for x in 1..<L { prefix[x + 1] = prefix[x] + layerSum[x] }
        typealias Best = (value: Rational, strict: Bool, layer: Int)
        var below = [Best?](repeating: nil, count: L + 1)
        for x in 1..<L {
            let candidate: Best = (negative[x] - prefix[x + 1], strictLayers.contains(x), x)
            if let best = below[x - 1], best.value < candidate.value || (best.value == candidate.value && (best.strict || !candidate.strict)) {
                below[x] = best
            } else {
                below[x] = candidate
            }
        }
        var above = [Best?](repeating: nil, count: L + 1)
        for x in stride(from: L - 1, through: 1, by: -1) where !bias[x] {
            let candidate: Best = (positive[x] + prefix[x], strictLayers.contains(x), x)
            if let best = above[x + 1], best.value > candidate.value || (best.value == candidate.value && (best.strict || !candidate.strict)) {
                above[x] = best
            } else {
                above[x] = candidate
            }
        }
        func chain(_ h: Int, side: Side) -> [Neuron]? {
            let best = side == .out ? (h - 1 >= 1 ? below[h - 1] : nil) : (h + 1 <= L - 1 ? above[h + 1] : nil)
            guard let best else { return nil }
            let sum = side == .out ? c[h][0] + prefix[h] + best.value : c[h][0] - prefix[h + 1] + best.value
            guard proves(sum: sum, side: side, hasStrict: best.strict) else { return nil }
            let j = best.layer
            let inner = side == .out ? (j + 1 <= h - 1 ? whole((j + 1)...(h - 1)) : [])
                                     : (h + 1 <= j - 1 ? whole((h + 1)...(j - 1)) : [])
            let chosen = (0..<n[j]).filter { k in
                (side == .out ? c[j][k].signum < 0 : c[j][k].signum > 0) || isStrict(j, k)
            }.map { Neuron(layer: j, index: $0) }
            return [Neuron(layer: h, index: 0)] + inner + chosen
        }
        /// The strict members that join X by one half: the far end of the
        /// certificate (v alone, or the chain's last layer j).
        func halves(_ certificate: [Neuron]) -> [Neuron] {
            guard let far = certificate.last?.layer else { return [] }
            return certificate.filter { $0.layer == far && isStrict($0.layer, $0.index) }
        }
        var locks: [Lock] = []
        for h in 1...(L - 1) {
            // Fan-in 1 (previous width 1, no bias): the one entering edge W_h[k, 0].
            if n[h - 1] == 1 && !bias[h] {
                for k in 0..<n[h] {
                    let w = Neuron(layer: h, index: k)
                    var certificate: [Neuron]? = proves(sum: c[h][k], side: .into, hasStrict: isStrict(h, k)) ? [w] : nil
                    if certificate == nil && n[h] == 1 { certificate = chain(h, side: .into) }
                    if let certificate {
                        locks.append(Lock(layer: h, index: [k, 0], certificate: certificate, side: .into,
                                          split: halves(certificate), owner: w, ownerSide: .into))
                    }
                }
            }
            // Fan-out 1 (next width 1): the one leaving edge W_{h+1}[0, k].
            if n[h + 1] == 1 {
                for k in 0..<n[h] {
                    let v = Neuron(layer: h, index: k)
                    var certificate: [Neuron]? = proves(sum: c[h][k], side: .out, hasStrict: isStrict(h, k)) ? [v] : nil
                    if certificate == nil && n[h] == 1 { certificate = chain(h, side: .out) }
                    if let certificate {
                        // W_{h+1}[0, k]: the output side of (h, k) when h + 1 = L, else the input side of (h + 1, 0).
                        let owner = h + 1 == L ? v : Neuron(layer: h + 1, index: 0)
                        locks.append(Lock(layer: h + 1, index: [0, k], certificate: certificate, side: .out,
                                          split: halves(certificate), owner: owner, ownerSide: h + 1 == L ? .out : .into))
                    }
                }
            }
        }
        // One entry per coordinate (a middle edge can be locked both ways), in SPEC §12's order.
        var seen = Set<[Int]>()
        let unique = locks.filter { seen.insert([$0.layer] + $0.index).inserted }
        return unique.sorted(by: inOrder)
    }

    /// SPEC §12's order of coordinates: by owning neuron, its input side
    /// (weights, then bias) before its output side.
    static func inOrder(_ a: Lock, _ b: Lock) -> Bool {
        func key(_ lock: Lock) -> (Int, Int, Int, Int, Int) {
            (lock.owner.layer, lock.owner.index, lock.ownerSide == .into ? 0 : 1, lock.index[0], lock.index[1] < 0 ? Int.max : lock.index[1])
        }
        return key(a) < key(b)
    }

    /// Re-checks a certificate from the graph's structure: the edges crossing X
    /// are counted layer by layer (never listed), `e` must be the only one of
    /// its kind, and `Σ_X c` must have the required sign. Exact; O(|X|).
    public func verify(_ lock: Lock) -> Bool {
        let L = depth
        var members: [Int: Set<Int>] = [:], halves: [Int: Set<Int>] = [:]
        for neuron in lock.certificate {
            guard neuron.layer >= 1, neuron.layer < L, neuron.index >= 0, neuron.index < widths[neuron.layer] else { return false }
            members[neuron.layer, default: []].insert(neuron.index)
        }
        for neuron in lock.split {
            guard strict.contains(neuron), members[neuron.layer]?.contains(neuron.index) == true else { return false }
            halves[neuron.layer, default: []].insert(neuron.index)
        }
        guard !members.isEmpty else { return false }
        // The nodes of X edges can reach: a split member's far half is outside.
        func whole(_ layer: Int) -> Set<Int> { (members[layer] ?? []).subtracting(halves[layer] ?? []) }
        var crossing = 0
        var found: [Int]? = nil
        for (h, indices) in members {
            for k in indices {
                if lock.side == .out {
                    // Edges out of (h, k): to every neuron of layer h + 1 (to F when h = L − 1).
                    let outside = h == L - 1 ? widths[L] : widths[h + 1] - whole(h + 1).count
                    crossing += outside
                    if outside == 1 {
                        let i = h == L - 1 ? 0 : (0..<widths[h + 1]).first { !whole(h + 1).contains($0) } ?? 0
                        found = [h + 1, i, k]
                    }
                } else {
                    // Edges into (h, k): from every neuron of layer h − 1 (from F when h = 1), and its bias.
                    let fromBelow = h == 1 ? widths[0] : widths[h - 1] - whole(h - 1).count
                    let outside = fromBelow + (bias[h] ? 1 : 0)
                    crossing += outside
                    if outside == 1 {
                        let j = fromBelow == 1 ? (h == 1 ? 0 : (0..<widths[h - 1]).first { !whole(h - 1).contains($0) } ?? 0) : -1
                        found = [h, k, j]
                    }
                }
                if crossing > 1 { return false }
            }
        }
        let sum = lock.certificate.reduce(Rational.zero) { $0 + c[$1.layer][$1.index] }
        return crossing == 1 && found == [lock.layer] + lock.index
            && FlowPolytopeLocks.proves(sum: sum, side: lock.side, hasStrict: !lock.split.isEmpty)
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

    /// Locks by enumerating every set X of nodes (the Gale–Hoffman theorem
    /// itself, for cross-checks on tiny networks): the coordinates
    /// `[layer, i, j]` (`j = −1`: a bias) that are locked. A strict neuron is
    /// two nodes joined by a split edge of positive lower bound (SPEC §13.4), so
    /// X is locked out by `e` when `e` is its only leaving coordinate, no split
    /// edge leaves, and `Σ_X c < 0` or `Σ_X c = 0` with a split edge entering
    /// (into X: mirrored). Independent of the corollary `find` uses.
    public func lockedByCutEnumeration(maximumNodes: Int = 16) -> Set<[Int]>? {
        cutEnumeration(maximumNodes: maximumNodes).map { Set($0.locks.map { [$0.layer] + $0.index }) }
    }

    /// The enumeration behind `lockedByCutEnumeration`, with a certificate per
    /// locked coordinate (the neurons whose out-node, or in-node for `.into`, is
    /// in X) and whether the polytope is empty (some X with no leaving edge
    /// and `Σ_X c < 0`, or `= 0` with a split edge entering; or mirrored).
    /// Nil past `maximumNodes` nodes.
    func cutEnumeration(maximumNodes: Int = 16) -> (locks: [Lock], empty: Bool)? {
        let L = depth
        let neurons = (1..<L).flatMap { h in (0..<widths[h]).map { Neuron(layer: h, index: $0) } }
        // Node numbers: a neuron's in-node and out-node (equal unless strict).
        var inNode: [Neuron: Int] = [:], outNode: [Neuron: Int] = [:], value: [Rational] = []
        var splits: [(from: Int, to: Int)] = []
        for neuron in neurons {
            inNode[neuron] = value.count
            value.append(c[neuron.layer][neuron.index])
            if strict.contains(neuron) {
                outNode[neuron] = value.count
                value.append(.zero)
                splits.append((value.count - 2, value.count - 1))
            } else {
                outNode[neuron] = value.count - 1
            }
        }
        guard value.count <= maximumNodes else { return nil }
        let all = edges().map { edge in (from: edge.from.flatMap { outNode[$0] }, to: edge.to.flatMap { inNode[$0] }, coordinate: edge.coordinate) }
        var found: [[Int]: Lock] = [:]
        var empty = false
        for mask in 1..<(1 << value.count) {
            func inside(_ node: Int?) -> Bool { node.map { mask & (1 << $0) != 0 } ?? false }
            let sum = value.indices.filter { inside($0) }.reduce(Rational.zero) { $0 + value[$1] }
            var leaving: [[Int]] = [], entering: [[Int]] = []
            for edge in all {
                if inside(edge.from) && !inside(edge.to) { leaving.append(edge.coordinate) }
                if !inside(edge.from) && inside(edge.to) { entering.append(edge.coordinate) }
            }
            let splitOut = splits.filter { inside($0.from) && !inside($0.to) }.count
            let splitIn = splits.filter { !inside($0.from) && inside($0.to) }.count
            let outward = sum.signum < 0 || (sum.isZero && splitIn > 0)
            let inward = sum.signum > 0 || (sum.isZero && splitOut > 0)
            if (leaving.isEmpty && splitOut == 0 && outward) || (entering.isEmpty && splitIn == 0 && inward) { empty = true }
            for (side, crossing, splitsAgainst, proves) in [(Side.out, leaving, splitOut, outward), (.into, entering, splitIn, inward)]
            where crossing.count == 1 && splitsAgainst == 0 && proves && found[crossing[0]] == nil {
                let coordinate = crossing[0]
                let members = neurons.filter { inside(side == .out ? outNode[$0] : inNode[$0]) }
                let halves = members.filter { strict.contains($0) && !inside(side == .out ? inNode[$0] : outNode[$0]) }
                let owner = coordinate[0] < L ? Neuron(layer: coordinate[0], index: coordinate[1]) : Neuron(layer: L - 1, index: coordinate[2])
                found[coordinate] = Lock(layer: coordinate[0], index: [coordinate[1], coordinate[2]], certificate: members, side: side,
                                         split: halves, owner: owner, ownerSide: coordinate[0] < L ? .into : .out)
            }
        }
        return (found.values.sorted(by: FlowPolytopeLocks.inOrder), empty)
    }
}

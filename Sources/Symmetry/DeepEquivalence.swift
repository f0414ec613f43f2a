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
/// A neuron below the last hidden layer whose input side is zero has a free
/// scale that only multiplies its outgoing column: it is paired with a
/// zero-input neuron of B when the layer above is matched, iff their outgoing
/// columns are positive multiples of each other (exactly). Every certificate
/// is re-checked by applying it to A and comparing with B exactly.
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

    /// The exact entries of a tensor as rows (`rows × columns`), read on
    /// access: a million-weight layer held as rationals took gigabytes.
    static func rows(_ tensor: Tensor, rows: Int, columns: Int) -> ExactRows {
        ExactRows(tensor: tensor, rows: rows, columns: columns)
    }

    /// A tensor's rows, each entry its exact value, computed when read.
    struct ExactRows: RandomAccessCollection {
        let tensor: Tensor
        let rows: Int, columns: Int
        var startIndex: Int { 0 }
        var endIndex: Int { rows }
        subscript(row: Int) -> ExactRow { ExactRow(tensor: tensor, offset: row * columns, count: columns) }
    }

    /// One row of `ExactRows`.
    struct ExactRow: RandomAccessCollection {
        let tensor: Tensor
        let offset: Int, count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(column: Int) -> Rational { tensor.exactValue(at: offset + column) }
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
        let result = match(a, b, layer: 1, previous: start, maps: [], budget: &budget)
        // What the method leaves open may still be the identity (A against itself).
        if case .unknown = result {
            let identity = (1..<a.depth).map { h in LayerMap(permutation: Array(0..<a.widths[h]), alphas: Array(repeating: Rational(1), count: a.widths[h])) }
            if verify(identity, a, b) { return .equivalent(identity) }
        }
        return result
    }

    /// How many tie assignments the search may try before answering `unknown`.
    public static let searchBudget = 20_000

    /// Neurons of the layer below whose input side is zero (`dead`): their
    /// scale is free and reaches only this layer's columns, so they are
    /// paired when this layer is (indices into that layer, of A and of B).
    struct Deferred {
        var a: [Int] = []
        var b: [Int] = []
        var isEmpty: Bool { a.isEmpty }
    }

    /// Matches hidden layer `h` onward, given the map of layer `h − 1` (whose
    /// `deferred` neurons are placeholders until this layer's permutation is
    /// known). Tied neurons (equal normalised input sides below the last hidden
    /// layer, or anywhere above deferred neurons) are tried in every pairing,
    /// depth first, within `budget`.
    static func match(_ a: LayeredNetwork, _ b: LayeredNetwork, layer h: Int, previous: LayerMap, deferred: Deferred = Deferred(),
                      maps: [LayerMap], budget: inout Int) -> Result {
        let widths = a.widths, depth = a.depth
        let n = widths[h], m = widths[h - 1]
        let wa = rows(a.layers[h - 1].weights, rows: n, columns: m), wb = rows(b.layers[h - 1].weights, rows: n, columns: m)
        let ba = a.layers[h - 1].bias.map { t in (0..<n).map { t.exactValue(at: $0) } }
        let bb = b.layers[h - 1].bias.map { t in (0..<n).map { t.exactValue(at: $0) } }
        let deadColumnsA = Set(deferred.a)
        // The last hidden layer's outgoing weights meet the outputs, whose order
        // is fixed: they are part of the key there. Deeper down the next layer
        // rescales and permutes them, so only the input side is invariant.
        let last = h == depth - 1
        let nextA = rows(a.layers[h < depth ? h : h - 1].weights, rows: h < depth ? widths[h + 1] : 0, columns: n)
        let nextB = rows(b.layers[h < depth ? h : h - 1].weights, rows: h < depth ? widths[h + 1] : 0, columns: n)
        typealias Kinds = (live: [Int], dead: [Int], coupled: [Int])
        /// Row k of A in B's column order (entry π(j) is W[k, j] / α_j) and B's
        /// row k, with the columns of deferred neurons left out on both sides
        /// (their α is not known yet). Built one row at a time and dropped: only
        /// the normalised keys are kept (SPEC §13.6).
        func carried(_ k: Int) -> [Rational] {
            var moved = [Rational](repeating: .zero, count: m)
            let row = wa[k]
            for j in 0..<m where !deadColumnsA.contains(j) { moved[previous.permutation[j]] = row[j] / previous.alphas[j] }
            return moved + (ba.map { [$0[k]] } ?? [])
        }
        func target(_ k: Int) -> [Rational] {
            var live = Array(wb[k])
            for j in deferred.b { live[j] = .zero }
            return live + (bb.map { [$0[k]] } ?? [])
        }
        if h == depth {
            // The output layer: no rescaling freedom left.
            for k in 0..<n where carried(k) != target(k) {
                return .notEquivalent(layer: h, neuron: k, reason: "output \(k) differs after matching every hidden layer (its weights or bias)")
            }
            return verify(maps, a, b) ? .equivalent(maps) : .unknown(reason: "the matching did not re-check (a defect: please report it)")
        }
        // A neuron whose only non-zero input weights come from deferred neurons
        // ("coupled"): its scale and theirs are coupled, which this method does
        // not search. Below the last hidden layer a neuron with zero input side
        // (all input weights and bias zero) is deferred: under G its scale is
        // free and only multiplies its outgoing column, so it is paired with a
        // zero-input neuron of B once layer h + 1 is matched (SPEC §13.6).
        // Neither has a key; the others ("live") are matched by their keys.
        func normalised(_ side: [Rational], _ outgoing: [Rational]) -> (key: [Rational], scale: Rational) {
            let scale = side.first(where: { !$0.isZero }).map { Rational(1) / $0.magnitude }
                ?? outgoing.first(where: { !$0.isZero }).map(\.magnitude) ?? Rational(1)
            let sideKey = side.map { $0 * scale }
            return (last ? sideKey + outgoing.map { $0 / scale } : sideKey, scale)
        }
        func keyed(_ rowsOf: ExactRows, _ side: (Int) -> [Rational], _ columns: [Int], _ next: ExactRows)
            -> (kinds: Kinds, keys: [(key: [Rational], scale: Rational)]) {
            var kinds: Kinds = ([], [], [])
            var keys = [(key: [Rational], scale: Rational)](repeating: ([], Rational(1)), count: n)
            for k in 0..<n {
                let live = side(k)
                let outgoing = last ? next.map { row in row[k] } : []
                if !live.allSatisfy(\.isZero) { kinds.live.append(k) }
                else if columns.contains(where: { !rowsOf[k][$0].isZero }) { kinds.coupled.append(k); continue }
                else if last { kinds.live.append(k) }   // keyed by its outgoing weights
                else { kinds.dead.append(k); continue }
                keys[k] = normalised(live, outgoing)
            }
            return (kinds, keys)
        }
        let (kindsA, keysA) = keyed(wa, carried, deferred.a, nextA)
        let (kindsB, keysB) = keyed(wb, target, deferred.b, nextB)
        let deadA = kindsA.dead, deadB = kindsB.dead
        let liveA = kindsA.live
        var partners: [[Rational]: [(index: Int, scale: Rational)]] = [:]
        for k in kindsB.live { partners[keysB[k].key, default: []].append((k, keysB[k].scale)) }
        var countsA: [[Rational]: Int] = [:]
        for k in liveA { countsA[keysA[k].key, default: 0] += 1 }
        for k in liveA where (partners[keysA[k].key]?.count ?? 0) != countsA[keysA[k].key] {
            let side = last ? "input weights and outgoing weights" : "input weights"
            return .notEquivalent(layer: h, neuron: k, reason: "neuron \(k) of hidden layer \(h) has no partner in B (\(side), up to a positive scale)")
        }
        if liveA.count != kindsB.live.count {
            return .notEquivalent(layer: h, neuron: nil, reason: "hidden layer \(h) has \(liveA.count) neuron(s) with non-zero input weights from the layer below in A and \(kindsB.live.count) in B")
        }
        if deadA.count != deadB.count {
            return .notEquivalent(layer: h, neuron: deadA.first, reason: "hidden layer \(h) has \(deadA.count) neuron(s) with all input weights zero in A and \(deadB.count) in B (a positive rescaling keeps input weights zero or non-zero)")
        }
        if let k = kindsA.coupled.first ?? kindsB.coupled.first {
            let network = kindsA.coupled.isEmpty ? "B" : "A"
            return .unknown(reason: "neuron \(k) of hidden layer \(h) of \(network) has non-zero input weights only from neurons of layer \(h - 1) whose own input weights are all zero: their scales are coupled, which this method does not search")
        }
        // Equal keys mean identical neurons (so any pairing works) only in the
        // last hidden layer and only when no column was left out.
        let interchangeable = last && deferred.isEmpty
        // Assign A's live neurons in order; a tie branches.
        var permutation = [Int](repeating: -1, count: n), alphas = [Rational](repeating: Rational(1), count: n)
        for (k, partner) in zip(deadA, deadB) { permutation[k] = partner }   // placeholders, paired at layer h + 1
        var used = Set<Int>()
        var unknownReason: String? = nil
        var leaves = 0, failure: Result? = nil, branched = false
        var columns = ColumnPairs(deferred)
        var pruned: Int? = nil   // the first deferred neuron of A left without a possible partner
        func leaf() -> Result? {
            leaves += 1
            // A complete pairing re-reads the layer above (its n_{h+1}·n_h weights):
            // after a branch it costs one unit of the bound per 64 of them, so
            // the search is bounded in work, not only in choices.
            if branched {
                budget -= (widths[h + 1] * n) / 64
                if budget <= 0 {
                    unknownReason = "hidden layer \(h) has neurons whose input weights coincide up to scale, and their pairings exceed the search bound (\(searchBudget) units: one per choice at a tie, one per 64 weights re-read for each complete pairing)"
                    return nil
                }
            }
            var done = maps
            if !deferred.isEmpty {
                switch pairDeferred(deferred, below: maps[h - 2], layer: h, wa: wa, wb: wb, permutation: permutation, alphas: alphas) {
                case .success(let map): done[h - 2] = map
                case .failure(let mismatch): failure = mismatch.result; return nil
                }
            }
            let map = LayerMap(permutation: permutation, alphas: alphas)
            let result = match(a, b, layer: h + 1, previous: map, deferred: Deferred(a: deadA, b: deadB), maps: done + [map], budget: &budget)
            switch result {
            case .equivalent: return result
            case .unknown(let reason): unknownReason = reason
            case .notEquivalent: failure = result
            }
            return nil
        }
        func assign(_ index: Int) -> Result? {
            if index == liveA.count { return leaf() }
            let k = liveA[index]
            let candidates = (partners[keysA[k].key] ?? []).filter { !used.contains($0.index) }
            let tried = interchangeable ? Array(candidates.prefix(1)) : candidates
            if tried.count > 1 { branched = true }
            for candidate in tried {
                // Every choice at a tie costs one unit of the bound.
                if tried.count > 1 {
                    guard budget > 0 else {
                        unknownReason = "hidden layer \(h) has neurons whose input weights coincide up to scale, and their pairings exceed the search bound (\(searchBudget) units: one per choice at a tie, one per 64 weights re-read for each complete pairing)"
                        return nil
                    }
                    budget -= 1
                }
                let alpha = keysA[k].scale / candidate.scale
                let saved = columns
                if let stranded = columns.admit(wa[k], times: alpha, against: wb[candidate.index]) {
                    pruned = pruned ?? stranded
                    columns = saved
                    continue
                }
                used.insert(candidate.index)
                permutation[k] = candidate.index
                alphas[k] = alpha
                if let found = assign(index + 1) { return found }
                used.remove(candidate.index)
                columns = saved
                if unknownReason != nil && budget <= 0 { return nil }
            }
            return nil
        }
        if let found = assign(0) { return found }
        if let unknownReason { return .unknown(reason: unknownReason) }
        // One pairing tried: its own reason is the answer.
        if leaves == 1, let failure { return failure }
        if leaves == 0, !branched, let pruned {
            return .notEquivalent(layer: h - 1, neuron: pruned, reason: "neuron \(pruned) of hidden layer \(h - 1) has all input weights zero, and no such neuron of B has outgoing weights (into layer \(h), after matching it) that are a positive multiple of its")
        }
        return .notEquivalent(layer: h, neuron: nil, reason: "no pairing of the neurons of hidden layer \(h) with equal input weights makes the layers above agree\(pruned != nil ? " (the outgoing weights of the neurons of layer \(h - 1) with all input weights zero are no positive multiples of B's under any of them)" : "")")
    }

    /// Pruning of the search over layer h by the deferred zero-input neurons of
    /// layer h − 1 (SPEC §13.6): on the rows assigned so far, A's deferred
    /// column `ja` (entry π(k) = `W_A[k, ja] · α_k`) must be a positive multiple
    /// of some B column `jb`, and A's columns must still have distinct partners
    /// (a perfect matching over the pairs still possible). A necessary
    /// condition only: the leaf pairs them exactly.
    struct ColumnPairs {
        let deferred: Deferred
        /// `ratio[ia][ib]`: `B/A` on the non-zero entries so far (nil: none yet).
        var ratio: [[Rational?]]
        var alive: [[Bool]]

        init(_ deferred: Deferred) {
            self.deferred = deferred
            ratio = Array(repeating: Array(repeating: nil, count: deferred.b.count), count: deferred.a.count)
            alive = Array(repeating: Array(repeating: true, count: deferred.b.count), count: deferred.a.count)
        }

        /// Adds one assigned row (A's row times α against B's partner row); returns
        /// the first deferred neuron of A left without a possible partner, or nil.
        mutating func admit(_ rowA: ExactRow, times alpha: Rational, against rowB: ExactRow) -> Int? {
            guard !deferred.isEmpty else { return nil }
            for (ia, ja) in deferred.a.enumerated() {
                let x = rowA[ja] * alpha
                for (ib, jb) in deferred.b.enumerated() where alive[ia][ib] {
                    let y = rowB[jb]
                    if x.isZero || y.isZero {
                        if x.isZero != y.isZero { alive[ia][ib] = false }
                        continue
                    }
                    let r = y / x
                    if r.signum <= 0 || (ratio[ia][ib].map { $0 != r } ?? false) { alive[ia][ib] = false } else { ratio[ia][ib] = r }
                }
            }
            let edges = alive.map { row in row.indices.filter { row[$0] }.map { (j: $0, d: 0.0) } }
            return ApproximateEquivalence.maximumMatching(edges, threshold: 0).firstIndex(of: nil).map { deferred.a[$0] }
        }
    }

    /// Pairs the deferred zero-input neurons of layer `h − 1` once layer h is
    /// matched (SPEC §13.6): A's outgoing column k, carried into B's row order
    /// and scaled by layer h's α, must be a positive multiple of its partner's
    /// (both zero allowed). Columns are compared normalised (first non-zero entry
    /// of magnitude 1); equal normalised columns are interchangeable, so matching
    /// them as multisets decides. Returns the completed map of layer `h − 1`.
    static func pairDeferred(_ deferred: Deferred, below: LayerMap, layer h: Int, wa: ExactRows, wb: ExactRows,
                             permutation: [Int], alphas: [Rational]) -> Swift.Result<LayerMap, DeferredMismatch> {
        let n = wa.count
        func normalised(_ column: [Rational]) -> (key: [Rational], scale: Rational) {
            let scale = column.first(where: { !$0.isZero }).map { Rational(1) / $0.magnitude } ?? Rational(1)
            return (column.map { $0 * scale }, scale)
        }
        var partners: [[Rational]: [(index: Int, scale: Rational)]] = [:]
        for j in deferred.b.reversed() {
            let key = normalised((0..<n).map { wb[$0][j] })
            partners[key.key, default: []].append((j, key.scale))
        }
        var map = (permutation: below.permutation, alphas: below.alphas)
        for j in deferred.a {
            // Entry π_h(k) of the carried column: W_A[k, j] · α_{h,k} (zero-input rows of layer h are zero).
            var column = [Rational](repeating: .zero, count: n)
            for k in 0..<n where !wa[k][j].isZero { column[permutation[k]] = wa[k][j] * alphas[k] }
            let key = normalised(column)
            guard var candidates = partners[key.key], let partner = candidates.popLast() else {
                return .failure(DeferredMismatch(result: .notEquivalent(layer: h - 1, neuron: j, reason: "neuron \(j) of hidden layer \(h - 1) has all input weights zero, and no such neuron of B has outgoing weights (into layer \(h), after matching it) that are a positive multiple of its")))
            }
            partners[key.key] = candidates
            // B's column = A's carried column / α: α = s_B / s_A.
            map.permutation[j] = partner.index
            map.alphas[j] = partner.scale / key.scale
        }
        return .success(LayerMap(permutation: map.permutation, alphas: map.alphas))
    }

    /// A deferred neuron without a partner, as the verdict it gives.
    struct DeferredMismatch: Error {
        let result: Result
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

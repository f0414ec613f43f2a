import ReluNetwork

/// Equivalence modulo `G` for parameters that came out of floating-point
/// training, where exact equality is hopeless.
///
/// Meaning of `tolerance ε`: each neuron is normalised on its orbit by
/// `(a/‖a‖, v·‖a‖)` (by `(0, v/‖v‖)` when `a = 0`; the zero neuron stays 0). This
/// is a canonical form like SPEC §5.2's, but stable under rounding, which
/// "first non-zero entry" is not. The distance between neurons x and y is
/// `‖x − y‖₂ / max(‖x‖₂, ‖y‖₂)` on these rows (0 for two zero neurons). A and B
/// are equivalent within ε iff some permutation matches every neuron of A to a
/// neuron of B at distance ≤ ε. The matching reported minimises the largest
/// matched distance over all permutations (a bottleneck assignment, found by
/// Hopcroft–Karp matchings on threshold graphs), not greedily.
public enum ApproximateEquivalence {
    public struct Match: Sendable, Equatable {
        /// Neuron k of A matches neuron `permutation[k]` of B.
        public let permutation: [Int]
        /// `B_{π(k)} ≈ (α_k a_k, v_k/α_k)`.
        public let alphas: [Double]
        public let distances: [Double]
        /// The smallest possible largest matched distance.
        public let maximumDistance: Double
    }

    public enum Result: Sendable, Equatable {
        case equivalent(Match)
        /// `neuron`: first neuron of A left unmatched by a maximum matching
        /// within ε; `nearest`: its distance to the closest neuron of B.
        case notEquivalent(neuron: Int?, nearest: Double?, reason: String)
    }

    /// Orbit-normalised row and the scale s with row = (s·a, v/s).
    static func normalized(a: [Double], v: [Double]) -> (row: [Double], scale: Double) {
        let normA = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if normA > 0 { return (a.map { $0 / normA } + v.map { $0 * normA }, 1 / normA) }
        let normV = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if normV > 0 { return (a + v.map { $0 / normV }, normV) }
        return (a + v, 1)
    }

    static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Relative distance, or nil as soon as it provably exceeds `limit`.
    static func distance(_ x: [Double], _ y: [Double], normX: Double, normY: Double, limit: Double) -> Double? {
        let scale = max(normX, normY)
        if scale == 0 { return 0 }
        let bound = (limit * scale) * (limit * scale)
        var sum = 0.0
        for i in 0..<x.count {
            let d = x[i] - y[i]
            sum += d * d
            if sum > bound { return nil }
        }
        return sum.squareRoot() / scale
    }

    public static func compare(_ a: ReluNetworkModel, _ b: ReluNetworkModel, tolerance: Double) -> Result {
        if let reason = Equivalence.shapeMismatch(a, b) { return .notEquivalent(neuron: nil, nearest: nil, reason: reason) }
        let rowsA = (0..<a.shape.hidden).map { normalized(a: a.inputSideDoubles(neuron: $0), v: a.outputSideDoubles(neuron: $0)) }
        let rowsB = (0..<b.shape.hidden).map { normalized(a: b.inputSideDoubles(neuron: $0), v: b.outputSideDoubles(neuron: $0)) }
        return compare(rowsA, rowsB, tolerance: tolerance)
    }

    static func compare(_ rowsA: [(row: [Double], scale: Double)], _ rowsB: [(row: [Double], scale: Double)], tolerance: Double) -> Result {
        let l = rowsA.count
        guard l == rowsB.count else { return .notEquivalent(neuron: nil, nearest: nil, reason: "different numbers of neurons") }
        let normsA = rowsA.map { norm($0.row) }, normsB = rowsB.map { norm($0.row) }
        // Candidate edges: pairs within the tolerance (distance computation stops early otherwise).
        var edges: [[(j: Int, d: Double)]] = Array(repeating: [], count: l)
        for i in 0..<l {
            for j in 0..<l {
                if let d = distance(rowsA[i].row, rowsB[j].row, normX: normsA[i], normY: normsB[j], limit: tolerance) {
                    edges[i].append((j, d))
                }
            }
        }
        let full = maximumMatching(edges, threshold: .infinity)
        if let unmatched = full.firstIndex(of: nil) {
            let nearest = (0..<l).map { j in
                distance(rowsA[unmatched].row, rowsB[j].row, normX: normsA[unmatched], normY: normsB[j], limit: .infinity) ?? .infinity
            }.min()
            return .notEquivalent(neuron: unmatched, nearest: nearest,
                                  reason: "no permutation matches every neuron within relative distance \(tolerance); neuron \(unmatched) of A is left without a partner")
        }
        // Bottleneck: the smallest threshold among candidate distances that still admits a perfect matching.
        // (thresholds is non-empty: a perfect matching exists, so every A-vertex has an edge.)
        let thresholds = Array(Set(edges.flatMap { $0.map(\.d) })).sorted()
        var low = 0, high = thresholds.count - 1
        var best = full
        while low < high {
            let mid = (low + high) / 2
            let attempt = maximumMatching(edges, threshold: thresholds[mid])
            if attempt.allSatisfy({ $0 != nil }) { best = attempt; high = mid } else { low = mid + 1 }
        }
        let permutation = best.map { $0 ?? 0 }
        let distances = (0..<l).map { i in edges[i].first(where: { $0.j == permutation[i] })?.d ?? .infinity }
        let alphas = (0..<l).map { rowsA[$0].scale / rowsB[permutation[$0]].scale }
        return .equivalent(Match(permutation: permutation, alphas: alphas, distances: distances,
                                 maximumDistance: distances.max() ?? 0))
    }

    /// Hopcroft–Karp maximum matching of A-vertices to B-vertices over edges
    /// with distance ≤ threshold; entry i is A-vertex i's partner (nil if none).
    static func maximumMatching(_ edges: [[(j: Int, d: Double)]], threshold: Double) -> [Int?] {
        let l = edges.count
        let adjacency = edges.map { $0.filter { $0.d <= threshold }.map(\.j) }
        var matchA = [Int](repeating: -1, count: l), matchB = [Int](repeating: -1, count: l)
        var level = [Int](repeating: 0, count: l)
        func bfs() -> Bool {
            var queue: [Int] = []
            var found = false
            for i in 0..<l {
                if matchA[i] < 0 { level[i] = 0; queue.append(i) } else { level[i] = -1 }
            }
            var head = 0
            while head < queue.count {
                let i = queue[head]; head += 1
                for j in adjacency[i] {
                    let k = matchB[j]
                    if k < 0 { found = true } else if level[k] < 0 { level[k] = level[i] + 1; queue.append(k) }
                }
            }
            return found
        }
        func dfs(_ i: Int) -> Bool {
            for j in adjacency[i] {
                let k = matchB[j]
                if k < 0 || (level[k] == level[i] + 1 && dfs(k)) {
                    matchA[i] = j; matchB[j] = i
                    return true
                }
            }
            level[i] = -1
            return false
        }
        while bfs() {
            for i in 0..<l where matchA[i] < 0 { _ = dfs(i) }
        }
        return matchA.map { $0 < 0 ? nil : $0 }
    }
}

import Testing
import ExactNumbers
import ReluNetwork
@testable import Symmetry
import TestSupport

/// SPEC §13.6 against brute force: on small networks full of ties, dead
/// neurons and proportional columns, `DeepEquivalence`'s verdict agrees with
/// trying every tuple of per-layer permutations and solving for the scales.
extension DeepEquivalenceTests {
    typealias ExactLayers = [([[Rational]], [Rational]?)]

    /// Whether positive scales α make B = g·A for these permutations: every
    /// non-zero weight gives `α_row / α_column = W_B / W_A` (inputs, outputs and
    /// biases on the fixed node, α = 1), zero patterns must agree, every ratio
    /// must be positive, and the ratios must agree around every cycle (a
    /// weighted union-find with exact potentials).
    static func bruteForceConsistent(_ a: ExactLayers, _ b: ExactLayers, permutations: [[Int]]) -> Bool {
        let depth = a.count
        var offsets = [0], total = 1   // node 0: the fixed node
        for h in 1..<depth { offsets.append(total); total += a[h - 1].0.count }
        var parent = Array(0..<total), potential = [Rational](repeating: Rational(1), count: total)   // α_x / α_parent
        func find(_ x: Int) -> (root: Int, ratio: Rational) {
            var node = x, ratio = Rational(1)
            while parent[node] != node { ratio = ratio * potential[node]; node = parent[node] }
            return (node, ratio)
        }
        // α_u = r · α_v.
        func join(_ u: Int, _ v: Int, _ r: Rational) -> Bool {
            guard r.signum > 0 else { return false }
            let (ru, pu) = find(u), (rv, pv) = find(v)
            if ru == rv { return pu == r * pv }
            parent[ru] = rv
            potential[ru] = r * pv / pu
            return true
        }
        for h in 1...depth {
            let (wa, biasA) = a[h - 1], (wb, biasB) = b[h - 1]
            let n = wa.count, m = wa[0].count
            let rows = h < depth ? permutations[h - 1] : Array(0..<n)
            let columns = h > 1 ? permutations[h - 2] : Array(0..<m)
            for k in 0..<n {
                let rowNode = h < depth ? offsets[h] + k : 0
                for j in 0..<m {
                    let x = wa[k][j], y = wb[rows[k]][columns[j]]
                    if x.isZero != y.isZero { return false }
                    if x.isZero { continue }
                    if !join(rowNode, h > 1 ? offsets[h - 1] + j : 0, y / x) { return false }
                }
                if let biasA, let biasB {
                    let x = biasA[k], y = biasB[rows[k]]
                    if x.isZero != y.isZero { return false }
                    if !x.isZero, !join(rowNode, 0, y / x) { return false }
                }
            }
        }
        return true
    }

    /// Every permutation of 0..<n.
    static func permutations(_ n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return permutations(n - 1).flatMap { p in (0...p.count).map { i in var q = p; q.insert(n - 1, at: i); return q } }
    }

    static func bruteForceEquivalent(_ a: ExactLayers, _ b: ExactLayers) -> Bool {
        let depth = a.count
        var tuples: [[[Int]]] = [[]]
        for h in 1..<depth { tuples = tuples.flatMap { t in permutations(a[h - 1].0.count).map { t + [$0] } } }
        return tuples.contains { bruteForceConsistent(a, b, permutations: $0) }
    }

    /// 600 pairs: widths ≤ 3, entries in {−2, …, 2} (ties and proportional
    /// rows are common), dead neurons planted below the last hidden layer;
    /// B is g·A, g·A with one entry changed, or an independent draw. Every
    /// "equivalent" re-checks and brute force agrees; every "not equivalent"
    /// has no g by brute force; "unknown" only for coupled scales (a neuron whose
    /// only non-zero input weights come from dead neurons), counted.
    @Test func verdictsAgreeWithBruteForce() throws {
        var random = TestRandom(123)
        var counts = (equivalent: 0, notEquivalent: 0, unknown: 0)
        let values: [Rational] = [-2, -1, 0, 1, 2].map { Rational($0) }
        let scales: [Rational] = [Rational(1) / Rational(2), Rational(1), Rational(2), Rational(3)]
        for trial in 0..<600 {
            let depth = 3 + random.next(2)
            let widths = [1 + random.next(2)] + (1..<depth).map { _ in 1 + random.next(3) } + [1 + random.next(2)]
            let bias = random.next(2) == 0
            func draw() -> ExactLayers {
                var layers: ExactLayers = (1...depth).map { h in
                    ((0..<widths[h]).map { _ in (0..<widths[h - 1]).map { _ in values[random.next(5)] } },
                     bias ? (0..<widths[h]).map { _ in values[random.next(5)] } : nil)
                }
                for h in 1..<(depth - 1) {
                    for k in 0..<widths[h] where random.next(3) == 0 {
                        layers[h - 1].0[k] = Array(repeating: .zero, count: widths[h - 1])
                        layers[h - 1].1?[k] = .zero
                    }
                }
                return layers
            }
            let layers = draw()
            var other: ExactLayers
            switch trial % 3 {
            case 0, 1:
                let permutations = (1..<depth).map { h in Array(0..<widths[h]).shuffled(using: &random) }
                let alphas = (1..<depth).map { h in (0..<widths[h]).map { _ in scales[random.next(4)] } }
                other = transformed(layers, permutations: permutations, alphas: alphas)
                if trial % 3 == 1 {
                    let h = 1 + random.next(depth), i = random.next(widths[h]), j = random.next(widths[h - 1])
                    other[h - 1].0[i][j] = random.next(2) == 0 ? -other[h - 1].0[i][j] : other[h - 1].0[i][j] + Rational(1)
                }
            default:
                other = draw()
            }
            let a = try network(layers), b = try network(other)
            let brute = Self.bruteForceEquivalent(layers, other)
            switch DeepEquivalence.compare(a, b) {
            case .equivalent(let maps):
                counts.equivalent += 1
                #expect(DeepEquivalence.verify(maps, a, b), "trial \(trial)")
                #expect(brute, "trial \(trial): equivalent, brute force finds no g")
            case .notEquivalent(_, _, let reason):
                counts.notEquivalent += 1
                #expect(!brute, "trial \(trial): \(reason), yet brute force finds g")
            case .unknown(let reason):
                counts.unknown += 1
                #expect(reason.contains("coupled"), "trial \(trial): \(reason)")
            }
        }
        // Both verdicts occur often. Unknown stays a minority even here, where a
        // neuron fed only by dead neurons is common (measured: 166 equivalent,
        // 346 not, 88 unknown, of which brute force finds g for 65).
        #expect(counts.equivalent >= 150 && counts.notEquivalent >= 300, "\(counts)")
        #expect(counts.unknown <= 120, "\(counts)")
    }
}

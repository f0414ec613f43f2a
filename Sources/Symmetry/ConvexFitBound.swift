import ExactNumbers
import Foundation

/// SPEC §6.3: a lower bound on the loss of every convex (or every concave)
/// function on a data set, certified exactly.
///
/// When every output weight is locked to one sign `s`, the network computes
/// `f = β + s·g` with `g = Σ|v_k|σ(a_k·x + b_k)` convex, so along the whole
/// flow `f` is convex (`s = +1`) or concave (`s = −1`) in `x`, whatever the
/// output bias `β` does. If a data point `x₀` is an exact convex combination
/// `Σ λ_j x_j` of others, every convex `f` has `f(x₀) ≤ Σ λ_j f(x_j)`; when
/// the targets break that inequality by `δ = y₀ − Σ λ_j y_j > 0`, any convex
/// fit pays for it. Over disjoint groups of points these costs add up (the
/// full convex-regression problem has more constraints and more terms, so
/// its optimum is at least the sum; SPEC §6.3 "the same program on a subset").
///
/// - MSE `(1/2n)Σ(f_i − y_i)²`: one group costs exactly `δ²/(2‖w‖²)` with
///   `w = e₀ − Σλ_j e_j`, `‖w‖² = 1 + Σλ_j²` (the distance of `y` to the
///   half-space `w·h ≤ 0`). Exact rational bound.
/// - BCE with labels 0/1: by weak duality, for any `μ ∈ [0, 1]` one group
///   (label 1 at `x₀`, labels 0 at the `x_j`) costs at least
///   `H(1 − μ) + Σ_j H(μλ_j)`, `H` the binary entropy in nats. `μ` is chosen
///   numerically; each term is evaluated in binary64 and rounded down by a
///   relative 10⁻¹² (far beyond libm's error), so the bound is safe.
///
/// Groups are found by a linear program in binary64 (`DenseSimplex`: is `x₀`
/// in the hull of the other points, and with which weights), then re-solved
/// on their support and checked in exact arithmetic; nothing unchecked is kept.
public struct ConvexFitBound: Sendable {
    /// Which functions the bound is over.
    public enum Curvature: String, Sendable, Encodable {
        case convex, concave
    }

    /// One group: `point` is `Σ weight·x` of `support` exactly, and its target
    /// breaks the curvature's inequality by `gap` (> 0).
    public struct Group: Sendable {
        public let point: Int
        public let support: [(point: Int, weight: Rational)]
        public let gap: Rational
    }

    public let curvature: Curvature
    public let loss: LossKind
    public let samples: Int
    public let groups: [Group]
    /// MSE: the exact bound `Σ δ²/(2n‖w‖²)`.
    public let exactBound: Rational?
    /// The bound as a number (MSE: nearest binary64 of `exactBound`; BCE: rounded down).
    public let bound: Double
    /// How many points were tried as `x₀`, of how many that could be.
    public let pointsTried: Int, pointsEligible: Int

    /// Searches the data for groups. `features`: row-major `samples × d`
    /// binary64 inputs (the values the network sees; each is an exact dyadic
    /// rational, converted only for the points a group uses). At most
    /// `maximumPoints` points are tried as `x₀` (most promising target first),
    /// each against its `neighbours` nearest candidates, within a budget of
    /// simplex work (`workBudget` tableau entries updated).
    public static func search(features: [Double], dimension d: Int, targets: [Rational], curvature: Curvature, loss: LossKind,
                              maximumPoints: Int = 600, neighbours: Int = 200, workBudget: Int = 4_000_000_000) -> ConvexFitBound {
        let n = targets.count
        guard d > 0, features.count == n * d, features.allSatisfy(\.isFinite) else {
            return ConvexFitBound(curvature: curvature, loss: loss, samples: n, groups: [], exactBound: loss == .mse ? .zero : nil,
                                  bound: 0, pointsTried: 0, pointsEligible: n)
        }
        let values = targets.map(\.doubleValue)
        let orient: Double = curvature == .convex ? 1 : -1   // δ = orient·(y₀ − Σλy)
        // MSE: any point can be x₀ or a support (the simplex picks the supports
        // that widen the gap most). BCE: x₀ has the label the curvature puts on
        // top (1 for convex), the supports the other (the dual bound needs it).
        let top = curvature == .convex ? Rational(1) : Rational.zero
        func eligible(_ i: Int) -> Bool { loss == .mse || targets[i] == top }
        func below(_ j: Int, _ i0: Int) -> Bool { loss == .mse || targets[j] != top }
        var order = (0..<n).filter(eligible)
        order.sort { orient * values[$0] > orient * values[$1] || (values[$0] == values[$1] && $0 < $1) }
        // Coordinates scaled to unit spread, for distances and the simplex.
        let spread = (0..<d).map { j in (0..<n).reduce(0.0) { max($0, abs(features[$1 * d + j])) } }
        let unit = (0..<(n * d)).map { spread[$0 % d] > 0 ? features[$0] / spread[$0 % d] : 0 }
        func scaled(_ i: Int, _ j: Int) -> Double { unit[i * d + j] }
        var used = [Bool](repeating: false, count: n)
        var groups: [Group] = []
        var tried = 0, work = 0
        // A simplex tableau has (d + 1) × (candidates + d + 2) entries: with tens of
        // thousands of features (and few points) the search is not attempted.
        let tableauLimit = 50_000_000
        let searchable = (d + 1) * (min(n, neighbours) + d + 2) <= tableauLimit
        // Each point tried scans all n points (O(n·d)): with many samples fewer
        // points are tried, so the search stays near 2·10^7 operations.
        let pointsAffordable = max(10, 20_000_000 / max(1, n * (d + 1)))
        for i0 in order.prefix(searchable ? min(maximumPoints, pointsAffordable) : 0) where !used[i0] {
            guard work < workBudget else { break }
            tried += 1
            work += n * (d + 1)
            var candidates = (0..<n).filter { $0 != i0 && !used[$0] && below($0, i0) }
            guard !candidates.isEmpty else { continue }
            if candidates.count > neighbours {
                let origin = i0 * d
                func distance(_ j: Int) -> Double {
                    var sum = 0.0
                    for t in 0..<d { let delta = unit[j * d + t] - unit[origin + t]; sum += delta * delta }
                    return sum
                }
                candidates = nearest(neighbours, of: candidates, by: distance).sorted()
            }
            // Rows: Σλ_j x_j = x₀ coordinate by coordinate, and Σλ_j = 1.
            let a = (0..<d).map { j in candidates.map { scaled($0, j) } } + [candidates.map { _ in 1.0 }]
            let b = (0..<d).map { scaled(i0, $0) } + [1]
            // MSE: make the gap as large as possible (minimise the oriented Σλ_j y_j).
            let cost = candidates.map { loss == .mse ? orient * values[$0] : 0 }
            let solution = DenseSimplex.solve(a: a, b: b, c: cost)
            work += (d + 1) * (candidates.count + d + 2) * max(1, solution.pivots)
            guard let lambda = solution.x else { continue }
            let support = candidates.indices.filter { lambda[$0] > 1e-12 }.map { candidates[$0] }
            let hints = Dictionary(uniqueKeysWithValues: candidates.indices.map { (candidates[$0], lambda[$0]) })
            guard let group = checkedGroup(i0, support, hints: support.map { hints[$0] ?? 0 }, features: features, d: d,
                                           targets: targets, orient: orient, loss: loss) else { continue }
            used[i0] = true
            for member in group.support { used[member.point] = true }
            groups.append(group)
        }
        let (exact, bound) = ConvexFitBound.total(groups, loss: loss, samples: n)
        return ConvexFitBound(curvature: curvature, loss: loss, samples: n, groups: groups, exactBound: exact, bound: bound,
                              pointsTried: tried, pointsEligible: order.count)
    }

    /// The group `x₀ = Σλ_j x_j` on `support`, with the weights solved and
    /// every condition checked in exact arithmetic (nil if any fails). Where
    /// the support is affinely dependent (duplicates, collinear points) the
    /// weights are not unique: the simplex's `hints` fix the free ones.
    static func checkedGroup(_ i0: Int, _ support: [Int], hints: [Double], features: [Double], d: Int, targets: [Rational],
                             orient: Double, loss: LossKind) -> Group? {
        guard !support.isEmpty else { return nil }
        func exact(_ i: Int) -> [Rational] { (0..<d).compactMap { Rational(exactly: features[i * d + $0]) } }
        var rows = support.map(exact)
        let point = exact(i0)
        guard point.count == d, rows.allSatisfy({ $0.count == d }) else { return nil }
        let system = (0..<d).map { j in rows.map { $0[j] } } + [support.map { _ in Rational(1) }]
        guard var weights = ExactLinearSystem.solution(system, point + [Rational(1)], hint: { Rational(exactly: hints[$0]) ?? .zero }),
              weights.allSatisfy({ $0.signum >= 0 }) else { return nil }
        // Points the exact solution does not need are dropped.
        var kept = support
        let nonZero = weights.indices.filter { weights[$0].signum > 0 }
        kept = nonZero.map { kept[$0] }
        rows = nonZero.map { rows[$0] }
        weights = nonZero.map { weights[$0] }
        guard !kept.isEmpty else { return nil }
        let support = kept
        let combination = (0..<d).map { j in zip(rows, weights).reduce(Rational.zero) { $0 + $1.1 * $1.0[j] } }
        guard combination == point, weights.reduce(Rational.zero, +) == Rational(1) else { return nil }
        let mean = zip(support, weights).reduce(Rational.zero) { $0 + $1.1 * targets[$1.0] }
        let gap = orient > 0 ? targets[i0] - mean : mean - targets[i0]
        guard gap.signum > 0 else { return nil }
        if loss == .bce {
            let top = orient > 0 ? Rational(1) : Rational.zero
            guard targets[i0] == top, support.allSatisfy({ targets[$0] != top }) else { return nil }
        }
        return Group(point: i0, support: zip(support, weights).map { (point: $0.0, weight: $0.1) }, gap: gap)
    }

    /// The `k` items of `items` with the smallest `key`, by a bounded max-heap:
    /// O(n log k), not a sort of all n.
    static func nearest(_ k: Int, of items: [Int], by key: (Int) -> Double) -> [Int] {
        var heap: [(key: Double, item: Int)] = []
        heap.reserveCapacity(k + 1)
        func siftUp(_ index: Int) {
            var child = index
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child].key > heap[parent].key else { return }
                heap.swapAt(child, parent)
                child = parent
            }
        }
        func siftDown(_ index: Int) {
            var parent = index
            while true {
                let left = 2 * parent + 1, right = left + 1
                var largest = parent
                if left < heap.count && heap[left].key > heap[largest].key { largest = left }
                if right < heap.count && heap[right].key > heap[largest].key { largest = right }
                guard largest != parent else { return }
                heap.swapAt(parent, largest)
                parent = largest
            }
        }
        for item in items {
            let value = key(item)
            if heap.count < k {
                heap.append((value, item))
                siftUp(heap.count - 1)
            } else if let top = heap.first, value < top.key {
                heap[0] = (value, item)
                siftDown(0)
            }
        }
        return heap.map(\.item)
    }

    /// The bound of `groups`: exact for MSE, rounded down for BCE.
    static func total(_ groups: [Group], loss: LossKind, samples n: Int) -> (exact: Rational?, value: Double) {
        guard n > 0 else { return (loss == .mse ? .zero : nil, 0) }
        switch loss {
        case .mse:
            var sum = Rational.zero
            for group in groups {
                let norm = group.support.reduce(Rational(1)) { $0 + $1.weight.squared }
                sum += group.gap.squared / (Rational(2) * norm)
            }
            let exact = sum / Rational(n)
            return (exact, exact.doubleValue)
        case .bce:
            let sum = groups.reduce(0.0) { $0 + bceGroupBound($1.support.map { $0.weight.doubleValue }) }
            return (nil, sum / Double(n))
        }
    }

    /// `max_μ H(1 − μ) + Σ H(μλ_j)` over `μ ∈ [0, 1]` (a concave function of
    /// μ: golden-section search), evaluated safely low.
    static func bceGroupBound(_ weights: [Double]) -> Double {
        func entropy(_ p: Double) -> Double {
            guard p > 0, p < 1 else { return 0 }
            return -(p * log(p) + (1 - p) * log1p(-p))
        }
        func dual(_ mu: Double) -> Double { weights.reduce(entropy(1 - mu)) { $0 + entropy(mu * $1) } }
        var low = 0.0, high = 1.0
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<80 {
            let left = high - ratio * (high - low), right = low + ratio * (high - low)
            if dual(left) < dual(right) { low = left } else { high = right }
        }
        let mu = (low + high) / 2
        // Every term rounded down: libm's log is within a few ulps, far inside 10⁻¹².
        let safe = weights.reduce(entropy(1 - mu) * (1 - 1e-12)) { $0 + entropy(mu * $1) * (1 - 1e-12) }
        return max(0, safe.nextDown)
    }
}

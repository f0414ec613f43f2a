import ExactNumbers
import Foundation
import ReluNetwork

/// Equivalence modulo `G` for parameters that came out of floating-point
/// training, where exact equality is hopeless.
///
/// Meaning of `tolerance ε`: each neuron is normalised on its orbit by
/// `(a/‖a‖, v·‖a‖)` (by `(0, v/‖v‖)` when `a = 0`; the zero neuron stays 0). This
/// is a canonical form like SPEC §5.2's, but stable under rounding, which
/// "first non-zero entry" is not. The distance between neurons x and y is
/// `‖x − y‖₂ / max(‖x‖₂, ‖y‖₂)` on these rows (0 for two zero neurons). A and B
/// are equivalent within ε iff the output biases are within ε by the same
/// relative distance (`G` leaves β untouched, SPEC §5.1; two absent or zero
/// biases are at distance 0) and some permutation matches every neuron of A
/// to a neuron of B at distance ≤ ε. The matching reported minimises the
/// largest matched distance over all permutations (a bottleneck assignment,
/// found by Hopcroft–Karp matchings on threshold graphs), not greedily.
///
/// Range: every vector is held as `values · 2^exponent` with the largest
/// `|value|` in `[1, 2)` (`ScaledVector`), so norms, normalised rows and
/// distances never overflow or underflow to a wrong answer, whatever the
/// magnitudes (1e±200 weights, or JSON decimals beyond binary64). Distances
/// are relative, hence at most 2, and always finite.
public enum ApproximateEquivalence {
    public struct Match: Sendable, Equatable {
        /// Neuron k of A matches neuron `permutation[k]` of B.
        public let permutation: [Int]
        /// `B_{π(k)} ≈ (α_k a_k, v_k/α_k)` (α can lie outside binary64's range).
        public let alphas: [ScaledDouble]
        public let distances: [Double]
        /// Relative distance of the output biases (0 when both are absent or zero).
        public let outputBiasDistance: Double
        /// The smallest possible largest matched distance (output bias included).
        public let maximumDistance: Double
    }

    public enum Result: Sendable, Equatable {
        case equivalent(Match)
        /// `neuron`: first neuron of A left unmatched by a maximum matching
        /// within ε (nil when the output biases already differ); `nearest`: its
        /// distance to the closest neuron of B (the biases' distance when `neuron` is nil).
        case notEquivalent(neuron: Int?, nearest: Double?, reason: String)
    }

    /// An orbit-normalised neuron row and the factor s with row = (s·a, v/s).
    struct NormalizedNeuron {
        let row: ScaledVector
        let scale: ScaledDouble
    }

    /// Orbit-normalised row `(a/‖a‖, v·‖a‖)` (or `(0, v/‖v‖)`) and the scale s with row = (s·a, v/s).
    static func normalized(a: ScaledVector, v: ScaledVector) -> NormalizedNeuron {
        if let normA = a.norm {
            // a = A·2^p with ‖A‖ ∈ [1, 2√m]: a/‖a‖ = A/‖A‖, v·‖a‖ = (V·‖A‖)·2^(p+q).
            let unit = a.values.map { $0 / normA.significand }
            let stretched = v.values.map { $0 * normA.significand }
            let row = ScaledVector(parts: [(unit, 0), (stretched, normA.exponent + v.exponent)])
            return NormalizedNeuron(row: row, scale: ScaledDouble(significand: 1 / normA.significand, exponent: -normA.exponent))
        }
        if let normV = v.norm {
            let row = ScaledVector(parts: [(a.values, 0), (v.values.map { $0 / normV.significand }, 0)])
            return NormalizedNeuron(row: row, scale: normV)
        }
        return NormalizedNeuron(row: ScaledVector(parts: [(a.values + v.values, 0)]), scale: ScaledDouble(significand: 1, exponent: 0))
    }

    /// Relative distance `‖x − y‖/max(‖x‖, ‖y‖)` (0 for two zero vectors), or nil
    /// as soon as it provably exceeds `limit`. Both vectors are brought to the
    /// larger one's exponent (multiplying by a power of two), where its largest
    /// entry is in [1, 2): every sum stays finite, and the norm divided by is ≥ 1.
    static func distance(_ x: ScaledVector, _ y: ScaledVector, limit: Double) -> Double? {
        guard let common = [x.leadingExponent, y.leadingExponent].compactMap({ $0 }).max() else { return 0 }
        // A zero vector contributes zeros at any exponent (factor 0 also avoids 0·∞).
        let fx = x.leadingExponent == nil ? 0 : ScaledVector.scale(1, by: x.exponent - common)
        let fy = y.leadingExponent == nil ? 0 : ScaledVector.scale(1, by: y.exponent - common)
        let scale = Swift.max(x.valuesNorm * fx, y.valuesNorm * fy)   // ≥ 1
        let cappedLimit = Swift.min(Swift.max(limit, 0), 4)   // relative distances are ≤ 2
        let bound = (cappedLimit * scale) * (cappedLimit * scale)
        var sum = 0.0
        for i in 0..<x.values.count {
            let d = x.values[i] * fx - y.values[i] * fy
            sum += d * d
            if sum > bound { return nil }
        }
        return sum.squareRoot() / scale
    }

    public static func compare(_ a: ReluNetworkModel, _ b: ReluNetworkModel, tolerance: Double) -> Result {
        if let reason = Equivalence.shapeMismatch(a, b) { return .notEquivalent(neuron: nil, nearest: nil, reason: reason) }
        let biasDistance = distance(ScaledVector.outputBias(of: a), ScaledVector.outputBias(of: b), limit: .infinity) ?? 2
        guard biasDistance <= tolerance else {
            return .notEquivalent(neuron: nil, nearest: biasDistance,
                                  reason: "the output biases β differ: relative distance \(biasDistance) > \(tolerance) (G does not act on β)")
        }
        let rowsA = (0..<a.shape.hidden).map { normalized(a: .inputSide(of: a, neuron: $0), v: .outputSide(of: a, neuron: $0)) }
        let rowsB = (0..<b.shape.hidden).map { normalized(a: .inputSide(of: b, neuron: $0), v: .outputSide(of: b, neuron: $0)) }
        return compare(rowsA, rowsB, tolerance: tolerance, outputBiasDistance: biasDistance)
    }

    static func compare(_ rowsA: [NormalizedNeuron], _ rowsB: [NormalizedNeuron], tolerance: Double,
                        outputBiasDistance: Double = 0) -> Result {
        let l = rowsA.count
        guard l == rowsB.count else { return .notEquivalent(neuron: nil, nearest: nil, reason: "different numbers of neurons") }
        // Candidate edges: pairs within the tolerance (distance computation stops early otherwise).
        var edges: [[(j: Int, d: Double)]] = Array(repeating: [], count: l)
        for i in 0..<l {
            for j in 0..<l {
                if let d = distance(rowsA[i].row, rowsB[j].row, limit: tolerance) {
                    edges[i].append((j, d))
                }
            }
        }
        let full = maximumMatching(edges, threshold: .infinity)
        if let unmatched = full.firstIndex(of: nil) {
            let nearest = (0..<l).compactMap { j in distance(rowsA[unmatched].row, rowsB[j].row, limit: .infinity) }.min()
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
        let alphas = (0..<l).map { rowsA[$0].scale.dividing(by: rowsB[permutation[$0]].scale) }
        return .equivalent(Match(permutation: permutation, alphas: alphas, distances: distances,
                                 outputBiasDistance: outputBiasDistance,
                                 maximumDistance: Swift.max(distances.max() ?? 0, outputBiasDistance)))
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

/// A positive or signed real `significand · 2^exponent` whose magnitude may lie
/// outside binary64's range (a rescaling factor α between a 1e-200 and a 1e200
/// neuron is 1e400). The significand is finite.
public struct ScaledDouble: Sendable, Equatable {
    public let significand: Double
    public let exponent: Int

    public init(significand: Double, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }

    /// `self / other` (other non-zero).
    func dividing(by other: ScaledDouble) -> ScaledDouble {
        ScaledDouble(significand: significand / other.significand, exponent: exponent - other.exponent)
    }

    /// The nearest binary64 value (±∞ or 0 outside its range).
    public var doubleValue: Double { ScaledVector.scale(significand, by: exponent) }

    /// Whether `doubleValue` holds the value to full precision (finite, normal or 0).
    public var fitsBinary64: Bool {
        let value = doubleValue
        return significand == 0 || (value.isFinite && abs(value) >= Double.leastNormalMagnitude)
    }

    /// Decimal text, a valid JSON number: binary64's shortest form when it fits,
    /// else ten significant digits and a decimal exponent (`3.141592654e400`).
    public var decimalText: String {
        if fitsBinary64 { return "\(doubleValue)" }
        let log10Magnitude = Foundation.log10(abs(significand)) + Double(exponent) * Foundation.log10(2.0)
        var decimalExponent = Int(log10Magnitude.rounded(.down))
        var mantissa = Foundation.pow(10, log10Magnitude - Double(decimalExponent))
        if mantissa >= 9.9999999995 { mantissa /= 10; decimalExponent += 1 }
        let digits = String(format: "%.9f", mantissa)
        return (significand < 0 ? "-" : "") + digits + "e" + String(decimalExponent)
    }
}

/// A vector `values · 2^exponent` whose largest `|value|` lies in [1, 2) (all
/// values 0 for the zero vector): sums of squares of `values` are in [1, 4n],
/// so norms neither overflow nor underflow whatever the vector's magnitude.
struct ScaledVector {
    let values: [Double]
    let exponent: Int
    /// `‖values‖₂`, in [1, 2√n] (0 for the zero vector).
    let valuesNorm: Double
    /// `exponent`, or nil for the zero vector.
    var leadingExponent: Int? { values.contains(where: { $0 != 0 }) ? exponent : nil }

    /// From entries `value_i · 2^exponent_i` (finite values). Entries far below
    /// the largest may underflow to 0 after scaling: a relative change below
    /// 2^-1000 of the vector's norm.
    init(entries: [(value: Double, exponent: Int)]) {
        let leading = entries.lazy.filter { $0.value != 0 }.map { Int($0.value.exponent) + $0.exponent }.max()
        guard let leading else {
            values = entries.map { _ in 0 }
            exponent = 0
            valuesNorm = 0
            return
        }
        values = entries.map { ScaledVector.scale($0.value, by: $0.exponent - leading) }
        exponent = leading
        valuesNorm = ScaledVector.euclideanNorm(values)
    }

    /// The concatenation of blocks `values · 2^exponent`.
    init(parts: [(values: [Double], exponent: Int)]) {
        self.init(entries: parts.flatMap { part in part.values.map { ($0, part.exponent) } })
    }

    /// `‖x‖₂` as `√(Σ values²) · 2^exponent` (significand in [1, 2√n]); nil for the zero vector.
    var norm: ScaledDouble? {
        guard leadingExponent != nil else { return nil }
        return ScaledDouble(significand: valuesNorm, exponent: exponent)
    }

    static func euclideanNorm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// `x · 2^n`, correctly rounded, for any `Int` n (clamped where the result is 0 or ∞ anyway).
    static func scale(_ x: Double, by n: Int) -> Double {
        Foundation.scalbn(x, Swift.min(Swift.max(n, -4400), 4400))
    }

    /// One stored number as `value · 2^exponent`: binary tensors as they are;
    /// exact rationals (JSON) scaled when binary64 would overflow, underflow or go subnormal.
    static func entry(_ tensor: Tensor, _ index: Int) -> (value: Double, exponent: Int) {
        guard case .exact(let rationals) = tensor.values else { return (tensor.doubleValue(at: index), 0) }
        let r = rationals[index]
        if r.isZero { return (0, 0) }
        let nearest = r.doubleValue
        if nearest.isFinite && abs(nearest) >= Double.leastNormalMagnitude { return (nearest, 0) }
        let shift = r.numerator.bitWidth - r.denominator.bitWidth   // 2^(shift−1) < |r| < 2^(shift+1)
        return (r.timesPowerOfTwo(-shift).doubleValue, shift)
    }

    /// Input side `a_k = (w_k, b_k)` of neuron k (SPEC §1; `W1` is `l × d`, row-major).
    static func inputSide(of model: ReluNetworkModel, neuron k: Int) -> ScaledVector {
        let d = model.shape.inputs
        var entries = (0..<d).map { entry(model.inputWeights, k * d + $0) }
        if let bias = model.hiddenBias { entries.append(entry(bias, k)) }
        return ScaledVector(entries: entries)
    }

    /// Output side `v_k` (column k of `W2`, `e × l`).
    static func outputSide(of model: ReluNetworkModel, neuron k: Int) -> ScaledVector {
        let l = model.shape.hidden
        return ScaledVector(entries: (0..<model.shape.outputs).map { entry(model.outputWeights, $0 * l + k) })
    }

    /// The output bias β (the empty vector when the model has none).
    static func outputBias(of model: ReluNetworkModel) -> ScaledVector {
        guard let bias = model.outputBias else { return ScaledVector(entries: []) }
        return ScaledVector(entries: (0..<bias.values.count).map { entry(bias, $0) })
    }
}

import ExactNumbers
import ReluNetwork

/// How many effective components (SPEC §5.4) a reading has, or why that case
/// is not decided by this version. Never a guessed number.
public enum EffectiveComponentCount: Sendable, Equatable {
    /// The exact count and the rule that gives it.
    case count(BigInt, rule: String)
    /// The case is outside the rules implemented; the reason says which.
    case notCovered(reason: String)

    public var value: BigInt? {
        if case .count(let value, _) = self { return value }
        return nil
    }
}

/// The topology of the invariant set `H(c) = Π_k Q(c_k)` of a network and of
/// the component its point lies in (SPEC §4).
public struct NetworkTopology: Sendable {
    public let shape: NetworkShape
    public let neurons: [NeuronTopology]

    /// From the exact invariants of a model.
    public init(model: ReluNetworkModel) {
        self.init(shape: model.shape, invariants: model.invariants())
    }

    public init(shape: NetworkShape, invariants: [NeuronInvariant]) {
        self.shape = shape
        let m = shape.inputSideDimension, e = shape.outputs
        neurons = invariants.map { NeuronTopology(invariant: $0, m: m, e: e) }
    }

    /// Numbers of neurons with `c > 0`, `c < 0`, `c = 0`, and `c = 0` at the apex.
    public var signCounts: (positive: Int, negative: Int, zero: Int, apex: Int) {
        var counts = (positive: 0, negative: 0, zero: 0, apex: 0)
        for neuron in neurons {
            switch neuron.sign {
            case 1: counts.positive += 1
            case -1: counts.negative += 1
            default:
                counts.zero += 1
                if neuron.invariant.isAtApex { counts.apex += 1 }
            }
        }
        return counts
    }

    /// Number of output-locked neurons with `c < 0`: the paper's pathological neurons.
    public var pathologicalNeuronCount: Int {
        shape.outputs == 1 ? signCounts.negative : 0
    }

    /// `β₀(H) = Π_k β₀(Q(c_k))`, exact (SPEC §4.1).
    public func componentCount(_ reading: Reading) -> BigInt {
        // Group equal factors: Π β₀ = Π_b b^{#neurons with β₀ = b}.
        var histogram: [Int: Int] = [:]
        for neuron in neurons { histogram[neuron.componentCount(reading), default: 0] += 1 }
        var product = BigInt(1)
        for (base, exponent) in histogram.sorted(by: { $0.key < $1.key }) where base != 1 {
            product *= BigInt.power(BigInt(base), exponent)
        }
        return product
    }

    /// The distinct per-neuron Poincaré polynomials of a reading with their
    /// multiplicities, in a fixed order: `P_H = Π factor^multiplicity` (SPEC §4.2).
    ///
    /// A neuron's factor depends only on the sign of `c_k` (and `m`, `e`, the
    /// reading), so the factors are grouped by sign: positive, negative, zero.
    public func poincareFactors(_ reading: Reading) -> [(factor: PoincarePolynomial, multiplicity: Int)] {
        let counts = signCounts
        let m = shape.inputSideDimension, e = shape.outputs
        var merged: [(factor: PoincarePolynomial, multiplicity: Int)] = []
        for (sign, multiplicity) in [(-1, counts.negative), (1, counts.positive), (0, counts.zero)] where multiplicity > 0 {
            let factor = NeuronTopology.poincarePolynomial(sign: sign, m: m, e: e, reading: reading)
            if let index = merged.firstIndex(where: { $0.factor == factor }) {
                merged[index].multiplicity += multiplicity   // e.g. 1 + t^{m−1} = 1 + t^{e−1} when m = e
            } else {
                merged.append((factor, multiplicity))
            }
        }
        return merged
    }

    /// `P_H(t) = Π_k P_{Q(c_k)}(t)` (Künneth; SPEC §4.2), exact.
    public func poincarePolynomial(_ reading: Reading) -> PoincarePolynomial {
        poincareFactors(reading).reduce(PoincarePolynomial.one) { $0 * $1.factor.power($1.multiplicity) }
    }

    /// The product written in factored form: `2^3 · (1 + t^783)^4093`.
    public func factoredPoincare(_ reading: Reading) -> String {
        let parts: [String] = poincareFactors(reading).compactMap { factor, multiplicity in
            if factor == .one { return nil }
            let isConstant = factor.terms.count == 1 && factor.degree == 0
            let base = isConstant ? factor.description : "(\(factor.description))"
            return multiplicity == 1 ? base : "\(base)^\(multiplicity)"
        }
        return parts.isEmpty ? "1" : parts.joined(separator: " · ")
    }

    /// Euler characteristic `P_H(−1)` (SPEC §4.2), from the factors.
    public func eulerCharacteristic(_ reading: Reading) -> BigInt {
        poincareFactors(reading).reduce(BigInt(1)) { $0 * BigInt.power($1.factor.valueAtMinusOne, $1.multiplicity) }
    }

    /// The label of the component containing the model's point (SPEC §4.3).
    public func label(_ reading: Reading) -> String {
        neurons.map { $0.labelSymbols(reading) }.joined()
    }

    /// Effective components (SPEC §5.4), for the cases this version decides:
    /// a connected `H(c)`, and `e = 1, m ≥ 2` with every `c_k ≠ 0`.
    public func effectiveComponents(_ reading: Reading) -> EffectiveComponentCount {
        if componentCount(reading) == BigInt(1) {
            return .count(BigInt(1), rule: "H(c) is connected")
        }
        let counts = signCounts
        if shape.outputs == 1 && shape.inputSideDimension >= 2 && counts.zero == 0 {
            let free = counts.positive
            if free >= 1 {
                return .count(BigInt(1), rule: "SPEC §5.4: e = 1, m ≥ 2, u = \(free) ≥ 1 free neuron")
            }
            return .count(BigInt(neurons.count + 1),
                          rule: "SPEC §5.4: e = 1, m ≥ 2, u = 0: classes by the number of positive locked outputs, l + 1")
        }
        var missing: [String] = []
        if shape.inputSideDimension == 1 { missing.append("input locks (m = 1)") }
        if counts.zero > 0 { missing.append("c_k = 0") }
        if shape.outputs >= 2 { missing.append("e ≥ 2 with locks") }
        return .notCovered(reason: "not covered yet: the general case of SPEC §5.4 (\(missing.joined(separator: ", "))) is not implemented in this version")
    }
}

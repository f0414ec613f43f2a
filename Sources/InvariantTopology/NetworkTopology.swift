import ExactNumbers
import ReluNetwork

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
}

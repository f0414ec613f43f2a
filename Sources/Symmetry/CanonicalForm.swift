import ExactNumbers
import ReluNetwork

/// One neuron's parameters `(a_k, v_k)` as exact rationals (SPEC §1).
public struct ExactNeuron: Sendable, Hashable {
    /// Input side `a_k = (w_k, b_k)`.
    public var a: [Rational]
    /// Output side `v_k`.
    public var v: [Rational]

    public init(a: [Rational], v: [Rational]) {
        self.a = a
        self.v = v
    }

    /// `(αa, v/α)`, the action of a rescaling (SPEC §5.1); α must be positive.
    public func rescaled(by alpha: Rational) -> ExactNeuron {
        precondition(alpha.signum > 0, "rescaling factors are positive")
        return ExactNeuron(a: a.map { $0 * alpha }, v: v.map { $0 / alpha })
    }

    public var isZero: Bool { a.allSatisfy(\.isZero) && v.allSatisfy(\.isZero) }

    /// `‖x‖²`, exact (zeros skipped: padding neurons are mostly zeros).
    public static func squaredNorm(_ x: [Rational]) -> Rational {
        var sum = Rational.zero
        for value in x where !value.isZero { sum += value.squared }
        return sum
    }

    /// The factor `s > 0` with canonical form `(s·a, v/s)` (SPEC §5.2): the first
    /// non-zero entry of `a` (else of `v`) becomes ±1; 1 for the zero neuron.
    public var canonicalScale: Rational {
        if let first = a.first(where: { !$0.isZero }) { return Rational(1) / first.magnitude }
        if let first = v.first(where: { !$0.isZero }) { return first.magnitude }
        return Rational(1)
    }

    /// The canonical representative of the neuron's orbit under rescaling.
    public var canonical: ExactNeuron {
        let s = canonicalScale
        return s == Rational(1) ? self : rescaled(by: s)
    }

    /// Lexicographic order on `(a, v)` (SPEC §5.2 sorts canonical neurons this way).
    public static func lexicographicallyPrecedes(_ x: ExactNeuron, _ y: ExactNeuron) -> Bool {
        for (p, q) in zip(x.a + x.v, y.a + y.v) where p != q { return p < q }
        return (x.a.count + x.v.count) < (y.a.count + y.v.count)
    }
}

extension ReluNetworkModel {
    /// Every neuron's exact parameters; a side missing from the model (no
    /// hidden bias) is absent, not zero-padded.
    public func exactNeurons() -> [ExactNeuron] {
        (0..<shape.hidden).map { ExactNeuron(a: inputSide(neuron: $0), v: outputSide(neuron: $0)) }
    }

    /// The output bias `β` (empty when the model has none).
    public func exactOutputBias() -> [Rational] {
        guard let outputBias else { return [] }
        return (0..<outputBias.values.count).map { outputBias.exactValue(at: $0) }
    }
}

/// The canonical form of a network modulo `G` (SPEC §5.2): every neuron scaled
/// to its canonical representative, then sorted lexicographically.
/// `θ ~ θ'` iff their canonical forms are equal (and `β` is equal).
public struct CanonicalForm: Sendable, Equatable {
    public let neurons: [ExactNeuron]

    public init(_ neurons: [ExactNeuron]) {
        self.neurons = neurons.map(\.canonical).sorted(by: ExactNeuron.lexicographicallyPrecedes)
    }
}

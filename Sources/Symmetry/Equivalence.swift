import ExactNumbers
import ReluNetwork

/// A proof that `B = g·A` for some `g ∈ G` (SPEC §5.1): neuron `k` of A,
/// rescaled by `alphas[k]`, is neuron `permutation[k]` of B.
public struct EquivalenceCertificate: Sendable, Equatable {
    public let permutation: [Int]
    public let alphas: [Rational]

    /// Exact check: `(α_k a_k, v_k/α_k) = B_{π(k)}` for every k and π a bijection.
    public func verifies(_ a: [ExactNeuron], _ b: [ExactNeuron]) -> Bool {
        guard permutation.count == a.count, a.count == b.count, alphas.count == a.count,
              Set(permutation).count == a.count, permutation.allSatisfy({ (0..<b.count).contains($0) }) else { return false }
        return (0..<a.count).allSatisfy { k in alphas[k].signum > 0 && a[k].rescaled(by: alphas[k]) == b[permutation[k]] }
    }
}

/// The outcome of comparing two networks modulo `G`.
public enum EquivalenceResult: Sendable, Equatable {
    case equivalent(EquivalenceCertificate)
    /// Not equivalent; `neuron` (index in A, nil when the difference is not a
    /// neuron's) names the first neuron of A with no partner in B.
    case notEquivalent(neuron: Int?, reason: String)
}

/// Exact equivalence modulo rescaling and permutation (SPEC §5.2).
public enum Equivalence {
    public static func compare(_ a: ReluNetworkModel, _ b: ReluNetworkModel) -> EquivalenceResult {
        if let reason = shapeMismatch(a, b) { return .notEquivalent(neuron: nil, reason: reason) }
        if a.exactOutputBias() != b.exactOutputBias() {
            return .notEquivalent(neuron: nil, reason: "the output biases β differ (G does not act on β)")
        }
        if let fast = compareBinary(a, b) { return fast }
        return compare(a.exactNeurons(), b.exactNeurons())
    }

    /// Shapes and activations that make two parameter sets incomparable.
    static func shapeMismatch(_ a: ReluNetworkModel, _ b: ReluNetworkModel) -> String? {
        let sa = a.shape, sb = b.shape
        if sa.inputs != sb.inputs || sa.hidden != sb.hidden || sa.outputs != sb.outputs {
            return "shapes differ: A is d = \(sa.inputs), l = \(sa.hidden), e = \(sa.outputs); B is d = \(sb.inputs), l = \(sb.hidden), e = \(sb.outputs)"
        }
        if sa.hasHiddenBias != sb.hasHiddenBias {
            return "one model has a hidden bias b1 and the other has none (different parameter spaces)"
        }
        if sa.hasOutputBias != sb.hasOutputBias { return "one model has an output bias b2 and the other has none" }
        if a.activation != b.activation { return "activations differ: \(a.activation) and \(b.activation)" }
        return nil
    }

    /// Matches canonical neurons as multisets; the certificate is re-checked exactly.
    public static func compare(_ a: [ExactNeuron], _ b: [ExactNeuron]) -> EquivalenceResult {
        guard a.count == b.count else {
            return .notEquivalent(neuron: nil, reason: "different numbers of neurons: \(a.count) and \(b.count)")
        }
        var partners: [ExactNeuron: [Int]] = [:]
        let scalesB = b.map(\.canonicalScale)
        for (j, neuron) in b.enumerated() { partners[neuron.rescaled(by: scalesB[j]), default: []].append(j) }
        var permutation: [Int] = [], alphas: [Rational] = []
        for (k, neuron) in a.enumerated() {
            let scale = neuron.canonicalScale
            let canonical = neuron.rescaled(by: scale)
            guard var candidates = partners[canonical], let j = candidates.popLast() else {
                return .notEquivalent(neuron: k, reason: "neuron \(k) of A has no partner in B: no neuron of B is a positive rescaling of it (or its partners are all taken)")
            }
            partners[canonical] = candidates
            permutation.append(j)
            alphas.append(scale / scalesB[j])   // (s_A a, v/s_A) = (s_B a', v'/s_B) ⇒ a' = (s_A/s_B) a
        }
        let certificate = EquivalenceCertificate(permutation: permutation, alphas: alphas)
        guard certificate.verifies(a, b) else {
            return .notEquivalent(neuron: nil, reason: "internal error: the certificate failed its exact check")
        }
        return .equivalent(certificate)
    }
}

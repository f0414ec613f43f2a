import Foundation
import InvariantTopology
import ReluNetwork
import Symmetry

/// Exact-in-law probabilities of SPEC §10 for an architecture whose neurons are
/// independent with `P(c_k < 0) = p` (and `P(c_k = 0) = 0`): every statistic is
/// a finite sum over the binomial law of the number `j` of neurons with
/// `c_k < 0`, with the per-`j` value taken from the closed forms of SPEC §4–§6
/// (`EffectiveComponents`, the product of per-neuron `β₀`). The special forms of
/// SPEC §10 — `(1+p)^l`, `p^l`, `p^l + (1−p)^l` — follow from these sums and are
/// checked against them in the tests.
public struct ClosedFormProbabilities: Sendable {
    public let architecture: Architecture
    /// `p = P(c_k < 0)`.
    public let pathological: Double
    /// `q = P(c_k > 0) = 1 − p`, computed directly (no cancellation when `p ≈ 1`).
    public let nonPathological: Double

    public init(architecture: Architecture, pathological: Double, nonPathological: Double) {
        self.architecture = architecture
        self.pathological = pathological
        self.nonPathological = nonPathological
    }

    /// `ln P(#{k : c_k < 0} = j)` for `j = 0…l`: `ln C(l, j) + j ln p + (l−j) ln q` (−∞ for impossible counts).
    public var logPathologicalCountDistribution: [Double] {
        let l = architecture.hidden
        let logP = Foundation.log(pathological), logQ = Foundation.log(nonPathological)
        return (0...l).map { j in
            if pathological == 0 { return j == 0 ? 0 : -.infinity }
            if nonPathological == 0 { return j == l ? 0 : -.infinity }
            return ClosedFormProbabilities.logBinomial(l, j) + Double(j) * logP + Double(l - j) * logQ
        }
    }

    /// `P(#{k : c_k < 0} = j)` for `j = 0…l`: `C(l, j) p^j q^{l−j}`, each term in log space.
    public var pathologicalCountDistribution: [Double] {
        logPathologicalCountDistribution.map { Foundation.exp($0) }
    }

    /// `log₁₀ E[#components]`, finite even where `E[#components]` overflows binary64 (`l` in the thousands).
    public var log10ExpectedComponents: Double {
        let l = architecture.hidden
        let terms = logPathologicalCountDistribution.enumerated().map { j, logP in
            logP + Foundation.log(2.0) * architecture.log2Components(negative: j, positive: l - j)
        }
        guard let largest = terms.max(), largest > -.infinity else { return -.infinity }
        let sum = terms.reduce(0.0) { $0 + Foundation.exp($1 - largest) }
        return (largest + Foundation.log(sum)) / Foundation.log(10.0)
    }

    /// `β₀` of the invariant set with `j` neurons at `c < 0` and `l − j` at `c > 0`.
    public func components(pathologicalCount j: Int) -> Double {
        Foundation.pow(2, architecture.log2Components(negative: j, positive: architecture.hidden - j))
    }

    /// Whether the invariant set with `j` neurons at `c < 0` has more than one
    /// effective component (SPEC §5.4, topological reading; `c = 0` has probability 0).
    public func hasMultipleEffectiveComponents(pathologicalCount j: Int) -> Bool {
        let count = EffectiveComponents.count(m: architecture.inputSideDimension, e: architecture.outputs,
                                              positive: architecture.hidden - j, negative: j, zero: 0, reading: .topological)
        return count.value > 1
    }

    /// `E[#components] = Σ_j P(j)·β₀(j)`; `(1+p)^l` for `e = 1, m ≥ 2`.
    public var expectedComponents: Double {
        let distribution = pathologicalCountDistribution
        return (0...architecture.hidden).reduce(0.0) { $0 + distribution[$1] * components(pathologicalCount: $1) }
    }

    /// `P(more than one effective component) = Σ_j P(j)·[eff(j) > 1]`;
    /// `p^l` for `e = 1, m ≥ 2`, `p^l + q^l` for `m = e = 1` (SPEC §10).
    public var multipleEffectiveComponents: Double {
        let distribution = pathologicalCountDistribution
        return ClosedFormProbabilities.clamped((0...architecture.hidden).reduce(0.0) { hasMultipleEffectiveComponents(pathologicalCount: $1) ? $0 + distribution[$1] : $0 })
    }

    /// The probability that a teacher with `(n⁺, n⁻)` output signs is unreachable
    /// (SPEC §6.1): the finite sum over `(p⁺, p⁻, u) ~ Multinomial(l; p/2, p/2, q)`
    /// of the outcomes violating `max(0, n⁺−p⁺) + max(0, n⁻−p⁻) ≤ u`. Output
    /// weights are symmetric about 0 under every scheme, so a locked neuron is
    /// positive with probability ½ independently of its `c`. Defined for
    /// `e = 1, m ≥ 2` and a teacher no wider than `l`; 0 for `e ≥ 2, m ≥ 2`
    /// (`H(c)` is connected); nil otherwise (`m = 1` locks input signs too, and
    /// SPEC §6.1 gives no rule).
    public func teacherObstruction(_ teacher: TeacherSigns) -> Double? {
        let l = architecture.hidden
        guard teacher.positive + teacher.negative <= l else { return nil }
        guard architecture.inputSideDimension >= 2 else { return nil }
        if architecture.outputs >= 2 { return 0 }
        let distribution = pathologicalCountDistribution
        var total = 0.0
        for locked in 0...l where distribution[locked] > 0 {
            // Given j locked neurons, p⁺ ~ Bin(j, ½).
            let logHalfPower = -Double(locked) * Foundation.log(2.0)
            // Only p⁺ < n⁺ or p⁻ < n⁻ can fail the inequality: O(n⁺ + n⁻) terms per j, not O(j).
            let lowEnd = Swift.min(teacher.positive, locked + 1)
            let highStart = Swift.max(lowEnd, locked - teacher.negative + 1)
            for lockedPositive in Array(stride(from: 0, to: lowEnd, by: 1)) + Array(stride(from: highStart, through: locked, by: 1))
            where teacher.isObstructed(lockedPositive: lockedPositive, lockedNegative: locked - lockedPositive, free: l - locked) {
                total += distribution[locked] * Foundation.exp(ClosedFormProbabilities.logBinomial(locked, lockedPositive) + logHalfPower)
            }
        }
        return ClosedFormProbabilities.clamped(total)
    }

    /// A probability kept in [0, 1] (sums of rounded terms can pass 1 by an ulp).
    static func clamped(_ probability: Double) -> Double { Swift.min(1, Swift.max(0, probability)) }

    /// `ln C(n, k)`.
    public static func logBinomial(_ n: Int, _ k: Int) -> Double {
        Foundation.lgamma(Double(n + 1)) - Foundation.lgamma(Double(k + 1)) - Foundation.lgamma(Double(n - k + 1))
    }
}

extension ClosedFormProbabilities {
    /// The closed forms for a Gaussian scheme (SPEC §10), or nil where none
    /// exists; under `training` (SPEC §14, resolved for `[d, l, e]`) through its
    /// weights (`InitScheme.gaussianLaw(layer:widths:bias:law:)`).
    public init?(scheme: InitScheme, architecture: Architecture, law training: TrainingLaw = .gradientFlow) {
        guard let law = scheme.gaussianLaw(d: architecture.inputs, l: architecture.hidden, e: architecture.outputs, bias: architecture.bias,
                                           law: training) else { return nil }
        self.init(architecture: architecture, pathological: ClosedFormProbabilities.clamped(law.pathological),
                  nonPathological: ClosedFormProbabilities.clamped(law.nonPathological))
    }
}

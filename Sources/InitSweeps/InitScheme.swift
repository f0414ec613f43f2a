import Foundation
import ExactNumbers
import ReluNetwork

/// How one tensor's entries are drawn.
public enum EntryDistribution: Sendable, Equatable {
    /// Every entry 0.
    case zero
    /// N(0, σ²), held by σ: a variance σ² would overflow for σ > 1.3e154 and
    /// underflow for σ < 1.5e-162 (σ is finite and positive by construction).
    case normal(standardDeviation: Double)
    /// U(−bound, bound).
    case uniform(bound: Double)
}

/// An initialisation scheme of SPEC §10 for a layer with `fan_in` inputs and
/// `fan_out` outputs (W1: `fan_in = d`, `fan_out = l`; W2: `fan_in = l`,
/// `fan_out = e`), named as in PyTorch's `torch.nn.init`.
///
/// Biases are 0 unless the scheme says otherwise (SPEC §10): PyTorch's
/// `kaiming_*_`/`xavier_*_` functions initialise weights only, so with
/// `bias` on those schemes give a hidden bias of 0 (it still counts in
/// `m = d + 1`, but not in the distribution of `‖a_k‖²`).
public enum InitScheme: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// N(0, 2/fan_in) (`kaiming_normal_`, ReLU gain √2, mode `fan_in`).
    case kaimingNormal
    /// U(±√(6/fan_in)).
    case kaimingUniform
    /// N(0, 2/(fan_in + fan_out)).
    case xavierNormal
    /// U(±√(6/(fan_in + fan_out))).
    case xavierUniform
    /// `nn.Linear`'s default: weights and bias U(±1/√fan_in).
    case pytorchDefault
    /// Input weights N(0, s1²), output weights N(0, s2²), biases N(0, sb²).
    case gaussian(inputStd: Double, outputStd: Double, biasStd: Double)

    public static let namedSchemes: [InitScheme] = [.kaimingNormal, .kaimingUniform, .xavierNormal, .xavierUniform, .pytorchDefault]

    /// The scheme's name on the command line and in reports:
    /// `kaiming_normal`, …, `gaussian(s1,s2,sb)`.
    public var description: String {
        switch self {
        case .kaimingNormal: return "kaiming_normal"
        case .kaimingUniform: return "kaiming_uniform"
        case .xavierNormal: return "xavier_normal"
        case .xavierUniform: return "xavier_uniform"
        case .pytorchDefault: return "pytorch_default"
        case let .gaussian(s1, s2, sb): return "gaussian(\(s1),\(s2),\(sb))"
        }
    }

    /// Parses a scheme name; `gaussian(s1,s2)` means `sb = s1`.
    public init?(parsing text: String) {
        let name = text.trimmingCharacters(in: .whitespaces)
        if let scheme = InitScheme.namedSchemes.first(where: { $0.description == name }) {
            self = scheme
            return
        }
        guard name.hasPrefix("gaussian("), name.hasSuffix(")") else { return nil }
        let inner = name.dropFirst("gaussian(".count).dropLast()
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        let values = parts.compactMap { $0 }
        guard values.allSatisfy({ $0.isFinite && $0 >= 0 }), values[0] > 0, values[1] > 0 else { return nil }
        self = .gaussian(inputStd: values[0], outputStd: values[1], biasStd: values.count == 3 ? values[2] : values[0])
    }

    /// The same scheme for drawing samples: a Gaussian's `(s1, s2, sb)` divided by
    /// one power of two so that the largest lies in [1, 2). The sign of
    /// `c = ‖a‖² − ‖v‖²` is invariant under a common scaling of a and v, and a
    /// power of two scales every binary64 draw `N·s` exactly (away from the
    /// subnormal range), so in-range parameters draw bit-identical signs and
    /// extreme ones (1e±200) neither overflow to ∞ nor underflow to c = 0.
    /// Named schemes are returned unchanged (their scales are near 1).
    public var scaledForSampling: InitScheme {
        guard case let .gaussian(s1, s2, sb) = self else { return self }
        let largest = Swift.max(s1, s2, sb)
        guard largest > 0, largest.isFinite else { return self }
        let shift = -Int(largest.exponent)
        func scaled(_ s: Double) -> Double { Foundation.scalbn(s, shift) }
        return .gaussian(inputStd: scaled(s1), outputStd: scaled(s2), biasStd: scaled(sb))
    }

    /// Hidden weights `W1` (`l × d`).
    public func inputWeights(d: Int, l: Int) -> EntryDistribution {
        weights(layer: 1, depth: 2, fanIn: d, fanOut: l)
    }

    /// Hidden bias `b1` (when the network has one).
    public func hiddenBias(d: Int) -> EntryDistribution {
        bias(layer: 1, fanIn: d)
    }

    /// Output weights `W2` (`e × l`).
    public func outputWeights(l: Int, e: Int) -> EntryDistribution {
        weights(layer: 2, depth: 2, fanIn: l, fanOut: e)
    }

    /// The Gaussian parameters of SPEC §10's closed form, when it applies:
    /// `P(c_k < 0) = I_x(m'/2, e/2)` with `m'` the number of input-side entries
    /// of variance `s1²` and `x = s2²/(s1² + s2²)`. Nil for uniform schemes and
    /// for a Gaussian bias whose variance is neither 0 nor `s1²` (no closed form:
    /// Monte Carlo only). The first layer of `gaussianLaw(layer:widths:bias:)`.
    public func gaussianLaw(d: Int, l: Int, e: Int, bias: Bool, law: TrainingLaw = .gradientFlow) -> GaussianNeuronLaw? {
        gaussianLaw(layer: 1, widths: [d, l, e], bias: bias, law: law)
    }
}

/// The law of one neuron's invariant under a Gaussian scheme (SPEC §10):
/// `‖a‖²/s1² ~ χ²_{m'}`, `‖v‖²/s2² ~ χ²_e`, and `c < 0 ⟺ X/(X+Y) < x`.
public struct GaussianNeuronLaw: Sendable, Equatable {
    /// `m'`: input-side entries with variance `s1²` (`d`, or `d + 1` with a Gaussian bias).
    public let inputEntries: Int
    /// `e`.
    public let outputEntries: Int
    /// `x = s2²/(s1² + s2²)`.
    public let x: Double
    /// `1 − x = s1²/(s1² + s2²)`, computed without cancellation.
    public let complement: Double

    /// `P(c_k < 0) = I_x(m'/2, e/2)`.
    public var pathological: Double {
        IncompleteBeta.regularized(a: Double(inputEntries) / 2, b: Double(outputEntries) / 2, x: x, complement: complement)
    }

    /// `P(c_k > 0) = 1 − I_x(m'/2, e/2)`, accurate when it is tiny.
    public var nonPathological: Double {
        IncompleteBeta.regularizedComplement(a: Double(inputEntries) / 2, b: Double(outputEntries) / 2, x: x, complement: complement)
    }
}

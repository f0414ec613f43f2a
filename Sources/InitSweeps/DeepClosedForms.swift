import Foundation
import ReluNetwork

/// Closed forms for a network of any depth under a Gaussian scheme (SPEC §13.9).
///
/// Per hidden layer `h`: the marginal `P(c_{h,k} < 0) = I_x(m_h/2, n_{h+1}/2)`
/// (`InitScheme.gaussianLaw(layer:widths:bias:)`). Neurons of one layer are
/// independent (their input sides are distinct rows of `W_h`, their output
/// sides distinct columns of `W_{h+1}`); neurons of adjacent layers are not.
///
/// The lock count `q` has a closed form when no lock can need a chain and the
/// first layer cannot lock an input weight: every hidden width ≥ 2 and
/// (`d ≥ 2` or a bias). Then (SPEC §13.3's corollary) the locked coordinates
/// are exactly the output weights `W_L[0, k]` of last-layer neurons with
/// `c < 0` when `e = 1`, so `q ~ Bin(n_{L−1}, p_{L−1})` (one layer:
/// independent), and `q = 0` when `e ≥ 2`. Otherwise `q` is Monte Carlo only.
public struct DeepClosedForms: Sendable {
    public let architecture: DeepArchitecture
    /// `laws[h − 1]`: hidden layer `h`'s law, nil where no closed form exists.
    public let laws: [GaussianNeuronLaw?]

    /// The closed forms under `law` (SPEC §14, resolved for the widths; plain gradient flow by default).
    public init(scheme: InitScheme, architecture: DeepArchitecture, law: TrainingLaw = .gradientFlow) {
        self.architecture = architecture
        laws = architecture.hiddenLayers.map { scheme.gaussianLaw(layer: $0, widths: architecture.widths, bias: architecture.bias, law: law) }
    }

    /// `P(c_{h,k} < 0)`.
    public func negative(layer h: Int) -> Double? {
        laws[h - 1].map { ClosedFormProbabilities.clamped($0.pathological) }
    }

    /// `E[#{k : c_{h,k} < 0}] = n_h · P(c_{h,k} < 0)`.
    public func expectedNegative(layer h: Int) -> Double? {
        negative(layer: h).map { Double(architecture.widths[h]) * $0 }
    }

    /// The law of `q` where it is closed-form.
    public enum LockLaw: Sendable, Equatable {
        /// `q = 0` for every sample (`e ≥ 2`, no bottleneck, no fan-in-1 first layer).
        case none
        /// `q ~ Bin(count, p)`; `complement = 1 − p` computed without cancellation.
        case binomial(count: Int, p: Double, complement: Double)
    }

    public var lockLaw: LockLaw? {
        let a = architecture
        guard a.hasNoBottleneck, a.inputs >= 2 || a.bias else { return nil }
        if a.outputs >= 2 { return LockLaw.none }
        let last = a.depth - 1
        guard let law = laws[last - 1] else { return nil }
        return .binomial(count: a.widths[last], p: ClosedFormProbabilities.clamped(law.pathological),
                         complement: ClosedFormProbabilities.clamped(law.nonPathological))
    }

    /// `P(q ≥ 1) = 1 − (1 − p)^n`.
    public var lockedProbability: Double? {
        switch lockLaw {
        case nil: return nil
        case .none?: return 0
        case let .binomial(n, p, complement)?:
            if complement == 0 { return 1 }
            // ln(1 − p) from p where p is small (1 − p rounds to 1 below 1e-16), from 1 − p where it is not.
            let logComplement = p < 0.5 ? Foundation.log1p(-p) : Foundation.log(complement)
            return ClosedFormProbabilities.clamped(-Foundation.expm1(Double(n) * logComplement))
        }
    }

    /// `log₁₀ E[2^q] = n · log₁₀(1 + p)`, finite where `E[2^q]` overflows binary64.
    public var log10ExpectedComponents: Double? {
        switch lockLaw {
        case nil: return nil
        case .none?: return 0
        case let .binomial(n, p, _)?: return Double(n) * Foundation.log1p(p) / Foundation.log(10.0)
        }
    }

    /// `E[2^q] = (1 + p)^n` (∞ past binary64; `log10ExpectedComponents` stays finite).
    public var expectedComponents: Double? {
        switch lockLaw {
        case nil: return nil
        case .none?: return 1
        case let .binomial(n, p, _)?: return Foundation.exp(Double(n) * Foundation.log1p(p))
        }
    }

    /// `E[q] = n · p`.
    public var meanLocked: Double? {
        switch lockLaw {
        case nil: return nil
        case .none?: return 0
        case let .binomial(n, p, _)?: return Double(n) * p
        }
    }

    /// SPEC §13.5's event for `e = 1`: every output weight locked with one sign
    /// and no output bias. Every `c_{L−1,k} < 0` (probability `p^n`) and the `n`
    /// signs equal (each sign is independent of `|W_L[0, k]|` and of the rest,
    /// the laws being symmetric): `2 (p/2)^n`; 0 with a bias. Nil for `e ≥ 2`.
    public var outputLockedOneSign: Double? {
        guard architecture.outputs == 1 else { return nil }
        switch lockLaw {
        case nil, .none?: return nil
        case let .binomial(n, p, _)?:
            if architecture.bias || p == 0 { return 0 }
            return ClosedFormProbabilities.clamped(Foundation.exp(Foundation.log(2.0) + Double(n) * Foundation.log(p / 2)))
        }
    }
}

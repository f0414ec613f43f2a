import ExactNumbers
import ReluNetwork

/// The schemes of SPEC §10 for any layer of a network of any depth (SPEC §13.9):
/// `W_h` is `n_h × n_{h−1}` (`fan_in = n_{h−1}`, `fan_out = n_h`), PyTorch's
/// convention. `gaussian(s1, s2, sb)` draws every hidden layer's weights
/// `W_1 … W_{L−1}` from N(0, s1²), the output layer `W_L` from N(0, s2²) and
/// every bias from N(0, sb²); for `L = 2` these are SPEC §10's input and
/// output weights.
extension InitScheme {
    /// The law of `W_h`'s entries in a network of `depth` layers.
    public func weights(layer h: Int, depth: Int, fanIn: Int, fanOut: Int) -> EntryDistribution {
        switch self {
        case .kaimingNormal: return .normal(standardDeviation: (2 / Double(fanIn)).squareRoot())
        case .kaimingUniform: return .uniform(bound: (6 / Double(fanIn)).squareRoot())
        case .xavierNormal: return .normal(standardDeviation: (2 / Double(fanIn + fanOut)).squareRoot())
        case .xavierUniform: return .uniform(bound: (6 / Double(fanIn + fanOut)).squareRoot())
        case .pytorchDefault: return .uniform(bound: 1 / Double(fanIn).squareRoot())
        case let .gaussian(s1, s2, _): return .normal(standardDeviation: h == depth ? s2 : s1)
        }
    }

    /// The law of `b_h`'s entries (when the network has biases): only
    /// `pytorch_default` and `gaussian` draw them; the others leave them 0 (SPEC §10).
    public func bias(layer h: Int, fanIn: Int) -> EntryDistribution {
        switch self {
        case .pytorchDefault: return .uniform(bound: 1 / Double(fanIn).squareRoot())
        case let .gaussian(_, _, sb): return sb == 0 ? .zero : .normal(standardDeviation: sb)
        default: return .zero
        }
    }

    /// `τ_h²`, the variance of `W_h`'s entries, exactly; nil for uniform entries.
    /// (Squared as rationals: `s·s` in binary64 overflows past 1.3e154 and underflows below 1.5e-162.)
    func exactVariance(layer h: Int, depth: Int, fanIn: Int, fanOut: Int) -> Rational? {
        switch self {
        case .kaimingNormal: return Rational(2) / Rational(fanIn)
        case .xavierNormal: return Rational(2) / Rational(fanIn + fanOut)
        case let .gaussian(s1, s2, _): return Rational(exactly: h == depth ? s2 : s1)?.squared
        default: return nil
        }
    }

    /// SPEC §13.9: the marginal law of `c_{h,k}` for hidden layer `h` of `widths`,
    /// `P(c_{h,k} < 0) = I_x(m_h/2, n_{h+1}/2)`, `x = τ_{h+1}²/(τ_h² + τ_{h+1}²)`,
    /// where `m_h = n_{h−1}`, plus 1 when the bias is drawn with variance `τ_h²`
    /// (a zero bias adds nothing to `‖a‖²`). Nil for uniform entries and for a
    /// Gaussian bias of another non-zero variance (no closed form). For
    /// `widths = [d, l, e]` and `h = 1` this is SPEC §10's law.
    ///
    /// Under a training law (SPEC §14, `law` resolved for `widths`) `c < 0 ⟺
    /// w_h‖a‖² < w_{h+1}‖o‖²`: the same law with `w_h τ_h²` for `τ_h²`
    /// (the bias is part of `a`, so it carries `w_h` too),
    /// `x = w_{h+1}τ_{h+1}² / (w_h τ_h² + w_{h+1}τ_{h+1}²)`, exactly.
    public func gaussianLaw(layer h: Int, widths: [Int], bias: Bool, law: TrainingLaw = .gradientFlow) -> GaussianNeuronLaw? {
        let depth = widths.count - 1
        guard h >= 1, h < depth else { return nil }
        guard let inputVariance = exactVariance(layer: h, depth: depth, fanIn: widths[h - 1], fanOut: widths[h]),
              let outputVariance = exactVariance(layer: h + 1, depth: depth, fanIn: widths[h], fanOut: widths[h + 1])
        else { return nil }
        let (inputWeight, outputWeight) = law.isGradientFlow ? (Rational(1), Rational(1)) : (law.layerWeight(h), law.layerWeight(h + 1))
        let inputWeighted = inputWeight == Rational(1) ? inputVariance : inputWeight * inputVariance
        let outputWeighted = outputWeight == Rational(1) ? outputVariance : outputWeight * outputVariance
        var inputEntries = widths[h - 1]
        if bias, case let .gaussian(s1, _, sb) = self, sb != 0 {
            // Hidden layers draw their weights with s1: the bias joins the χ² sum only with the same variance.
            guard sb == s1 else { return nil }
            inputEntries += 1
        }
        let total = inputWeighted + outputWeighted
        return GaussianNeuronLaw(inputEntries: inputEntries, outputEntries: widths[h + 1],
                                 x: (outputWeighted / total).doubleValue, complement: (inputWeighted / total).doubleValue)
    }
}

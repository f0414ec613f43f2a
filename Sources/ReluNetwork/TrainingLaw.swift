import ExactNumbers

/// Which conservation law a training setup has (SPEC §14.1–§14.3). Per-layer
/// learning rates `η_h` (`θ̇ = −D∇L`), fixed multipliers `ρ_h²` (stored weight
/// = `ρ ⊙ trainable`: NTK, μP), node scales `λ_k` of the last hidden layer
/// (`f = Σ λ_k v_k σ(a_k·x)`) and degree-`p` activations `max(0, z)^p` each
/// change only the weights of the squares:
///
///     c_{h,k} = w_h ‖a_{h,k}‖² − w_{h+1} ‖o_{h,k}‖² / λ_k²,   w_h = p^{h−1} / (η_h ρ_h²),
///
/// which is the plain law in the coordinates `D^{−1/2}θ` (scaled by `p^{h−1}`
/// for `relu^p`, so that one edge has one weight in both of its neurons). The
/// topology code is unchanged: it only ever sees `c` and the graph, and a
/// positive rescaling of coordinates keeps every sign.
public struct TrainingLaw: Sendable, Equatable {
    /// `η_1 … η_L` (nil: all 1).
    public var learningRates: [Rational]?
    /// `ρ_1² … ρ_L²` (nil: all 1).
    public var multipliers: [Rational]?
    /// `λ_k` of the last hidden layer's neurons (nil: all 1).
    public var nodeScales: [Rational]?
    /// `p` of `max(0, z)^p` (1: ReLU).
    public var power: Rational
    /// NTK parameterisation: `ρ_h² = 1/n_{h−1}` (resolved against the widths).
    public var parameterization: Parameterization
    /// Weight decay `λ_h` per layer (nil: none), applied as optimisers do
    /// (`θ̇_h = −η_h(∇_h L + λ_h θ_h)`). SPEC §14.4: with equal `η_h λ_h = μ` the
    /// weighted `c` obeys `ċ = −2μc` (signs, hence every lock, are kept);
    /// otherwise there is no law at all.
    public var weightDecays: [Rational]?

    /// How stored weights relate to trained ones (SPEC §14.2).
    public enum Parameterization: String, Sendable, CaseIterable {
        /// Stored = trained (or `multipliers` given explicitly).
        case standard
        /// Stored `W_h` = trained `/ √n_{h−1}` (`σ_w = 1`): `ρ_h² = 1/n_{h−1}`.
        case ntk
    }

    public init(learningRates: [Rational]? = nil, multipliers: [Rational]? = nil, nodeScales: [Rational]? = nil,
                power: Rational = Rational(1), parameterization: Parameterization = .standard, weightDecays: [Rational]? = nil) {
        self.weightDecays = weightDecays
        self.learningRates = learningRates
        self.multipliers = multipliers
        self.nodeScales = nodeScales
        self.power = power
        self.parameterization = parameterization
    }

    /// The law with the NTK multipliers written out for `widths` (times any
    /// explicit ones).
    public func resolved(widths: [Int]) -> TrainingLaw {
        guard parameterization == .ntk else { return self }
        var law = self
        let ntk = (1..<widths.count).map { Rational(1) / Rational(max(widths[$0 - 1], 1)) }
        law.multipliers = multipliers.map { given in given.count == ntk.count ? zip(given, ntk).map { $0 * $1 } : given } ?? ntk
        law.parameterization = .standard
        return law
    }

    /// Plain gradient flow with one learning rate: `c = ‖a‖² − ‖o‖²`.
    public static let gradientFlow = TrainingLaw()

    public var isGradientFlow: Bool { self == .gradientFlow }

    /// The decay rate `μ = η_h λ_h` of every layer when it is one number (the
    /// law `ċ = −2μc` holds), 0 without decay; nil when the layers differ
    /// (SPEC §14.4: no law, nothing is certified).
    public var decayRate: Rational? {
        guard let weightDecays else { return .zero }
        let rates = weightDecays.enumerated().map { h, lambda in lambda * (learningRates?[h] ?? Rational(1)) }
        guard let first = rates.first, rates.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// Whether gradient flow under this setup conserves the weighted `c` (up
    /// to the common factor `e^{−2μt}` of equal decay).
    public var hasLaw: Bool { decayRate != nil }

    /// `w_h = p^{h−1} / (η_h ρ_h²)`, `h` 1-based.
    public func layerWeight(_ h: Int) -> Rational {
        var weight = Rational(1)
        if let learningRates { weight = weight / learningRates[h - 1] }
        if let multipliers { weight = weight / multipliers[h - 1] }
        if power != Rational(1) { for _ in 1..<h { weight = weight * power } }
        return weight
    }

    /// The law of hidden layer `h`'s neurons in a network of depth `L`.
    public func neuronLaw(layer h: Int, depth L: Int) -> NeuronLaw {
        NeuronLaw(inputWeight: layerWeight(h), outputWeight: layerWeight(h + 1), outputScales: h == L - 1 ? nodeScales : nil)
    }

    /// What is wrong with this law for a network of `widths` (a count that does
    /// not match, a value that is not positive), or nil.
    public func problem(widths: [Int]) -> String? {
        let L = widths.count - 1
        for (flag, values) in [("--lr-scales", learningRates), ("--multipliers", multipliers)] {
            guard let values else { continue }
            if values.count != L { return "\(flag) gives \(values.count) value(s) for a network with \(L) layers (widths \(widths.map(String.init).joined(separator: " → ")))" }
            if let bad = values.firstIndex(where: { $0.signum <= 0 }) { return "\(flag): value \(bad + 1) is \(values[bad]), must be > 0" }
        }
        if let weightDecays {
            if weightDecays.count != L { return "--weight-decays gives \(weightDecays.count) value(s) for a network with \(L) layers (widths \(widths.map(String.init).joined(separator: " → ")))" }
            if let bad = weightDecays.firstIndex(where: { $0.signum < 0 }) { return "--weight-decays: value \(bad + 1) is \(weightDecays[bad]), must be ≥ 0" }
        }
        if let nodeScales {
            if nodeScales.count != widths[L - 1] { return "--node-scales gives \(nodeScales.count) value(s); the last hidden layer has \(widths[L - 1]) neurons" }
            if let bad = nodeScales.firstIndex(where: { $0.signum <= 0 }) { return "--node-scales: value \(bad) is \(nodeScales[bad]), must be > 0" }
        }
        if power < Rational(1) { return "relu^p needs p ≥ 1 (below 1 the flow can reach an apex in finite time), got \(power)" }
        return nil
    }

    /// The law in words, for reports: `c = ‖a‖²/η_h − ‖o‖²/η_{h+1}` and so on.
    public var formula: String {
        guard let rate = decayRate else { return "none: the layers decay at different rates η_h·λ_h, so gradient flow conserves nothing (docs/THEORY.md §14.4)" }
        return rate.isZero ? conservedFormula : conservedFormula + ", shrinking as c(0)·e^{−2μt}, μ = \(rate)"
    }

    var conservedFormula: String {
        var input = "‖a‖²", output = "‖o‖²"
        var factors: [String] = []
        if learningRates != nil { factors.append("η") }
        if multipliers != nil { factors.append("ρ²") }
        if !factors.isEmpty {
            let below = factors.map { $0 + "_h" }.joined(separator: "·"), above = factors.map { $0 + "_{h+1}" }.joined(separator: "·")
            input += factors.count == 1 ? "/" + below : "/(" + below + ")"
            output += factors.count == 1 ? "/" + above : "/(" + above + ")"
        }
        if nodeScales != nil { output += "/λ_k² (last hidden layer)" }
        if power != Rational(1) { return "c = p^{h−1}·(\(input) − p·\(output)), p = \(power)" }
        return "c = \(input) − \(output)"
    }
}

/// One hidden layer's law: `c_k = inputWeight·‖a_k‖² − outputWeight·‖o_k‖²/λ_k²`.
public struct NeuronLaw: Sendable, Equatable {
    public var inputWeight: Rational
    public var outputWeight: Rational
    public var outputScales: [Rational]?

    public init(inputWeight: Rational = Rational(1), outputWeight: Rational = Rational(1), outputScales: [Rational]? = nil) {
        self.inputWeight = inputWeight
        self.outputWeight = outputWeight
        self.outputScales = outputScales
    }

    public static let standard = NeuronLaw()

    public var isStandard: Bool { self == .standard }

    /// The weighted squares of neuron `k`'s two sides.
    public func weighted(input: Rational, output: Rational, neuron k: Int) -> (input: Rational, output: Rational) {
        var out = outputWeight == Rational(1) ? output : outputWeight * output
        if let outputScales { out = out / (outputScales[k] * outputScales[k]) }
        return (inputWeight == Rational(1) ? input : inputWeight * input, out)
    }
}

/// A training setup of SPEC §14 written per coordinate of θ (the stored
/// weights): what the flow and the optimisers need to train as the setup does.
///
/// Each stored coordinate is `θ_i = m_i ψ_i` for a trained `ψ_i` (`m_i`: the
/// layer's multiplier `ρ_h`, times the node scale `λ_k` on the output weights
/// of the last hidden layer), trained with the per-layer learning rate `η_i`
/// and weight decay `λ_i` on ψ as optimisers apply it (`ψ̇ = −η(∇_ψ L + λψ)`).
/// In stored coordinates that is
///
///     θ̇ = −D ∇_θ P,   D_i = η_i m_i²,   P = L + Σ_i λ_i θ_i² / (2 m_i²),
///
/// a gradient flow in the metric `D^{−1}`: in `φ = D^{−1/2}θ` it is the plain
/// flow of SPEC §9, and its conserved quantities are the weighted
/// `c = Σ θ_a²/D_a − Σ θ_o²/D_o` of SPEC §14.1–§14.2 (shrinking as `e^{−2μt}`
/// when every layer has the same `μ = η_h λ_h`; SPEC §14.4: none otherwise).
public struct CoordinateLaw: Sendable, Equatable {
    /// `η_i`, `m_i`, `λ_i` per coordinate (all positive but the decays, ≥ 0;
    /// the output bias is never decayed).
    public let rates: [Double], multipliers: [Double], decays: [Double]
    /// `D_i = η_i m_i²` and `1 / D_i`.
    public let metric: [Double], inverseMetric: [Double]
    /// `√D_i`: the minimal-norm rule of SPEC §9.2a measures `g` as `‖√D g‖`.
    public let metricRoot: [Double]
    /// `λ_i / m_i²`: the decay's share of `∇_θ P`.
    public let penalty: [Double]
    /// `μ` when every decayed coordinate has the same `η_i λ_i` (0 without decay):
    /// `c(t) = c(0)·e^{−2μt}`; nil when they differ (no law, SPEC §14.4).
    public let commonDecayRate: Double?

    public init(rates: [Double], multipliers: [Double], decays: [Double], decayed: Range<Int>) {
        self.rates = rates
        self.multipliers = multipliers
        self.decays = decays
        metric = zip(rates, multipliers).map { $0 * $1 * $1 }
        inverseMetric = metric.map { 1 / $0 }
        metricRoot = metric.map { $0.squareRoot() }
        penalty = zip(decays, multipliers).map { $0 / ($1 * $1) }
        let decayRates = decayed.map { rates[$0] * decays[$0] }
        if let first = decayRates.first {
            commonDecayRate = decayRates.allSatisfy { $0 == first } ? first : nil
        } else {
            commonDecayRate = 0
        }
    }

    /// Whether the setup conserves (up to `e^{−2μt}`) the weighted `c`.
    public var hasLaw: Bool { commonDecayRate != nil }
}

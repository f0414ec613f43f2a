import ExactNumbers
import JSONDocument
import ReluNetwork

/// The training setup a sweep runs under (SPEC §14.1–§14.3, §13.9): per-layer
/// learning rates `η_h`, multipliers `ρ_h²` (explicit or NTK) and the degree
/// `p` of `relu^p`. The law only reweights the two sides of every invariant,
///
///     c_{h,k} = w_h ‖a_{h,k}‖² − w_{h+1} ‖o_{h,k}‖²,   w_h = p^{h−1} / (η_h ρ_h²),
///
/// so the scheme draws the same weights from the same streams, the closed
/// forms see `w_h τ_h²` in place of `τ_h²`, and the Monte Carlo predicate
/// compares the weighted squares exactly. Node scales `λ_k` are refused: they
/// belong to one network's neurons, and a constant `λ` is `ρ_L² · λ²`.
///
/// Keys (spec files) and flags (command line) share the names
/// `lr-scales`, `multipliers`, `parameterization` and `activation`.
extension SweepParameters {
    /// The law keys, in the order the spec's JSON writes them.
    public static let lawKeys = ["lr-scales", "multipliers", "parameterization", "activation"]

    /// Why `node-scales` is not a sweep parameter.
    static let nodeScalesReason = "per-neuron scales λ_k belong to one network and mean nothing across a grid of architectures; a constant λ on every last-hidden-layer neuron is the same law as --multipliers 1,…,1,λ² (docs/THEORY.md §14.2)"

    /// The law the parameters give (the plain law without any law key).
    func parsedLaw(file: String?) throws(SweepSpecError) -> TrainingLaw {
        if values["node-scales"] != nil { throw SweepSpecError(file: file, key: "node-scales", reason: SweepParameters.nodeScalesReason) }
        var law = TrainingLaw()
        if let text = values["lr-scales"] { law.learningRates = try SweepParameters.scales(text, key: "lr-scales", file: file) }
        if let text = values["multipliers"] { law.multipliers = try SweepParameters.scales(text, key: "multipliers", file: file) }
        if let text = values["parameterization"] {
            let name = text.trimmingCharacters(in: .whitespaces)
            guard let parameterization = TrainingLaw.Parameterization(rawValue: name) else {
                throw SweepSpecError(file: file, key: "parameterization", reason: "'\(name)' is not standard or ntk")
            }
            law.parameterization = parameterization
        }
        if let text = values["activation"] { law.power = try SweepParameters.power(text, file: file) }
        return law
    }

    /// Positive exact numbers `1,1/4,0.5`, at most `SweepSpec.maximumDepth` of them.
    static func scales(_ text: String, key: String, file: String?) throws(SweepSpecError) -> [Rational] {
        var values: [Rational] = []
        for (position, field) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let item = field.trimmingCharacters(in: .whitespaces)
            guard let value = try? Rational(parsing: item) else {
                throw SweepSpecError(file: file, key: key, reason: "'\(item)' is not an exact number (write 1/4 or 0.25)")
            }
            guard value.signum > 0 else {
                throw SweepSpecError(file: file, key: key, reason: "value \(position + 1) is \(value): every scale must be > 0")
            }
            values.append(value)
            guard values.count <= SweepSpec.maximumDepth else {
                throw SweepSpecError(file: file, key: key, reason: "more than \(SweepSpec.maximumDepth) values (one per layer)")
            }
        }
        return values
    }

    /// `relu` (p = 1) or `relu^p`, p ≥ 1 exact (below 1 σ' is unbounded at 0
    /// and the flow can reach and leave an apex in finite time: docs/THEORY.md §14.3).
    static func power(_ text: String, file: String?) throws(SweepSpecError) -> Rational {
        let name = text.trimmingCharacters(in: .whitespaces)
        if name == "relu" { return Rational(1) }
        guard name.hasPrefix("relu^") else {
            let leaky = name.hasPrefix("leaky_relu") ? " (a leaky ReLU conserves the plain law: leave the activation out)" : ""
            throw SweepSpecError(file: file, key: "activation", reason: "'\(name)' is not relu or relu^p\(leaky)")
        }
        let exponent = String(name.dropFirst("relu^".count))
        guard let p = try? Rational(parsing: exponent), p >= Rational(1) else {
            throw SweepSpecError(file: file, key: "activation", reason: "'\(name)': p must be an exact number ≥ 1 (relu^2, relu^3/2): below 1 the flow can reach an apex in finite time")
        }
        return p
    }
}

extension SweepSpec {
    /// Whether the sweep runs under plain gradient flow (no law key given):
    /// its documents are then exactly those written before sweeps took laws.
    public var hasPlainLaw: Bool { law == .gradientFlow }

    /// The law of an architecture `widths` of the grid (NTK multipliers written out).
    public func law(widths: [Int]) -> TrainingLaw { law.resolved(widths: widths) }

    /// Checks the law against every depth of the grid: one `η` and one `ρ²`
    /// per linear layer, every value > 0 (SPEC §14.1–§14.3).
    func validateLaw(file: String?) throws(SweepSpecError) {
        if law.nodeScales != nil { throw SweepSpecError(file: file, key: "node-scales", reason: SweepParameters.nodeScalesReason) }
        if law.power.signum <= 0 { throw SweepSpecError(file: file, key: "activation", reason: "relu^p needs p > 0, got \(law.power)") }
        for (key, values) in [("lr-scales", law.learningRates), ("multipliers", law.multipliers)] {
            guard let values else { continue }
            if let bad = values.firstIndex(where: { $0.signum <= 0 }) {
                throw SweepSpecError(file: file, key: key, reason: "value \(bad + 1) is \(values[bad]): every scale must be > 0")
            }
            let symbol = key == "lr-scales" ? "η" : "ρ²"
            if widths.isEmpty {
                guard values.count == 2 else {
                    throw SweepSpecError(file: file, key: key, reason: "gives \(values.count) value(s); the grid's networks have 2 layers (d → l → e): give \(symbol)_1,\(symbol)_2")
                }
            } else if let entry = widths.first(where: { $0.count - 1 != values.count }) {
                throw SweepSpecError(file: file, key: key, reason: "gives \(values.count) value(s), but widths \(WidthsList.text(entry)) has \(entry.count - 1) layers: give one value per layer (\(symbol)_1,…,\(symbol)_L), and sweep architectures of one depth together")
            }
        }
    }

    /// The spec's law keys for its JSON (none under plain gradient flow).
    var lawMembers: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if let rates = law.learningRates { members.append(("lr-scales", .array(rates.map { .string($0.description) }))) }
        if let multipliers = law.multipliers { members.append(("multipliers", .array(multipliers.map { .string($0.description) }))) }
        if law.parameterization != .standard { members.append(("parameterization", .string(law.parameterization.rawValue))) }
        if law.power != Rational(1) { members.append(("activation", .string("relu^\(law.power)"))) }
        return members
    }

    /// A row's `"law"` object for an architecture `widths`: the keys of the
    /// other commands' `"law"` object (`name`, `formula`, `lr_scales`,
    /// `multipliers` as used, `parameterization` as given, `node_scales`,
    /// `activation_power`, `weight_decays`); nil under plain gradient flow, whose rows carry none.
    public func lawJSON(widths: [Int]) -> JSONValue? {
        guard !hasPlainLaw else { return nil }
        let used = law(widths: widths)
        return .object([
            ("name", .string(used.isGradientFlow && law.parameterization == .standard ? "gradient_flow" : "weighted")),
            ("formula", .string(used.formula)),
            ("lr_scales", used.learningRates.map { .array($0.map { .string($0.description) }) } ?? .null),
            ("multipliers", used.multipliers.map { .array($0.map { .string($0.description) }) } ?? .null),
            ("parameterization", .string(law.parameterization.rawValue)),
            ("node_scales", .null),
            ("activation_power", .string(used.power.description)),
            ("weight_decays", .null),   // sweeps draw inits; decay is a property of training, not given here
        ])
    }
}

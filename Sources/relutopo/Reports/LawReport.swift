import ExactNumbers
import ReluNetwork

/// The `"law"` object of every report of a command that reads a training
/// setup (SPEC §14): which conservation law the exact results used.
struct LawReport: Encodable {
    /// `gradient_flow` (one learning rate, standard parameterisation, ReLU),
    /// `weighted` (another law of docs/THEORY.md §14.1–§14.4), or `none` (no law: §14.4).
    let name: String
    let formula: String
    let lrScales: [String]?
    /// `ρ_h²` as used (NTK written out).
    let multipliers: [String]?
    let parameterization: String
    let nodeScales: Int?
    let activationPower: String
    let weightDecays: [String]?

    init(_ law: TrainingLaw, parameterization given: TrainingLaw.Parameterization = .standard) {
        name = !law.hasLaw ? "none" : law.isGradientFlow && given == .standard ? "gradient_flow" : "weighted"
        formula = law.formula
        lrScales = law.learningRates?.map(\.description)
        multipliers = law.multipliers?.map(\.description)
        parameterization = given.rawValue
        nodeScales = law.nodeScales?.count
        activationPower = law.power.description
        weightDecays = law.weightDecays?.map(\.description)
    }

    /// One line for text reports, or "" under plain gradient flow.
    static func line(_ law: TrainingLaw) -> String {
        law.isGradientFlow ? "" : "law: \(law.formula) (training setup of docs/THEORY.md §14)\n"
    }
}

/// A report with the `"law"` object appended after its own fields.
struct LawTagged<Report: Encodable>: Encodable {
    let report: Report
    let law: LawReport

    private enum Key: String, CodingKey { case law }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(law, forKey: .law)
    }
}

/// What a command certifies when the setup has no conservation law
/// (docs/THEORY.md §14.4): nothing. The exact `c` values are still numbers
/// worth printing; every topological verdict is `not_applicable`.
struct NotApplicableReport: Encodable {
    let source: String
    let widths: [Int]
    let verdict = "not_applicable"
    let reason: String
    let c: [[String]]
    let law: LawReport

    init(_ network: LayeredNetwork, invariants: [[NeuronInvariant]], law: LawReport) {
        source = network.source
        widths = network.widths
        reason = "the layers decay at different rates η_h·λ_h (weight decay), so gradient flow conserves no c: locks, components and obstructions are not certified (docs/THEORY.md §14.4)"
        c = invariants.map { $0.map(\.c.description) }
        self.law = law
    }

    var text: String {
        "verdict: not_applicable\n" + reason + "\n" + "c (exact, for the record; not conserved): "
            + c.enumerated().map { h, layer in "layer \(h + 1): " + layer.prefix(12).joined(separator: ", ") + (layer.count > 12 ? ", …" : "") }.joined(separator: "; ") + "\n"
    }
}

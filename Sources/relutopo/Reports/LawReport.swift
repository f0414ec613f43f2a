import ExactNumbers
import ReluNetwork

/// The `"law"` object of every report of a command that reads a training
/// setup (SPEC §14): which conservation law the exact results used.
struct LawReport: Encodable {
    /// `gradient_flow` (one learning rate, standard parameterisation, ReLU) or `weighted`.
    let name: String
    let formula: String
    let lrScales: [String]?
    /// `ρ_h²` as used (NTK written out).
    let multipliers: [String]?
    let parameterization: String
    let nodeScales: Int?
    let activationPower: String

    init(_ law: TrainingLaw, parameterization given: TrainingLaw.Parameterization = .standard) {
        name = law.isGradientFlow && given == .standard ? "gradient_flow" : "weighted"
        formula = law.formula
        lrScales = law.learningRates?.map(\.description)
        multipliers = law.multipliers?.map(\.description)
        parameterization = given.rawValue
        nodeScales = law.nodeScales?.count
        activationPower = law.power.description
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

import InvariantTopology
import Symmetry

/// `repair --json` for deeper networks (SPEC §13.7): the one exponent t, each
/// layer's power of two, the components before and after, and the locks left
/// with their certificates.
struct DeepRepairReport: Encodable {
    let input: String
    let output: String
    let format: String
    let t: Int
    /// `t(L + 1 − 2h)` per weight matrix `W_h`.
    let weightExponents: [Int]
    let biasExponents: [Int]
    /// `[h, k]` of neurons whose input side is zero.
    let unrepairableNeurons: [[Int]]
    let componentsBefore: String
    let componentsAfter: String
    let lockedAfter: [DeepAnalyzeReport.LockedCoordinate]
    let maxAbsChangeF: Double
    let changeMeasuredOn: String
    let notes: [String]
}

extension DeepRepairReport {
    init(input: String, output: String, _ outcome: RepairJob.DeepOutcome, change: Double, measuredOn: String, notes: [String]) {
        self.input = input
        self.output = output
        format = outcome.written.format.rawValue
        t = outcome.plan.t
        weightExponents = outcome.plan.weightExponents
        biasExponents = outcome.plan.biasExponents
        unrepairableNeurons = outcome.plan.unrepairable.map { [$0.layer, $0.index] }
        componentsBefore = outcome.before.componentCount.description
        componentsAfter = outcome.after.componentCount.description
        lockedAfter = DeepAnalyzeReport(outcome.after).lockedCoordinates
        maxAbsChangeF = change
        changeMeasuredOn = measuredOn
        self.notes = notes
    }
}

import Symmetry

/// What a `FlowExperiment` found: the run, the exact prediction beside its
/// verdict, and the held-out loss.
public struct FlowExperimentReport: Sendable {
    public let solution: FlowSolution
    /// SPEC §6's prediction for the init and data.
    public let prediction: ObstructionVerdict
    /// The proven floor of the training loss along the flow (SPEC §6.2), or why there is none.
    public let floor: LossFloor
    /// `c_k(0)`, in binary64.
    public let initialInvariants: [Double]
    public let trainSamples: Int
    public let testSamples: Int
    /// The held-out loss at the end, when the table was split.
    public let testLoss: Double?
    /// (t, held-out loss) at the start and at every recorded point.
    public let testCurve: [(t: Double, loss: Double)]
    /// Wall time of the run itself (not of reading or building the problem).
    public let wallSeconds: Double
    /// The step of a finite-step run (gd, momentum, Adam): `t = n·η` at step n.
    public var learningRate = 0.0
    /// The method, for the comparison: finite steps are compared with the
    /// prediction only for plain gd (as before); momentum and Adam are not
    /// (the prediction concerns gradient flow, SPEC §14.5).
    public var method = FlowMethod.dopri5
    /// The architecture and the monitored locks of a run on `DeepFlowProblem`.
    public var deep: DeepFlowSummary? = nil

    /// Whether the training setup has a conservation law (SPEC §14.4): without
    /// one the prediction is not applicable and nothing is compared.
    public var lawHolds = true

    /// SPEC §9.5: whether the verdict agrees with the prediction (nil: no comparison).
    public var agree: Bool? { lawHolds && method != .momentum && method != .adam ? solution.verdict.agrees(with: prediction) : nil }

    /// How the training loss moved over the last tenth of the run; nil for an
    /// `invalid` run, whose numbers say nothing about the flow.
    public var trend: LossTrend? { solution.verdict == .invalid ? nil : solution.trajectory.trend() }

    /// The lowest held-out loss along the run, and when.
    public var bestTest: (t: Double, loss: Double)? { testCurve.filter { $0.loss.isFinite }.min { $0.loss < $1.loss } }

    /// The training loss at the start (nil only when nothing was recorded).
    public var initialLoss: Double? { solution.trajectory.lossCurve.first?.loss }

    /// The held-out loss at the start, when the table was split.
    public var initialTestLoss: Double? { testCurve.first?.loss }

    /// The training loss at the recorded point of the lowest held-out loss: what
    /// early stopping would have kept (separates optimisation from generalisation).
    public var trainLossAtBestTest: Double? {
        guard let best = bestTest else { return nil }
        return solution.trajectory.lossCurve.first { $0.t == best.t }?.loss
    }

    /// The trajectory as CSV: `t,loss` per recorded point, and `test_loss` when
    /// the table was split (empty where none was computed at that t).
    /// Finite-step runs add `step_drift` (the step's largest `|Δc_k|`, ending at
    /// that t) and `safe_step` (the largest plain-GD step from that point with no
    /// locked sign flip in one step; empty: none moves towards 0), SPEC §2, §14.5.
    public var trajectoryCSV: String {
        let descent = solution.descent, learningRate = self.learningRate
        var text = testCurve.isEmpty ? "t,loss" : "t,loss,test_loss"
        text += descent == nil ? "\n" : ",step_drift,safe_step\n"
        var testAt: [Double: Double] = [:]
        for point in testCurve { testAt[point.t] = point.loss }
        var stepAt: [Double: DescentDiagnostics.Step] = [:]
        for step in descent?.steps ?? [] { stepAt[Double(step.step) * learningRate] = step }
        for point in solution.trajectory.lossCurve {
            text += "\(point.t),\(point.loss)" + (testCurve.isEmpty ? "" : ",\(testAt[point.t].map { "\($0)" } ?? "")")
            if descent != nil {
                let step = stepAt[point.t]
                text += "," + (step.map { "\($0.drift)" } ?? "") + "," + (step?.safeStep.map { "\($0)" } ?? "")
            }
            text += "\n"
        }
        return text
    }
}

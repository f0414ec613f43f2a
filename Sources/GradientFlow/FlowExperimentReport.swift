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
    /// The architecture and the monitored locks of a run on `DeepFlowProblem`.
    public var deep: DeepFlowSummary? = nil

    /// SPEC §9.5: whether the verdict agrees with the prediction (nil: no comparison).
    public var agree: Bool? { solution.verdict.agrees(with: prediction) }

    /// How the training loss moved over the last tenth of the run; nil for an
    /// `invalid` run, whose numbers say nothing about the flow.
    public var trend: LossTrend? { solution.verdict == .invalid ? nil : solution.trajectory.trend() }

    /// The lowest held-out loss along the run, and when.
    public var bestTest: (t: Double, loss: Double)? { testCurve.min { $0.loss < $1.loss } }

    /// The trajectory as CSV: `t,loss` per recorded point, and `test_loss` when
    /// the table was split (empty where none was computed at that t).
    public var trajectoryCSV: String {
        var text = testCurve.isEmpty ? "t,loss\n" : "t,loss,test_loss\n"
        var testAt: [Double: Double] = [:]
        for point in testCurve { testAt[point.t] = point.loss }
        for point in solution.trajectory.lossCurve {
            text += "\(point.t),\(point.loss)" + (testCurve.isEmpty ? "" : ",\(testAt[point.t].map { "\($0)" } ?? "")") + "\n"
        }
        return text
    }
}

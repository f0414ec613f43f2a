import GradientFlow

/// `flow --json` (SPEC §12): the verdict, the monitors, the exact prediction
/// beside it, and the statistics of the run; then what reads an `undecided`
/// run (added keys, the §12 ones unchanged): the proven floor of the training
/// loss along the flow (SPEC §6.2) and the loss trend over the last 10% of t.
struct FlowReport: Encodable {
    let verdict: String
    let finalLoss: Double
    let tFinal: Double
    let maxDrift: Double
    let maxRelativeDrift: Double
    let maxRelativeDriftAfterProjection: Double
    let lockedSignChanges: Int
    let invariantSignFlips: Int
    let rhsEvaluations: Int
    let prediction: String
    let agree: Bool?
    let method: String
    let gradientNorm: Double
    let acceptedSteps: Int
    let rejectedSteps: Int
    let switches: Int
    let slidingEntries: Int
    let slidingExits: Int
    let slidingTime: Double
    let projectionRestarts: Int
    let wallSeconds: Double
    let trainSamples: Int
    let testSamples: Int
    let testLoss: Double?
    let bestTestLoss: Double?
    let bestTestTime: Double?
    let reason: String
    /// The proven floor in binary64, its exact value, and why (or why none); null when none is proven.
    let lossFloor: Double?
    let lossFloorExact: String?
    let lossFloorExplanation: String
    /// "falling", "flat" or "rising" over the last 10% of t (null: no time span); the
    /// relative change of the loss over that window and its slope per unit of t.
    let lossTrend: String?
    let lossChangeLastTenth: Double?
    let lossSlopeLastTenth: Double?

    init(_ report: FlowExperimentReport, method: FlowMethod) {
        let solution = report.solution, monitors = solution.monitors, statistics = solution.statistics
        verdict = solution.verdict.rawValue
        finalLoss = solution.finalLoss
        tFinal = solution.tFinal
        maxDrift = monitors.maxDrift
        maxRelativeDrift = monitors.maxRelativeDrift
        maxRelativeDriftAfterProjection = monitors.maxRelativeDriftAfterProjection
        lockedSignChanges = monitors.lockedSignChanges
        invariantSignFlips = monitors.invariantSignFlips
        rhsEvaluations = statistics.evaluations
        prediction = report.prediction.rawValue
        agree = report.agree
        self.method = method.rawValue
        gradientNorm = solution.gradientNorm
        acceptedSteps = statistics.acceptedSteps
        rejectedSteps = statistics.rejectedSteps
        switches = statistics.switches
        slidingEntries = statistics.slidingEntries
        slidingExits = statistics.slidingExits
        slidingTime = statistics.slidingTime
        projectionRestarts = statistics.projectionRestarts
        wallSeconds = report.wallSeconds
        trainSamples = report.trainSamples
        testSamples = report.testSamples
        testLoss = report.testLoss
        bestTestLoss = report.bestTest?.loss
        bestTestTime = report.bestTest?.t
        self.reason = solution.reason
        lossFloor = report.floor.value
        lossFloorExact = report.floor.exact
        lossFloorExplanation = report.floor.explanation
        let trend = report.trend
        lossTrend = trend?.direction.rawValue
        lossChangeLastTenth = trend?.relativeChange
        lossSlopeLastTenth = trend?.slope
    }
}

import GradientFlow

/// `flow --json` (SPEC §12): the verdict, the monitors, the exact prediction
/// beside it, and the statistics of the run.
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
    }
}

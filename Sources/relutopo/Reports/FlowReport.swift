import ExactNumbers
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
    /// The training loss at t = 0, the held-out loss at t = 0, and the training
    /// loss at `best_test_time` (the early-stopping point).
    let initialLoss: Double?
    let initialTestLoss: Double?
    let trainLossAtBestTest: Double?
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
    /// Any depth (SPEC §13): `[d, n_1, …, e]`; "one_hidden_layer" or "deep" (which
    /// problem integrated); the monitored locked coordinates (deep runs; null
    /// otherwise, where the pathological neurons' output weights are monitored)
    /// and `q` of the invariant set; how many field evaluations met a sample
    /// with kink pairs in two or more layers at once (SPEC §13.8) and the most
    /// such samples in one evaluation.
    let widths: [Int]?
    let engine: String
    let weightDecay: Double
    let lockedCoordinates: [LockedCoordinate]?
    let lockedCoordinatesTopological: Int?
    let multilayerSlidingEvaluations: Int
    let multilayerSlidingSamplesMax: Int

    /// What the exact prediction is about: always gradient flow (SPEC §14.5);
    /// finite-step methods are experiments beside it.
    let predictionConcerns = "gradient_flow"
    /// gd, momentum, adam: what the steps did to the law (null for the flow).
    let descent: DescentReport?

    /// SPEC §2, §14.5: per-step drift, the plain-GD identity, the exact safe step, flips.
    struct DescentReport: Encodable {
        let steps: Int
        let largestStepDrift: Double
        let totalDrift: Double
        /// Plain gd without decay: `max |Δc_k − η²(‖∇_a‖² − ‖∇_o‖²)| / (‖a‖² + ‖o‖²)` (rounding level when the identity holds).
        let identityGap: Double?
        /// The smallest, over the run, of the largest step with no locked sign flip in one plain gd step (exact and rounded), and the step.
        let smallestSafeStep: Double?
        let smallestSafeStepExact: String?
        let smallestSafeStepAt: Int?
        /// Plain gd: the first step longer than the safe step at its start.
        let firstUnsafeStep: Int?
        /// The first step after which a locked coordinate had left its initial sign.
        let firstLockedFlipStep: Int?

        init(_ diagnostics: DescentDiagnostics) {
            steps = diagnostics.steps.count
            largestStepDrift = diagnostics.largestStepDrift
            totalDrift = diagnostics.totalDrift
            identityGap = diagnostics.largestIdentityGap
            smallestSafeStep = diagnostics.smallestSafeStep?.doubleValue
            smallestSafeStepExact = diagnostics.smallestSafeStep?.description
            smallestSafeStepAt = diagnostics.smallestSafeStepAt
            firstUnsafeStep = diagnostics.firstUnsafeStep
            firstLockedFlipStep = diagnostics.firstLockedFlipStep
        }
    }

    struct LockedCoordinate: Encodable {
        let coordinate: String
        let sign: Int
    }

    init(_ report: FlowExperimentReport, method: FlowMethod, weightDecay: Double = 0) {
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
        prediction = report.lawHolds ? report.prediction.rawValue : "not_applicable"
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
        initialLoss = report.initialLoss
        initialTestLoss = report.initialTestLoss
        trainLossAtBestTest = report.trainLossAtBestTest
        self.reason = solution.reason
        lossFloor = report.floor.value
        lossFloorExact = report.floor.exact
        lossFloorExplanation = report.floor.explanation
        let trend = report.trend
        lossTrend = trend?.direction.rawValue
        lossChangeLastTenth = trend?.relativeChange
        lossSlopeLastTenth = trend?.slope
        widths = report.deep?.widths
        engine = report.deep == nil ? "one_hidden_layer" : "deep"
        self.weightDecay = weightDecay
        lockedCoordinates = report.deep?.locked.map { LockedCoordinate(coordinate: $0.name, sign: $0.sign) }
        lockedCoordinatesTopological = report.deep?.topologicalLocks
        multilayerSlidingEvaluations = statistics.multilayerSlidingEvaluations
        multilayerSlidingSamplesMax = statistics.multilayerSlidingSamples
        descent = solution.descent.map(DescentReport.init)
    }
}

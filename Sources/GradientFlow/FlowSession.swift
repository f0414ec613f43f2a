import Foundation

/// What one evaluation computes: the field of the flow (pattern frozen,
/// minimal-norm multipliers on sliding pairs) or the plain gradient of
/// gradient descent, which is not bound by the conservation law (SPEC §2).
public enum FlowDynamics: Sendable, Equatable {
    case flow
    case gradientDescent
}

/// The state of one flow run and every decision taken in it (SPEC §9): θ, the
/// activation pattern, t, the monitors, the statistics and the trajectory.
/// Steppers (`FlowStepper`) advance θ and report each accepted step
/// (`afterStep`) and each located crossing; the session applies the monitors
/// and projections, decides sliding entries and exits, and takes the verdict
/// with the one rule set of `FlowVerdict.judge`.
///
/// A class: CVODE's C callbacks evaluate the field and project through it
/// while a stepper holds it. Generic over the network (`FlowModel`): one
/// hidden layer (`FlowProblem`) or any depth (`DeepFlowProblem`), one engine.
public final class FlowSession<Problem: FlowModel> {
    public let problem: Problem
    public let settings: FlowSettings
    public let dynamics: FlowDynamics

    public internal(set) var t = 0.0
    public internal(set) var theta: [Double]
    public internal(set) var pattern: ActivationPattern {
        didSet { lastEvaluation = nil }   // the cached field belongs to the old pattern
    }
    public internal(set) var statistics = FlowStatistics()
    var monitors = FlowMonitors()
    var trajectory = FlowTrajectory()
    /// A finite-step stepper's record (gradient descent, momentum, Adam).
    var descent: DescentDiagnostics?
    /// Set once a rule has decided the run.
    var verdict: (verdict: FlowVerdict, reason: String)?

    let initialInvariants: [Double]
    /// `‖a_k(0)‖² + ‖v_k(0)‖²`, the scale of the relative drift.
    let scale: [Double]
    /// θ indices of the coordinates whose signs are locked (SPEC §9.4, §13.3), and their signs at t = 0.
    let locked: [Int]
    let initialLockedValues: [Double]
    var lockedSignChanged: [Bool]
    var invariantSignFlipped: [Bool]
    /// Where the current stretch of frozen pattern began (for the sliding time).
    var stretchStart = 0.0
    /// Sliding exits found by the last `afterStep`, applied by `leaveSurfaces`.
    var pendingExits: [(sample: Int, neuron: Int, side: ActivationState)] = []
    let progress: ((FlowStep) -> Void)?

    init(problem: Problem, settings: FlowSettings, start: [Double], dynamics: FlowDynamics, progress: ((FlowStep) -> Void)?) {
        self.problem = problem
        self.settings = settings
        self.dynamics = dynamics
        self.progress = progress
        theta = start
        pattern = ActivationPattern(problem, start)
        initialInvariants = problem.invariants(start)
        scale = problem.squaredNorms(start)
        locked = problem.lockedCoordinates(start)
        initialLockedValues = locked.map { start[$0] }
        lockedSignChanged = [Bool](repeating: false, count: locked.count)
        invariantSignFlipped = [Bool](repeating: false, count: initialInvariants.count)
    }

    // MARK: Evaluation

    /// One evaluation, kept for the next request at the same state: Dormand–Prince
    /// asks for the field at the projected state the session has just evaluated.
    public struct Evaluation: Sendable {
        public let state: [Double]
        /// −∇L (the minimal-norm element at kinks).
        public let field: [Double]
        public let loss: Double
        public let gradientNorm: Double
        /// Multipliers of the sliding pairs, keyed by `i·neurons + k`.
        public let multipliers: [Int: Double]
        /// Pairs on the other side of their kinks (`FieldEvaluation.crossedPairs`; nil: not looked for).
        public let crossedPairs: [Int]?
    }
    public private(set) var lastEvaluation: Evaluation?
    /// Whether `lastEvaluation` is in `statistics.evaluations` (a monitor's is not, until a stepper asks for it).
    private var lastEvaluationCounted = false

    /// The field at `state` under the current pattern, as a stepper's right-hand
    /// side: counted, unless it is the last one again and counted already.
    @discardableResult
    public func evaluate(_ state: [Double]) -> Evaluation {
        let evaluation = monitorEvaluation(state)
        if !lastEvaluationCounted {
            statistics.evaluations += 1
            lastEvaluationCounted = true
        }
        return evaluation
    }

    /// The field at `state` for the monitors and rules only (not counted: CVODE
    /// continues from its own state and stages, so this is no right-hand side of its).
    func monitorEvaluation(_ state: [Double]) -> Evaluation {
        if let lastEvaluation, lastEvaluation.state == state { return lastEvaluation }
        let evaluation = fresh(state)
        lastEvaluation = evaluation
        lastEvaluationCounted = false
        return evaluation
    }

    /// An uncounted evaluation at θ for the report (the last one when it is at θ).
    func finalEvaluation() -> Evaluation {
        if let lastEvaluation, lastEvaluation.state == theta { return lastEvaluation }
        return fresh(theta)
    }

    private func fresh(_ state: [Double]) -> Evaluation {
        switch dynamics {
        case .flow:
            // The last evaluation is under the same pattern (a new pattern clears it).
            return record(problem.evaluateField(state, pattern: pattern, start: lastEvaluation?.multipliers ?? [:]), at: state)
        case .gradientDescent:
            let (loss, gradient) = problem.lossAndGradient(state)
            let field = problem.descent(gradient)
            return Evaluation(state: state, field: field, loss: loss,
                              gradientNorm: field.reduce(0) { $0 + $1 * $1 }.squareRoot(), multipliers: [:], crossedPairs: nil)
        }
    }

    /// The session's form of a field evaluated at `state` (its multilayer counts recorded).
    private func record(_ evaluation: FieldEvaluation, at state: [Double]) -> Evaluation {
        if evaluation.multilayerSamples > 0 {
            statistics.multilayerSlidingEvaluations += 1
            statistics.multilayerSlidingSamples = max(statistics.multilayerSlidingSamples, evaluation.multilayerSamples)
        }
        let field = evaluation.field
        return Evaluation(state: state, field: field, loss: evaluation.loss, gradientNorm: field.reduce(0) { $0 + $1 * $1 }.squareRoot(),
                          multipliers: evaluation.multipliers, crossedPairs: evaluation.crossedPairs)
    }

    /// Takes `evaluation`, made at `state` under the current pattern and counted
    /// already (by the switching rates), as the last evaluation: the next
    /// request at `state` is then a cache hit instead of the same field again.
    func adopt(_ evaluation: FieldEvaluation, at state: [Double]) {
        lastEvaluation = record(evaluation, at: state)
        lastEvaluationCounted = true
    }

    /// Pairs on the other side of their kinks at `state` than the pattern says.
    /// Dormand–Prince's last stage is evaluated at the step's end, so after a
    /// step the last evaluation has usually listed them already (when the
    /// model does so): then no second pass over the n × l pairs.
    func crossedPairs(at state: [Double]) -> [(sample: Int, neuron: Int)] {
        if let lastEvaluation, let pairs = lastEvaluation.crossedPairs, lastEvaluation.state == state {
            let columns = problem.neurons
            return pairs.map { ($0 / columns, $0 % columns) }
        }
        return problem.crossedPairs(state, pattern)
    }

    // MARK: Monitors and projections (SPEC §9.3–9.4)

    /// Where the run is, for messages about non-finite values.
    var place: String { dynamics == .gradientDescent ? "after step \(statistics.acceptedSteps)" : "near t = \(t)" }

    /// The invariants the flow holds at time `time`: `c(0)`, or `c(0)·e^{−2λt}`
    /// under weight decay λ (SPEC §2; the signs, hence the locks, are kept).
    func targetInvariants(at time: Double) -> [Double] {
        let lambda = problem.weightDecay
        guard lambda != 0 else { return initialInvariants }
        let factor = Foundation.exp(-2 * lambda * time)
        return initialInvariants.map { $0 * factor }
    }

    /// The monitors before projection: finite parameters, the invariant drift, locked signs.
    func observe(_ state: [Double], at time: Double? = nil) {
        if monitors.nonFinite == nil, let index = state.firstIndex(where: { !$0.isFinite }) {
            monitors.nonFinite = "parameter \(index) is \(state[index]) \(place)"
        }
        let (absolute, relative) = problem.drift(state, from: targetInvariants(at: time ?? t), scale: scale)
        monitors.recordDrift(absolute: absolute, relative: relative, at: self.place)   // NaN kept, not dropped
        for (position, index) in locked.enumerated() {
            let v = state[index], v0 = initialLockedValues[position]
            if (v > 0) != (v0 > 0) || (v < 0) != (v0 < 0) { lockedSignChanged[position] = true }
        }
    }

    /// Sliding pairs of `surfaces` onto their kinks, then every `c_k` back to its value (SPEC §9.3).
    func project(_ state: inout [Double], onto surfaces: ActivationPattern, at time: Double? = nil) {
        problem.projectSlidingPairs(&state, surfaces)
        problem.project(&state, onto: targetInvariants(at: time ?? t))
    }

    /// The monitors of the state the run carries on with (after any projection).
    func observeCarried(_ state: [Double], at time: Double? = nil) {
        let c = problem.invariants(state)
        let target = targetInvariants(at: time ?? t)
        var relative = 0.0
        for k in 0..<c.count {
            let c0 = initialInvariants[k]
            if scale[k] > 0 { relative = FlowMonitors.maximum(relative, abs(c[k] - target[k]) / scale[k]) }
            if (c[k] > 0) != (c0 > 0) || (c[k] < 0) != (c0 < 0) { invariantSignFlipped[k] = true }
        }
        monitors.maxRelativeDriftAfterProjection = FlowMonitors.maximum(monitors.maxRelativeDriftAfterProjection, relative)
    }

    /// The projection hook of a solver that projects after each of its steps
    /// (CVODE BDF) at its time `time`: monitors before, projection, monitors after.
    public func projectInsideSolver(_ state: inout [Double], at time: Double) {
        observe(state, at: time)
        project(&state, onto: pattern, at: time)
        observeCarried(state, at: time)
    }

    // MARK: Verdicts

    func evidence(_ moment: FlowEvidence.Moment, _ evaluation: Evaluation) -> FlowEvidence {
        let changed = lockedSignChanged.firstIndex(of: true)
        return FlowEvidence(moment: moment, loss: evaluation.loss, gradientNorm: evaluation.gradientNorm, nonFinite: monitors.nonFinite,
                            lockedSignChange: changed, lockedSignChangeName: changed.map { problem.lockedCoordinateName(locked[$0]) },
                            maxRelativeDrift: monitors.maxRelativeDrift, conservesInvariants: dynamics == .flow)
    }

    /// Records one point of the trajectory and tells the observer.
    func record(_ evaluation: Evaluation, reportProgress: Bool = true) {
        trajectory.record(t: t, loss: evaluation.loss, theta, problem)
        if reportProgress {
            progress?(FlowStep(t: t, loss: evaluation.loss, gradientNorm: evaluation.gradientNorm, evaluations: statistics.evaluations,
                               parameters: theta))
        }
    }

    /// The checks at t = 0 (SPEC §9.5 for every method: a non-finite start is
    /// `invalid`, a start within loss_tol or grad_tol is `reached` or `stalled`).
    /// Returns whether the run is decided.
    func start() -> Bool {
        let evaluation = evaluate(theta)
        record(evaluation, reportProgress: false)
        if monitors.nonFinite == nil, let index = theta.firstIndex(where: { !$0.isFinite }) {
            monitors.nonFinite = "parameter \(index) is \(theta[index]) at the initial point"
        }
        if monitors.nonFinite == nil && !evaluation.loss.isFinite {
            monitors.nonFinite = "the loss is \(evaluation.loss) at the initial point (weights or data beyond binary64's range for this loss)"
        }
        if monitors.nonFinite == nil && !evaluation.gradientNorm.isFinite {
            monitors.nonFinite = "the gradient norm is \(evaluation.gradientNorm) at the initial point"
        }
        if let decision = FlowVerdict.judge(evidence(.start, evaluation), settings: settings),
           decision.verdict == .invalid || settings.stopAtVerdict {
            verdict = decision
        }
        return verdict != nil
    }

    // MARK: The end

    /// The state at the end of a stretch.
    func moveTo(_ time: Double, _ state: [Double]) {
        t = time
        theta = state
    }

    /// Adds the stretch since `stretchStart` to the sliding time if pairs slid in it.
    func closeStretch() {
        if pattern.slidingPairs > 0 { statistics.slidingTime += t - stretchStart }
        stretchStart = t
    }

    /// The rules at the end of the horizon.
    func concludeAtEnd() {
        verdict = FlowVerdict.judge(evidence(.end, finalEvaluation()), settings: settings)
    }

    /// The solution, with the verdict set by a rule or `fallback`.
    func solution(or fallback: (verdict: FlowVerdict, reason: String)) -> FlowSolution {
        closeStretch()
        let (verdict, reason) = self.verdict ?? fallback
        let evaluation = finalEvaluation()
        // The end point is on the trajectory (and reaches the observer) even when a
        // solver stopped between recorded steps (a CVODE run found invalid inside its step).
        if trajectory.lossCurve.last?.t != t { record(evaluation) }
        monitors.lockedSignChanges = lockedSignChanged.filter { $0 }.count
        monitors.invariantSignFlips = invariantSignFlipped.filter { $0 }.count
        var solution = FlowSolution(verdict: verdict, finalLoss: evaluation.loss, tFinal: t, gradientNorm: evaluation.gradientNorm,
                                    monitors: monitors, parameters: theta)
        solution.reason = reason
        solution.statistics = statistics
        solution.trajectory = trajectory
        solution.descent = descent
        solution.invalidateIfNonFinite()   // SPEC §9.5: NaN or ±∞ anywhere makes any method's run invalid
        return solution
    }
}

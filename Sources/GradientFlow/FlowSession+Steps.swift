/// How a stepper's accepted step is to be projected (SPEC §9.3).
public enum StepProjection: Sendable, Equatable {
    /// The session projects and the stepper continues from the projected state (one-step methods).
    case afterEveryStep
    /// The solver has projected already, through `projectInsideSolver`.
    case insideSolver
    /// The solver cannot take a modified state without a restart (CVODE Adams):
    /// projected only when that moves it by more than 10·rtol, and then the stepper restarts.
    case onDemand
    /// Nothing is projected (gradient descent).
    case never

    /// Whether the stepper's next right-hand side is the session's evaluation
    /// after the step (Dormand–Prince's first stage, gradient descent's next
    /// step), so that evaluation counts; CVODE continues from its own state.
    var continuesFromSessionState: Bool { self == .afterEveryStep || self == .never }
}

/// What a stepper does after a step.
public enum StepDecision: Sendable, Equatable {
    case proceed
    /// Restart the solver from the projected state (on-demand projection).
    case restart
    /// Sliding pairs leave their surfaces: end the stretch here; the pattern changes.
    case exits
    /// The verdict is set.
    case stop
}

/// After each accepted step (SPEC §9.3–9.5).
extension FlowSession {
    /// After an accepted step to `(time, state)`: monitors, projection, one
    /// evaluation, the verdict rules, sliding exits, the trajectory. `state`
    /// becomes what the stepper continues from.
    public func afterStep(_ state: inout [Double], at time: Double, projection: StepProjection) -> StepDecision {
        t = time
        statistics.acceptedSteps += 1
        var restart = false
        switch projection {
        case .afterEveryStep:
            observe(state)
            if settings.project { project(&state, onto: pattern) }
        case .insideSolver:
            break
        case .onDemand:
            observe(state)
            if settings.project {
                var projected = state
                project(&projected, onto: pattern)
                let moved = zip(projected, state).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
                let size = state.reduce(0.0) { max($0, abs($1)) }
                if moved > 10 * settings.relativeTolerance * max(size, 1) {
                    state = projected
                    statistics.projectionRestarts += 1
                    restart = true
                }
            }
        case .never:
            observe(state)
        }
        if projection != .insideSolver { observeCarried(state) }
        theta = state
        let evaluation = projection.continuesFromSessionState ? evaluate(state) : monitorEvaluation(state)
        if monitors.nonFinite == nil && !evaluation.loss.isFinite { monitors.nonFinite = "the loss is \(evaluation.loss) \(place)" }
        let decision = FlowVerdict.judge(evidence(.step, evaluation), settings: settings)
        if let decision, decision.verdict == .invalid {
            verdict = decision
            return .stop
        }
        if pattern.slidingPairs > 0 {
            pendingExits = problem.slidingExits(state, pattern, field: evaluation.field, multipliers: evaluation.multipliers)
            if !pendingExits.isEmpty { return .exits }
        }
        record(evaluation)
        if let decision, settings.stopAtVerdict {
            verdict = decision
            return .stop
        }
        return restart ? .restart : .proceed
    }
}

/// The flow on the built-in Dormand–Prince 5(4) pair (SPEC §9.2a): after each
/// accepted step, pairs whose `z_ik` changed sign against the frozen pattern
/// are located by bisection on the dense output, and the step is cut at the
/// first crossing. The session projects after every step; the integrator
/// continues from the projected state.
public struct DormandPrinceStepper: FlowStepper {
    public typealias Failure = Never
    public var dynamics: FlowDynamics { .flow }

    public init() {}

    public mutating func integrateStretch<Problem: FlowModel>(_ session: FlowSession<Problem>) -> FlowStretchEnd {
        let p = session.problem, settings = session.settings
        var solver = DormandPrince(relativeTolerance: settings.relativeTolerance, absoluteTolerance: settings.absoluteTolerance)
        solver.evaluationBudget = max(1, settings.evaluationBudget - session.statistics.evaluations)
        var crossing: FlowStretchEnd? = nil, ending: FlowStretchEnd.Reason? = nil
        let result = solver.integrate({ _, y in session.evaluate(y).field }, from: session.t, session.theta, to: settings.tMax) { step, state in
            let crossed = session.crossedPairs(at: state)
            if !crossed.isEmpty {
                let (time, pairs) = p.firstCrossing(crossed, session.pattern, from: step.t, to: step.t + step.h) {
                    step.interpolate(at: $0, component: $1)
                }
                state = step.interpolate(at: time)
                crossing = FlowStretchEnd(t: time, state: state, reason: .crossing(pairs, projection: .afterEveryStep))
                return false
            }
            switch session.afterStep(&state, at: step.t + step.h, projection: .afterEveryStep) {
            case .proceed, .restart: return true
            case .exits: ending = .exits
            case .stop: ending = .stopped
            }
            return false
        }
        session.statistics.rejectedSteps += result.statistics.rejected
        if let crossing { return crossing }
        if let ending { return FlowStretchEnd(t: result.t, state: result.y, reason: ending) }
        switch result.stop {
        case .reachedEnd: return FlowStretchEnd(t: result.t, state: result.y, reason: .reachedEnd)
        case .budgetExhausted: return FlowStretchEnd(t: result.t, state: result.y, reason: .budgetExhausted)
        case .stepTooSmall: return FlowStretchEnd(t: result.t, state: result.y, reason: .stepTooSmall)
        case .stoppedByObserver: return FlowStretchEnd(t: result.t, state: result.y, reason: .restart)   // not reached: the observer stops only with an ending
        }
    }
}

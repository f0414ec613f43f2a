/// Runs the gradient flow of SPEC §9 from a start: one loop over stretches of
/// frozen activation pattern, with the stepper's crossings and exits applied
/// by the session between them.
public struct FlowRunner<Problem: FlowModel>: Sendable {
    public let problem: Problem
    public let settings: FlowSettings

    public init(problem: Problem, settings: FlowSettings) {
        self.problem = problem
        self.settings = settings
    }

    /// Dormand–Prince with sliding (SPEC §9.2a); `progress` is called after every accepted step and crossing.
    public func run(from start: [Double], progress: ((FlowStep) -> Void)? = nil) -> FlowSolution {
        run(from: start, with: DormandPrinceStepper(), progress: progress)
    }

    /// The run with the stepper of `method`; `descent` gives gradient descent's step and momentum.
    public func run(from start: [Double], method: FlowMethod, descent: GradientDescent = GradientDescent(learningRate: 0.01),
                    progress: ((FlowStep) -> Void)? = nil) throws(CVODEError) -> FlowSolution {
        switch method {
        case .dopri5: return run(from: start, with: DormandPrinceStepper(), progress: progress)
        case .adams: return try run(from: start, with: CVODEStepper(method: .adams), progress: progress)
        case .bdf: return try run(from: start, with: CVODEStepper(method: .bdf), progress: progress)
        case .gd, .momentum, .adam: return run(from: start, with: descent, progress: progress)
        }
    }

    /// The run with any stepper; `progress` is called after every accepted step and crossing.
    public func run<Stepper: FlowStepper>(from start: [Double], with stepper: Stepper,
                                          progress: ((FlowStep) -> Void)? = nil) throws(Stepper.Failure) -> FlowSolution {
        var stepper = stepper
        let session = FlowSession(problem: problem, settings: settings, start: start, dynamics: stepper.dynamics, progress: progress)
        if session.start() { return session.solution(or: (.undecided, "")) }
        while session.t < settings.tMax {
            let end = try stepper.integrateStretch(session)
            switch end.reason {
            case .crossing(let pairs, let projection):
                if session.cross(at: end.t, end.state, pairs: pairs, projection: projection) { return session.solution(or: (.undecided, "")) }
                continue
            case .exits:
                session.leaveSurfaces(at: end.t, end.state)
                continue
            case .restart:
                session.moveTo(end.t, end.state)
                continue
            case .stopped:
                session.moveTo(end.t, end.state)
                return session.solution(or: (.undecided, ""))
            case .reachedEnd:
                session.moveTo(end.t, end.state)
            case .budgetExhausted:
                session.moveTo(end.t, end.state)
                return session.solution(or: (.undecided, "right-hand-side budget exhausted"))
            case .stepTooSmall:
                session.moveTo(end.t, end.state)
                return session.solution(or: (.undecided, "step size underflow"))
            case .failed(let message):
                session.moveTo(end.t, end.state)
                return session.solution(or: (.undecided, "the integrator stopped: \(message)"))
            }
            break
        }
        session.concludeAtEnd()
        return session.solution(or: (.undecided, "reached t_max"))
    }
}

/// The flow on SUNDIALS CVODE (SPEC §9.2): root functions `g_ik = z_ik` for
/// every pair not sliding locate the crossings; the solver restarts at every
/// crossing and exit. BDF projects inside CVODE after every step (through
/// `FlowSession.projectInsideSolver`); SUNDIALS 6.4 refuses projection for
/// Adams, which is projected at restarts and on demand.
public struct CVODEStepper: FlowStepper {
    public typealias Failure = CVODEError
    public let method: CVODEMethod
    public var dynamics: FlowDynamics { .flow }

    public init(method: CVODEMethod) { self.method = method }

    public mutating func integrateStretch<Problem: FlowModel>(_ session: FlowSession<Problem>) throws(CVODEError) -> FlowStretchEnd {
        let p = session.problem, settings = session.settings
        if session.statistics.evaluations >= settings.evaluationBudget {
            return FlowStretchEnd(t: session.t, state: session.theta, reason: .budgetExhausted)
        }
        let dimension = p.dimension, columns = p.neurons, pairs = p.samples * columns
        let solver = try CVODESolver(
            method: method, dimension: dimension, relativeTolerance: settings.relativeTolerance,
            absoluteTolerance: settings.absoluteTolerance, t0: session.t, y0: session.theta,
            rhs: { _, y, dy in   // counted by the session, difference-quotient Jacobian columns included
                let field = session.evaluate(Array(UnsafeBufferPointer(start: y, count: dimension))).field
                for i in 0..<dimension { dy[i] = field[i] }
            },
            rootCount: pairs,
            roots: { _, y, g in
                let pattern = session.pattern
                let z = p.preactivations(Array(UnsafeBufferPointer(start: y, count: dimension)), pattern: pattern)
                for index in 0..<pairs { g[index] = pattern[pair: index] == .sliding ? 1 : z[index] }
            },
            projection: settings.project && method == .bdf ? { t, y in
                var state = Array(UnsafeBufferPointer(start: y, count: dimension))
                session.projectInsideSolver(&state, at: t)
                for i in 0..<dimension { y[i] = state[i] }
            } : nil)
        let projection: StepProjection = solver.projectionActive ? .insideSolver : .onDemand
        var previous = session.t
        while true {
            let time: Double, result: CVODESolver.StepResult
            do {
                (time, result) = try solver.step(toward: settings.tMax)
            } catch {
                return FlowStretchEnd(t: session.t, state: session.theta, reason: .failed("\(error)"))
            }
            var state = solver.currentState
            if case .root(let directions) = result {
                let pattern = session.pattern
                let crossing = (0..<pairs).filter { directions[$0] != 0 && pattern[pair: $0] != .sliding }
                return FlowStretchEnd(t: time, state: state, reason: .crossing(crossing.map { ($0 / columns, $0 % columns) }, projection: projection))
            }
            // Root functions that start at exactly 0 (pairs put on their kinks at the
            // last crossing; all of a neuron's pairs once its a_k has collapsed to 0)
            // never change sign for CVODE: such pairs leaving to the wrong side are
            // found here and located by bisection on CVODE's interpolant (should
            // CVODE refuse to interpolate, the step is taken as it is).
            let unseen = session.crossedPairs(at: state)
            if !unseen.isEmpty, let located = locate(unseen, session, solver, from: previous, to: time, projection: projection) {
                return located
            }
            previous = time
            switch session.afterStep(&state, at: time, projection: projection) {
            case .proceed: if result == .reachedStop { return FlowStretchEnd(t: time, state: state, reason: .reachedEnd) }
            case .restart: return FlowStretchEnd(t: time, state: state, reason: .restart)
            case .exits: return FlowStretchEnd(t: time, state: state, reason: .exits)
            case .stop: return FlowStretchEnd(t: time, state: state, reason: .stopped)
            }
        }
    }

    /// The first of `crossed` to cross within the last step `(start, end]`, on
    /// CVODE's interpolating polynomial (one interpolation per bisection point).
    func locate<Problem: FlowModel>(_ crossed: [(sample: Int, neuron: Int)], _ session: FlowSession<Problem>, _ solver: CVODESolver,
                                    from start: Double, to end: Double, projection: StepProjection) -> FlowStretchEnd? {
        var memo: (t: Double, state: [Double])? = nil
        var failed = false
        let (time, pairs) = session.problem.firstCrossing(crossed, session.pattern, from: start, to: end) { t, index in
            if memo?.t != t {
                guard let state = solver.interpolatedState(at: t) else { failed = true; return 0 }
                memo = (t, state)
            }
            return memo?.state[index] ?? 0
        }
        guard !failed, let state = time == end ? solver.currentState : solver.interpolatedState(at: time) else { return nil }
        return FlowStretchEnd(t: time, state: state, reason: .crossing(pairs, projection: projection))
    }
}

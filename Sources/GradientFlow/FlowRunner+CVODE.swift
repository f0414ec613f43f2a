/// Mutable state shared with CVODE's C callbacks (they outlive a Swift `inout`).
final class FlowCallbackState {
    var pattern: ActivationPattern
    var maxDrift = 0.0, maxRelativeDrift = 0.0, maxRelativeDriftAfterProjection = 0.0
    var evaluations = 0
    init(pattern: ActivationPattern) { self.pattern = pattern }
}

extension FlowRunner {
    /// Whether BDF runs use CVODE's projection interface (after every step) or, like Adams,
    /// project at every restart.
    static let projectInsideCVODE = true

    /// The same flow as `run(from:)` (pattern frozen between events, sliding by
    /// the minimal-norm rule, the same entry and exit decisions), integrated by
    /// CVODE: its root finding locates the switches (`g_ik = z_ik` for every
    /// pair not sliding), and for BDF its projection interface applies the
    /// sliding and orbit projections after every step (the drift monitor reads
    /// the state before projecting). Adams runs without projection (SUNDIALS
    /// allows it only for BDF). The solver restarts at every event.
    public func runCVODE(from start: [Double], method: CVODEMethod, progress: ((FlowStep) -> Void)? = nil) throws -> FlowReport {
        let p = problem
        let c0 = p.invariants(start), scale = p.squaredNorms(start)
        let locked = p.e == 1 ? c0.map { $0 < 0 } : c0.map { _ in false }
        let v0 = (0..<p.l).map { start[p.w2Offset + $0] }
        var theta = start, t = 0.0
        let shared = FlowCallbackState(pattern: ActivationPattern(p, start))
        var report = FlowReport(verdict: .undecided, finalLoss: .nan, tFinal: 0, gradientNorm: .nan, monitors: FlowMonitors(), parameters: start)
        func finish(_ verdict: FlowVerdict, _ reason: String) -> FlowReport {
            report.conclude(verdict, reason, problem: p, at: theta, pattern: shared.pattern, time: t, initialInvariants: c0)
            report.monitors.maxDrift = FlowMonitors.maximum(report.monitors.maxDrift, shared.maxDrift)   // NaN kept, not dropped
            report.monitors.maxRelativeDrift = FlowMonitors.maximum(report.monitors.maxRelativeDrift, shared.maxRelativeDrift)
            report.monitors.maxRelativeDriftAfterProjection = shared.maxRelativeDriftAfterProjection
            report.rightHandSideEvaluations += shared.evaluations   // every CVODE call, Jacobian columns included
            return report
        }
        func recordDrift(_ state: [Double]) {
            let (drift, relative) = p.drift(state, from: c0, scale: scale)
            shared.maxDrift = FlowMonitors.maximum(shared.maxDrift, drift)
            shared.maxRelativeDrift = FlowMonitors.maximum(shared.maxRelativeDrift, relative)
        }
        func recordProjected(_ state: [Double]) {
            shared.maxRelativeDriftAfterProjection = FlowMonitors.maximum(shared.maxRelativeDriftAfterProjection, p.drift(state, from: c0, scale: scale).relative)
        }
        let initial = p.field(theta, pattern: shared.pattern)
        report.lossCurve.append((0, initial.loss))
        p.recordNeurons(theta, into: &report.neuronPaths)
        if initial.loss <= settings.lossTolerance { return finish(.reached, "loss ≤ loss_tol at t = 0") }
        let dimension = p.dimension, pairs = p.samples * p.l
        while t < settings.tMax {
            if report.rightHandSideEvaluations + shared.evaluations >= settings.evaluationBudget {
                return finish(.undecided, "right-hand-side budget exhausted")
            }
            let solver = try CVODESolver(
                method: method, dimension: dimension, relativeTolerance: settings.relativeTolerance,
                absoluteTolerance: settings.absoluteTolerance, t0: t, y0: theta,
                rhs: { _, y, dy in
                    shared.evaluations += 1
                    let field = p.field(Array(UnsafeBufferPointer(start: y, count: dimension)), pattern: shared.pattern).field
                    for i in 0..<dimension { dy[i] = field[i] }
                },
                rootCount: pairs,
                roots: { _, y, g in
                    let z = p.preactivations(Array(UnsafeBufferPointer(start: y, count: dimension)))
                    for index in 0..<pairs { g[index] = shared.pattern.states[index] == 0 ? 1 : z[index] }
                },
                projection: settings.project && method == .bdf && FlowRunner.projectInsideCVODE ? { _, y in
                    var state = Array(UnsafeBufferPointer(start: y, count: dimension))
                    recordDrift(state)
                    projectSlidingPairs(&state, shared.pattern)
                    p.project(&state, onto: c0)
                    recordProjected(state)
                    for i in 0..<dimension { y[i] = state[i] }
                } : nil)
            var restart = false
            while !restart {
                let time: Double, result: CVODESolver.StepResult
                do {
                    (time, result) = try solver.step(toward: settings.tMax)
                } catch {
                    return finish(.undecided, "the integrator stopped: \(error)")
                }
                if shared.pattern.slidingPairs > 0 { report.slidingTime += time - t }
                t = time
                theta = solver.currentState
                if case .root(let directions) = result {
                    let crossing = (0..<pairs).filter { directions[$0] != 0 && shared.pattern.states[$0] != 0 }
                    var onSurface = shared.pattern
                    for index in crossing { onSurface.states[index] = 0 }
                    projectSlidingPairs(&theta, onSurface)
                    for index in crossing {
                        decide(&shared.pattern, theta, sample: index / p.l, neuron: index % p.l, report: &report)
                    }
                    if settings.project && !solver.projectionActive {
                        recordDrift(theta)   // Adams: project at every restart instead of inside CVODE
                        projectSlidingPairs(&theta, shared.pattern)
                        p.project(&theta, onto: c0)
                        recordProjected(theta)
                    }
                    restart = true
                    break
                }
                report.acceptedSteps += 1
                if !solver.projectionActive { recordDrift(theta); recordProjected(theta) }   // unprojected steps carry their drift
                for k in 0..<p.l where locked[k] {
                    let v = theta[p.w2Offset + k]
                    if (v > 0) != (v0[k] > 0) || (v < 0) != (v0[k] < 0) {
                        report.monitors.lockedSignChanges += 1
                        return finish(.invalid, "the locked output sign of neuron \(k) changed (SPEC §9.4)")
                    }
                }
                // Adams has no projection hook: when the unprojected state has drifted
                // off its orbit (or a sliding pair off its surface) by more than
                // 10·rtol, project and restart (projection on demand, SPEC §9.3).
                if settings.project && !solver.projectionActive {
                    var projected = theta
                    projectSlidingPairs(&projected, shared.pattern)
                    p.project(&projected, onto: c0)
                    let moved = zip(projected, theta).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
                    let size = theta.reduce(0.0) { max($0, abs($1)) }
                    if moved > 10 * settings.relativeTolerance * max(size, 1) {
                        theta = projected
                        recordProjected(theta)
                        report.projectionRestarts += 1
                        restart = true
                    }
                }
                if !(FlowMonitors.maximum(report.monitors.maxRelativeDrift, shared.maxRelativeDrift) <= settings.driftTolerance) {   // NaN counts as exceeded
                    return finish(.invalid, "relative invariant drift > drift_tol")
                }
                let (loss, field, multipliers) = p.field(theta, pattern: shared.pattern)
                if shared.pattern.slidingPairs > 0 {
                    let exits = slidingExits(shared.pattern, field: field, multipliers: multipliers)
                    if !exits.isEmpty {
                        for (i, k, side) in exits { shared.pattern[i, k] = side; report.slidingExits += 1; report.switches += 1 }
                        restart = true
                        break
                    }
                }
                let norm = field.reduce(0) { $0 + $1 * $1 }.squareRoot()
                report.lossCurve.append((t, loss))
                p.recordNeurons(theta, into: &report.neuronPaths)
                progress?(FlowStep(t: t, loss: loss, evaluations: report.rightHandSideEvaluations + shared.evaluations, parameters: theta))
                if settings.stopAtVerdict || result == .reachedStop {
                    let final = result == .reachedStop ? " at t_max" : ""
                    if loss <= settings.lossTolerance {
                        return finish(.reached, "loss ≤ loss_tol" + final)
                    }
                    if norm <= settings.gradientTolerance {
                        return finish(.stalled, "‖∇L‖ ≤ grad_tol with loss > loss_tol" + final)
                    }
                }
                if result == .reachedStop {
                    return finish(.undecided, "reached t_max without meeting loss_tol or grad_tol")
                }
            }
        }
        return finish(.undecided, "reached t_max")
    }
}

/// Crossings and exits of the kinks (SPEC §9.2a).
extension FlowSession {
    /// A crossing located at `(time, state)` by the stepper: the pairs are put
    /// exactly on their surfaces and, unless the solver projects after its own
    /// steps, every c_k back on its value; then each chooses its side or slides.
    /// (A solver's interpolated root state is not projected: CVODE BDF restored
    /// c_k after each of its steps, and projecting there too made BDF chatter:
    /// 6 734 evaluations against 4 147 on the obstructed toy.) Returns whether
    /// the run is decided.
    public func cross(at time: Double, _ state: [Double], pairs: [(sample: Int, neuron: Int)], projection: StepProjection) -> Bool {
        t = time
        closeStretch()
        theta = state
        statistics.acceptedSteps += 1
        var onSurface = pattern
        for (i, k) in pairs { onSurface[i, k] = .sliding }
        let sessionProjects = settings.project && projection != .insideSolver && projection != .never
        if !sessionProjects { problem.projectSlidingPairs(&theta, onSurface) }
        observe(theta)
        if sessionProjects {
            project(&theta, onto: onSurface)
            observeCarried(theta)
        } else if !settings.project {
            observeCarried(theta)
        }
        var reusable: FieldEvaluation? = nil
        for (i, k) in pairs { reusable = decide(sample: i, neuron: k) }
        // The last decision's switching rates evaluated the field at θ under the
        // pattern as it now is when the pair took the side they tried: no second evaluation.
        if let reusable, dynamics == .flow { adopt(reusable, at: theta) }
        let evaluation = evaluate(theta)   // the next stretch starts here: its first evaluation is then a cache hit
        record(evaluation)
        if monitors.nonFinite == nil && !evaluation.loss.isFinite { monitors.nonFinite = "the loss is \(evaluation.loss) \(place)" }
        if let decision = FlowVerdict.judge(evidence(.step, evaluation), settings: settings), decision.verdict == .invalid {
            verdict = decision
        }
        return verdict != nil
    }

    /// Applies the exits found by the last step, which ended at `(time, state)`.
    func leaveSurfaces(at time: Double, _ state: [Double]) {
        moveTo(time, state)
        closeStretch()
        for (i, k, side) in pendingExits { pattern[i, k] = side }
        statistics.slidingExits += pendingExits.count
        statistics.switches += pendingExits.count
        pendingExits = []
    }

    /// A crossing of `z_ik = 0`: slide if the field on both sides points at the
    /// surface, else continue on the side the motion goes to. Returns the field
    /// the rates evaluated at θ with the pair on the side it took, if they did:
    /// the field under the new pattern.
    func decide(sample i: Int, neuron k: Int) -> FieldEvaluation? {
        let before = pattern[i, k]
        let rates = problem.switchingRates(theta, pattern, sample: i, neuron: k)
        statistics.evaluations += rates.evaluations
        if rates.unaffected {
            pattern[i, k] = before
            return nil
        }
        let (up, down, noise) = (rates.up, rates.down, rates.noise)
        if up <= noise && down >= -noise {
            // Both sides push towards the surface (or move along it): slide.
            pattern[i, k] = .sliding
            statistics.slidingEntries += 1
        } else if up > noise && down < -noise {
            pattern[i, k] = before == .active ? .inactive : .active   // repelling surface: keep crossing in the direction of travel
        } else {
            pattern[i, k] = up > noise ? .active : .inactive
        }
        statistics.switches += 1
        let side = pattern[i, k]
        return rates.fields.last { $0.side == side }?.evaluation
    }
}

import Foundation

/// Verdicts of SPEC §9.5.
public enum FlowVerdict: String, Sendable {
    /// loss ≤ loss_tol.
    case reached
    /// ‖∇L‖ ≤ grad_tol with loss > loss_tol.
    case stalled
    /// Time or budget ran out.
    case undecided
    /// A locked sign changed, or the invariant drift exceeded drift_tol.
    case invalid
}

/// One accepted step (or event) of a flow run, as reported to a progress observer.
public struct FlowStep: Sendable {
    public let t: Double, loss: Double, evaluations: Int
    /// θ after the projections.
    public let parameters: [Double]
}

/// Settings of a flow run (SPEC §9).
public struct FlowSettings: Sendable {
    public var tMax: Double
    public var relativeTolerance = 1e-6
    public var absoluteTolerance = 1e-9
    public var lossTolerance = 1e-8
    /// On the norm of the minimal-norm field (SPEC §9.2a).
    public var gradientTolerance = 1e-8
    /// On `max_k |c_k(t) − c_k(0)| / (‖a_k(0)‖² + ‖v_k(0)‖²)`, measured after each
    /// step before projection (SPEC §9.4): with projection on it is the local
    /// error of one step (~rtol), so the threshold for `invalid` sits well above it.
    public var driftTolerance = 1e-4
    /// Orbit projection of SPEC §9.3 after each accepted step.
    public var project = true
    public var evaluationBudget = 5_000_000
    /// Stop as soon as a verdict is certain (reached, stalled, invalid); with
    /// false the run continues to `tMax` and the verdict is taken at the end.
    public var stopAtVerdict = true

    public init(tMax: Double) { self.tMax = tMax }
}

/// What a flow run did and saw (SPEC §9.4).
public struct FlowReport: Sendable {
    public var verdict: FlowVerdict
    public var finalLoss: Double
    public var tFinal: Double
    public var gradientNorm: Double
    public var monitors: FlowMonitors
    public var rightHandSideEvaluations = 0
    public var acceptedSteps = 0
    public var rejectedSteps = 0
    /// Activation pattern changes (crossings), and entries into / exits from sliding.
    public var switches = 0
    public var slidingEntries = 0
    public var slidingExits = 0
    /// CVODE Adams only: restarts made to project a state that had drifted off its orbit.
    public var projectionRestarts = 0
    /// Total time during which at least one pair was sliding.
    public var slidingTime = 0.0
    public var parameters: [Double]
    /// (t, loss) after every accepted step.
    public var lossCurve: [(t: Double, loss: Double)] = []
    /// Per neuron, (‖a_k‖, v_k) after every accepted step (‖v_k‖ when e ≥ 2): the
    /// path on the hyperbola ‖a‖² − v² = c_k (the paper's Figure 3).
    public var neuronPaths: [[(a: Double, v: Double)]] = []
    public var reason = ""

    /// Sets the verdict and the end-of-run quantities at `theta`.
    mutating func conclude(_ verdict: FlowVerdict, _ reason: String, problem p: FlowProblem, at theta: [Double],
                           pattern: ActivationPattern, time: Double, initialInvariants c0: [Double]) {
        let (loss, field, _) = p.field(theta, pattern: pattern)
        self.verdict = verdict
        self.reason = reason
        finalLoss = loss
        gradientNorm = field.reduce(0) { $0 + $1 * $1 }.squareRoot()
        tFinal = time
        parameters = theta
        monitors.invariantSignFlips = zip(p.invariants(theta), c0).filter { ($0 > 0) != ($1 > 0) || ($0 < 0) != ($1 < 0) }.count
    }

    public init(verdict: FlowVerdict, finalLoss: Double, tFinal: Double, gradientNorm: Double,
                monitors: FlowMonitors, parameters: [Double]) {
        self.verdict = verdict
        self.finalLoss = finalLoss
        self.tFinal = tFinal
        self.gradientNorm = gradientNorm
        self.monitors = monitors
        self.parameters = parameters
    }
}

/// Integrates the gradient flow of SPEC §9 with the built-in Dormand–Prince
/// 5(4) pair, handling the kinks of ReLU (SPEC §9.2a):
/// * between events the activation pattern is frozen, so the field is smooth;
/// * after each accepted step, pairs whose `z_ik` changed sign are located on
///   the dense output (bisection) and the step is cut at the first crossing;
/// * at a crossing the field is evaluated on both sides: if both sides push
///   `z_ik` towards 0 the pair *slides* (minimal-norm multiplier, field tangent
///   to the surface), otherwise it crosses;
/// * a sliding pair leaves when its multiplier sits at a bound and the field
///   there moves `z_ik` off the surface;
/// * sliding pairs are kept on `z_ik = 0` by a least-change projection of `a_k`,
///   then the orbit projection of SPEC §9.3 restores every `c_k`.
public struct FlowRunner: Sendable {
    public let problem: FlowProblem
    public let settings: FlowSettings

    public init(problem: FlowProblem, settings: FlowSettings) {
        self.problem = problem
        self.settings = settings
    }

    /// `progress` is called after every accepted step and event.
    public func run(from start: [Double], progress: ((FlowStep) -> Void)? = nil) -> FlowReport {
        let p = problem
        let c0 = p.invariants(start), scale = p.squaredNorms(start)
        let locked = p.e == 1 ? c0.map { $0 < 0 } : c0.map { _ in false }
        let v0 = (0..<p.l).map { start[p.w2Offset + $0] }
        var theta = start
        var pattern = ActivationPattern(p, theta)
        var t = 0.0
        var report = FlowReport(verdict: .undecided, finalLoss: .nan, tFinal: 0, gradientNorm: .nan,
                                monitors: FlowMonitors(), parameters: start)
        var solver = DormandPrince(relativeTolerance: settings.relativeTolerance, absoluteTolerance: settings.absoluteTolerance)
        var lastLoss = Double.nan, lastNorm = Double.nan
        // The last evaluation: the observer evaluates the field at the projected
        // state, and the integrator's own re-evaluation there is then a cache hit.
        var cached: (state: [Double], field: [Double], multipliers: [Int: Double])? = nil
        func evaluate(_ state: [Double]) -> [Double] {
            if let cached, cached.state == state { return cached.field }
            report.rightHandSideEvaluations += 1
            let (loss, field, multipliers) = p.field(state, pattern: pattern)
            lastLoss = loss
            lastNorm = field.reduce(0) { $0 + $1 * $1 }.squareRoot()
            cached = (state, field, multipliers)
            return field
        }
        /// Monitors of SPEC §9.4 before projection, then the projections (sliding
        /// pairs onto their surfaces in `surfaces`, every c_k back to c_k(0)).
        func monitorAndProject(_ state: inout [Double], _ surfaces: ActivationPattern) -> (FlowVerdict, String)? {
            var stop: (FlowVerdict, String)? = nil
            let (drift, relative) = p.drift(state, from: c0, scale: scale)
            report.monitors.recordDrift(absolute: drift, relative: relative, at: "near t = \(t)")   // NaN kept, not dropped
            for k in 0..<p.l {
                let v = state[p.w2Offset + k]
                if locked[k] && ((v > 0) != (v0[k] > 0) || (v < 0) != (v0[k] < 0)) {
                    report.monitors.lockedSignChanges += 1
                    stop = (.invalid, "the locked output sign of neuron \(k) changed (SPEC §9.4)")
                }
            }
            if !(report.monitors.maxRelativeDrift <= settings.driftTolerance) && stop == nil {   // NaN counts as exceeded
                stop = (.invalid, "relative invariant drift \(report.monitors.maxRelativeDrift) > drift_tol")
            }
            if settings.project {
                projectSlidingPairs(&state, surfaces)
                p.project(&state, onto: c0)
                report.monitors.maxRelativeDriftAfterProjection = FlowMonitors.maximum(report.monitors.maxRelativeDriftAfterProjection,
                                                                     p.drift(state, from: c0, scale: scale).relative)
            }
            return stop
        }
        func finish(_ verdict: FlowVerdict, _ reason: String) -> FlowReport {
            report.conclude(verdict, reason, problem: p, at: theta, pattern: pattern, time: t, initialInvariants: c0)
            return report
        }
        // Initial checks.
        _ = evaluate(theta)
        report.lossCurve.append((0, lastLoss))
        p.recordNeurons(theta, into: &report.neuronPaths)
        if lastLoss <= settings.lossTolerance { return finish(.reached, "loss ≤ loss_tol at t = 0") }
        if lastNorm <= settings.gradientTolerance { return finish(.stalled, "‖∇L‖ ≤ grad_tol at t = 0") }

        while t < settings.tMax {
            solver.evaluationBudget = max(1, settings.evaluationBudget - report.rightHandSideEvaluations)
            var eventTime: Double? = nil, eventState: [Double] = [], eventPairs: [(Int, Int)] = []
            var stop: (FlowVerdict, String)? = nil
            var exitPairs: [(Int, Int, Int8)] = []
            let stretchStart = t
            let result = solver.integrate({ _, y in evaluate(y) }, from: t, theta, to: settings.tMax) { step, state in
                // Switch location: pairs whose z changed sign against the frozen pattern.
                let zEnd = p.preactivations(state)
                var crossings: [(Int, Int)] = []
                for i in 0..<p.samples {
                    for k in 0..<p.l {
                        let s = pattern[i, k]
                        // Strict: a pair exactly on z = 0 (snapped there at an event) has not crossed.
                        if (s > 0 && zEnd[i * p.l + k] < 0) || (s < 0 && zEnd[i * p.l + k] > 0) { crossings.append((i, k)) }
                    }
                }
                if !crossings.isEmpty {
                    var first = step.t + step.h
                    var firstPairs: [(Int, Int)] = []
                    for (i, k) in crossings {
                        var low = step.t, high = step.t + step.h
                        let before = pattern[i, k]
                        for _ in 0..<48 {
                            let mid = 0.5 * (low + high)
                            let z = p.preactivation(sample: i, neuron: k) { step.interpolate(at: mid, component: $0) }
                            if (before > 0 && z < 0) || (before < 0 && z > 0) { high = mid } else { low = mid }
                        }
                        if high < first - 1e-15 * max(1, abs(first)) { first = high; firstPairs = [(i, k)] }
                        else if abs(high - first) <= 1e-15 * max(1, abs(first)) { firstPairs.append((i, k)) }
                    }
                    eventTime = first
                    eventState = step.interpolate(at: first)
                    eventPairs = firstPairs
                    state = eventState
                    return false
                }
                report.acceptedSteps += 1
                stop = monitorAndProject(&state, pattern)
                let field = evaluate(state)
                let loss = lastLoss, norm = lastNorm
                // Sliding exits: multiplier at a bound and the field pushing off the surface.
                if pattern.slidingPairs > 0, let cached {
                    exitPairs = slidingExits(pattern, field: field, multipliers: cached.multipliers)
                    if !exitPairs.isEmpty { return false }
                }
                report.lossCurve.append((step.t + step.h, loss))
                p.recordNeurons(state, into: &report.neuronPaths)
                progress?(FlowStep(t: step.t + step.h, loss: loss, evaluations: report.rightHandSideEvaluations, parameters: state))
                if stop == nil && loss <= settings.lossTolerance { stop = (.reached, "loss ≤ loss_tol") }
                if stop == nil && norm <= settings.gradientTolerance { stop = (.stalled, "‖∇L‖ ≤ grad_tol with loss > loss_tol") }
                if let current = stop, current.0 != .invalid, !settings.stopAtVerdict { stop = nil }
                return stop == nil
            }
            report.rejectedSteps += result.statistics.rejected
            if pattern.slidingPairs > 0 { report.slidingTime += (eventTime ?? result.t) - stretchStart }
            cached = nil   // the pattern may change below
            if let eventTime {
                t = eventTime
                theta = eventState
                // Put the crossing pairs exactly on their surfaces (and every c_k
                // back on its value), then choose their side.
                report.acceptedSteps += 1
                var onSurface = pattern
                for (i, k) in eventPairs { onSurface[i, k] = 0 }
                if !settings.project { projectSlidingPairs(&theta, onSurface) }
                let monitorStop = monitorAndProject(&theta, onSurface)
                for (i, k) in eventPairs { decide(&pattern, theta, sample: i, neuron: k, report: &report) }
                _ = evaluate(theta)   // the next stretch starts here: its first evaluation is then a cache hit
                report.lossCurve.append((t, lastLoss))
                p.recordNeurons(theta, into: &report.neuronPaths)
                progress?(FlowStep(t: t, loss: lastLoss, evaluations: report.rightHandSideEvaluations, parameters: theta))
                if let monitorStop { return finish(monitorStop.0, monitorStop.1) }
                continue
            }
            t = result.t
            theta = result.y
            for (i, k, state) in exitPairs {
                pattern[i, k] = state
                report.slidingExits += 1
                report.switches += 1
            }
            if !exitPairs.isEmpty { continue }
            if let stop { return finish(stop.0, stop.1) }
            switch result.stop {
            case .reachedEnd:
                let (loss, field, _) = p.field(theta, pattern: pattern)
                let norm = field.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if loss <= settings.lossTolerance { return finish(.reached, "loss ≤ loss_tol at t_max") }
                if norm <= settings.gradientTolerance { return finish(.stalled, "‖∇L‖ ≤ grad_tol with loss > loss_tol at t_max") }
                return finish(.undecided, "reached t_max without meeting loss_tol or grad_tol")
            case .budgetExhausted: return finish(.undecided, "right-hand-side budget exhausted")
            case .stepTooSmall: return finish(.undecided, "step size underflow")
            case .stoppedByObserver: continue
            }
        }
        return finish(.undecided, "reached t_max")
    }

    /// A crossing of `z_ik = 0`: slide if the field on both sides points at the
    /// surface, else continue on the side the motion goes to.
    func decide(_ pattern: inout ActivationPattern, _ theta: [Double], sample i: Int, neuron k: Int, report: inout FlowReport) {
        let p = problem
        let before = pattern[i, k]
        let inputNorm = p.inputSquaredNorm(sample: i).squareRoot()
        /// ż_ik with the pair switched to `state`, and the size of neuron k's input-side field.
        func rate(_ state: Int8) -> (rate: Double, size: Double) {
            var trial = pattern
            trial[i, k] = state
            report.rightHandSideEvaluations += 1
            let field = p.field(theta, pattern: trial).field
            var size = p.hiddenBias ? field[p.b1Offset + k] * field[p.b1Offset + k] : 0
            for j in 0..<p.d { size += field[p.w1Offset + k * p.d + j] * field[p.w1Offset + k * p.d + j] }
            return (p.preactivationRate(field, sample: i, neuron: k), size.squareRoot())
        }
        let (up, upSize) = rate(1)
        let down: Double, downSize: Double
        if (0..<p.samples).allSatisfy({ $0 == i || pattern[$0, k] != 0 }) {
            // No other sliding pair on neuron k, so no multiplier re-optimises:
            // on the kink f does not depend on σ'(z_ik), and switching the pair from
            // σ' = 1 to γ adds (1 − γ)(r_i·v_k)/n ‖x̃_i‖² to ż_ik (SPEC §9.2a).
            let change = (1 - p.slope) * p.backPropagated(theta, pattern: pattern, sample: i, neuron: k)
            down = up + change
            downSize = upSize + abs(change) / max(inputNorm, .leastNormalMagnitude)
        } else {
            (down, downSize) = rate(-1)
        }
        // Rates below rounding noise count as 0: e.g. when a_k = 0 every z_ik is 0
        // and every ż_ik is a sum of cancelling terms (the obstructed toy ends there).
        let noise = 1e-10 * inputNorm * max(upSize, downSize)
        if up <= noise && down >= -noise {
            // Both sides push towards the surface (or move along it): slide.
            pattern[i, k] = 0
            report.slidingEntries += 1
        } else if up > noise && down < -noise {
            pattern[i, k] = before > 0 ? -1 : 1   // repelling surface: keep crossing in the direction of travel
        } else {
            pattern[i, k] = up > noise ? 1 : -1
        }
        report.switches += 1
    }

    /// Sliding pairs whose multiplier sits at a bound while the field leaves the
    /// surface on that side. Fixing a multiplier at its optimal bound leaves the
    /// minimal-norm problem's optimum unchanged, so the field with the pair
    /// switched to that side is the current field: no extra evaluation.
    func slidingExits(_ pattern: ActivationPattern, field: [Double], multipliers: [Int: Double]) -> [(Int, Int, Int8)] {
        var exits: [(Int, Int, Int8)] = []
        for i in 0..<problem.samples {
            for k in 0..<problem.l where pattern[i, k] == 0 {
                guard let s = multipliers[i * problem.l + k] else { continue }
                let side: Int8
                if s >= 1 - 1e-9 { side = 1 } else if s <= problem.slope + 1e-9 { side = -1 } else { continue }
                let rate = problem.preactivationRate(field, sample: i, neuron: k)
                if (side > 0 && rate > 1e-12) || (side < 0 && rate < -1e-12) { exits.append((i, k, side)) }
            }
        }
        return exits
    }

    /// Least-change projection of each `a_k` onto `{x̃_i·a_k = 0 : (i, k) sliding}`:
    /// remove the component of `a_k` in the span of those rows (orthonormal basis
    /// by Gram–Schmidt, so any number of rows works; if they span everything,
    /// `a_k = 0` and every `z_ik` is exactly 0).
    func projectSlidingPairs(_ theta: inout [Double], _ pattern: ActivationPattern) {
        let p = problem
        let width = p.d + (p.hiddenBias ? 1 : 0)
        func dot(_ u: [Double], _ w: [Double]) -> Double { var sum = 0.0; for i in 0..<u.count { sum += u[i] * w[i] }; return sum }
        for k in 0..<p.l {
            let rows = (0..<p.samples).filter { pattern[$0, k] == 0 }
            if rows.isEmpty { continue }
            var basis: [[Double]] = []
            for i in rows {
                var u = (0..<p.d).map { p.inputs[i * p.d + $0] } + (p.hiddenBias ? [1] : [])
                let original = dot(u, u).squareRoot()
                for _ in 0..<2 { for b in basis { let c = dot(b, u); for j in 0..<width { u[j] -= c * b[j] } } }
                let n = dot(u, u).squareRoot()
                if n > 1e-10 * max(original, 1e-300) { basis.append(u.map { $0 / n }) }
                if basis.count == width { break }
            }
            var a = (0..<p.d).map { theta[p.w1Offset + k * p.d + $0] }
            if p.hiddenBias { a.append(theta[p.b1Offset + k]) }
            if basis.count == width {
                a = [Double](repeating: 0, count: width)
            } else {
                for b in basis { let c = dot(b, a); for j in 0..<width { a[j] -= c * b[j] } }
            }
            for j in 0..<p.d { theta[p.w1Offset + k * p.d + j] = a[j] }
            if p.hiddenBias { theta[p.b1Offset + k] = a[p.d] }
        }
    }
}

extension FlowProblem {
    /// Appends each neuron's `(‖a_k‖, v_k)` (`‖v_k‖` when e ≥ 2) to `paths`.
    public func recordNeurons(_ theta: [Double], into paths: inout [[(a: Double, v: Double)]]) {
        if paths.isEmpty { paths = Array(repeating: [], count: l) }
        for k in 0..<l {
            var a2 = 0.0
            for j in 0..<d { a2 += theta[w1Offset + k * d + j] * theta[w1Offset + k * d + j] }
            if hiddenBias { a2 += theta[b1Offset + k] * theta[b1Offset + k] }
            let v: Double
            if e == 1 { v = theta[w2Offset + k] } else {
                v = (0..<e).reduce(0.0) { $0 + theta[w2Offset + $1 * l + k] * theta[w2Offset + $1 * l + k] }.squareRoot()
            }
            paths[k].append((a2.squareRoot(), v))
        }
    }

    /// `z_ik` at θ.
    func preactivation(_ theta: [Double], sample i: Int, neuron k: Int) -> Double {
        preactivation(sample: i, neuron: k) { theta[$0] }
    }

    /// `z_ik` with θ's coordinates read through `coordinate` (e.g. one
    /// interpolated coordinate at a time, instead of a whole interpolated θ).
    @inline(__always) func preactivation(sample i: Int, neuron k: Int, _ coordinate: (Int) -> Double) -> Double {
        var z = hiddenBias ? coordinate(b1Offset + k) : 0
        for j in 0..<d { z += coordinate(w1Offset + k * d + j) * inputs[i * d + j] }
        return z
    }

    /// `(r_i·v_k)/n · ‖x̃_i‖²` at θ under `pattern` (sliding pairs contribute
    /// σ = 0 to f_i, as in `field`); O(d·l) work for the one sample.
    func backPropagated(_ theta: [Double], pattern: ActivationPattern, sample i: Int, neuron k: Int) -> Double {
        var back = 0.0
        for o in 0..<e {
            var f = outputBias ? theta[b2Offset + o] : 0
            for m in 0..<l where pattern[i, m] != 0 { f += theta[w2Offset + o * l + m] * activate(preactivation(theta, sample: i, neuron: m)) }
            back += residual(f, target: targets[i * e + o]) * theta[w2Offset + o * l + k]
        }
        return back / Double(samples) * inputSquaredNorm(sample: i)
    }

    /// `‖x̃_i‖² = ‖x_i‖² (+ 1 with a hidden bias)`.
    func inputSquaredNorm(sample i: Int) -> Double {
        var norm = hiddenBias ? 1.0 : 0.0
        for j in 0..<d { norm += inputs[i * d + j] * inputs[i * d + j] }
        return norm
    }

    /// `ż_ik = x̃_i · θ̇_{a_k}` for a field θ̇.
    func preactivationRate(_ field: [Double], sample i: Int, neuron k: Int) -> Double {
        var rate = hiddenBias ? field[b1Offset + k] : 0
        for j in 0..<d { rate += field[w1Offset + k * d + j] * inputs[i * d + j] }
        return rate
    }
}

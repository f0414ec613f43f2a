import Symmetry

/// What the verdict rules of SPEC §9.5 look at: a run's state at one moment.
public struct FlowEvidence: Sendable, Equatable {
    /// Where in the run the rules are applied; an `end` always gets a verdict.
    public enum Moment: Sendable, Equatable {
        case start, step, end
    }

    public var moment: Moment
    public var loss: Double
    public var gradientNorm: Double
    /// The first quantity seen as NaN or ±∞, and where (`FlowMonitors.nonFinite`).
    public var nonFinite: String?
    /// The first pathological neuron whose locked output sign has changed
    /// (one hidden layer; any locked coordinate's position in its list deeper).
    public var lockedSignChange: Int?
    /// What changed sign, in words ("output sign of neuron 3", "sign of W3[0, 1]").
    public var lockedSignChangeName: String?
    /// The largest relative invariant drift so far, before projection (SPEC §9.4).
    public var maxRelativeDrift: Double
    /// Whether the run integrates the flow, which conserves every `c_k` (SPEC §2),
    /// so that a locked sign change or drift means a failed integration (SPEC §9.4).
    /// Gradient descent moves `c_k` by `η²(‖∇_a L‖² − ‖∇_v L‖²)` per step: its
    /// drift and sign changes are measured and reported, never a verdict.
    public var conservesInvariants: Bool

    public init(moment: Moment, loss: Double, gradientNorm: Double, nonFinite: String? = nil,
                lockedSignChange: Int? = nil, lockedSignChangeName: String? = nil, maxRelativeDrift: Double = 0,
                conservesInvariants: Bool = true) {
        self.moment = moment
        self.loss = loss
        self.gradientNorm = gradientNorm
        self.nonFinite = nonFinite
        self.lockedSignChange = lockedSignChange
        self.lockedSignChangeName = lockedSignChangeName
        self.maxRelativeDrift = maxRelativeDrift
        self.conservesInvariants = conservesInvariants
    }
}

extension FlowVerdict {
    /// The verdict rules of SPEC §9.5, the same for every method and at every
    /// moment of a run (start, after each step or crossing, end), first match wins:
    /// 1. `invalid`: a value was not finite; or, for a flow, a locked output
    ///    sign changed or the relative drift exceeds `drift_tol` (NaN counts as exceeding);
    /// 2. `reached`: loss ≤ `loss_tol`;
    /// 3. `stalled`: ‖∇L‖ ≤ `grad_tol` (with loss > `loss_tol`, by 2);
    /// 4. `undecided` at the end; nil before it (the run goes on).
    /// Whether a `reached` or `stalled` before the end stops the run is the
    /// caller's choice (`FlowSettings.stopAtVerdict`); `invalid` always stops it.
    public static func judge(_ evidence: FlowEvidence, settings: FlowSettings) -> (verdict: FlowVerdict, reason: String)? {
        if let nonFinite = evidence.nonFinite { return (.invalid, "non-finite values: \(nonFinite)") }
        if evidence.conservesInvariants {
            if let name = evidence.lockedSignChangeName {
                return (.invalid, "the locked \(name) changed (docs/THEORY.md §9.4)")
            }
            if let neuron = evidence.lockedSignChange {
                return (.invalid, "the locked output sign of neuron \(neuron) changed (docs/THEORY.md §9.4)")
            }
            if !(evidence.maxRelativeDrift <= settings.driftTolerance) {
                return (.invalid, "relative invariant drift \(evidence.maxRelativeDrift) > drift_tol")
            }
        }
        let suffix: String
        switch evidence.moment {
        case .start: suffix = " at t = 0"
        case .step: suffix = ""
        case .end: suffix = " at t_max"
        }
        if evidence.loss <= settings.lossTolerance { return (.reached, "loss ≤ loss_tol" + suffix) }
        if evidence.gradientNorm <= settings.gradientTolerance { return (.stalled, "‖∇L‖ ≤ grad_tol with loss > loss_tol" + suffix) }
        if evidence.moment == .end { return (.undecided, "reached t_max without meeting loss_tol or grad_tol") }
        return nil
    }

    /// Whether this verdict agrees with the exact prediction of SPEC §6 (SPEC §9.5).
    /// Topology only forbids reaching the target, so an `obstructed` prediction
    /// agrees with every verdict but `reached`, and a `reachable` one only with
    /// `reached`. nil (no comparison) for an `unknown` prediction and for
    /// `invalid` or `undecided` runs.
    public func agrees(with prediction: ObstructionVerdict) -> Bool? {
        switch (prediction, self) {
        case (.unknown, _), (_, .invalid), (_, .undecided): return nil
        case (.obstructed, let verdict): return verdict != .reached
        case (.reachable, let verdict): return verdict == .reached
        }
    }
}

extension FlowSolution {
    /// SPEC §9.5: a run with NaN or ±∞ in its loss, gradient, parameters or
    /// monitors is `invalid`, whatever its other criteria said, and the reason
    /// says which quantity (a diverged GD run used to report "undecided, drift max 0").
    public mutating func invalidateIfNonFinite() {
        var problems: [String] = []
        if let first = monitors.nonFinite { problems.append(first) }
        if !finalLoss.isFinite { problems.append("the final loss is \(finalLoss)") }
        if !gradientNorm.isFinite { problems.append("the final gradient norm is \(gradientNorm)") }
        if let index = parameters.firstIndex(where: { !$0.isFinite }) {
            let count = parameters.lazy.filter { !$0.isFinite }.count
            problems.append("\(count) final parameter\(count == 1 ? " is" : "s are") not finite (first: index \(index), \(parameters[index]))")
        }
        for (name, value) in [("max drift", monitors.maxDrift), ("max relative drift", monitors.maxRelativeDrift),
                              ("relative drift after projection", monitors.maxRelativeDriftAfterProjection)] where !value.isFinite {
            problems.append("the \(name) is \(value)")
        }
        guard !problems.isEmpty else { return }
        let previous = verdict == .invalid || reason.isEmpty ? "" : " (the other criteria said \(verdict.rawValue): \(reason))"
        verdict = .invalid
        reason = "non-finite values, the run diverged or left binary64's range: " + problems.joined(separator: "; ") + previous
    }
}

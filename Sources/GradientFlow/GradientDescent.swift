/// What the monitors of SPEC §9.4 saw during a run.
public struct FlowMonitors: Sendable, Equatable {
    /// `max_{k,t} |c_k(t) − c_k(0)|` (before any projection); NaN once a drift was NaN.
    public var maxDrift = 0.0
    /// The same relative to `‖a_k(0)‖² + ‖v_k(0)‖²`.
    public var maxRelativeDrift = 0.0
    /// The relative drift left after each orbit projection (SPEC §9.3): what the
    /// trajectory actually carries; rounding level when projection is on, 0 when off.
    public var maxRelativeDriftAfterProjection = 0.0
    /// Pathological neurons (`e = 1`, `c_k(0) < 0`) whose output sign changed: a failed flow (SPEC §9.4).
    public var lockedSignChanges = 0
    /// Neurons whose `c_k` changed sign (possible for GD, never for the flow).
    public var invariantSignFlips = 0
    /// The first quantity seen as NaN or ±∞ (loss, parameters, invariant drift)
    /// and where; nil while everything was finite. Any makes the run `invalid`.
    public var nonFinite: String?

    public init() {}

    /// Records one drift measurement `(max_k |c_k − c_k(0)|, its relative form)`.
    /// `Swift.max(x, .nan)` returns x, so a diverged run would report the last
    /// finite drift (or 0); here NaN and ∞ are kept and remembered.
    public mutating func recordDrift(absolute: Double, relative: Double, at place: @autoclosure () -> String) {
        maxDrift = FlowMonitors.maximum(maxDrift, absolute)
        maxRelativeDrift = FlowMonitors.maximum(maxRelativeDrift, relative)
        if nonFinite == nil && !(absolute.isFinite && relative.isFinite) {
            nonFinite = "the invariant drift is \(absolute.isFinite ? relative : absolute) \(place())"
        }
    }

    /// `max(a, b)`, NaN if either is NaN (IEEE 754 `maximum`, not `maxNum`).
    public static func maximum(_ a: Double, _ b: Double) -> Double {
        a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    }
}

extension FlowReport {
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

/// Plain gradient descent `θ ← θ − η∇L` (optionally with heavy-ball momentum):
/// what practice does. GD is not bound by the conservation law:
/// `c_k(t+1) − c_k(t) = η²(‖∇_{a_k}L‖² − ‖∇_{v_k}L‖²)` (SPEC §2), so the drift and
/// sign flips are measured, never assumed.
extension FlowProblem {
    /// `max_k |c_k(θ) − c_k(0)|` and `max_k |c_k(θ) − c_k(0)| / scale_k` (SPEC §9.4);
    /// NaN when some `c_k(θ)` is NaN (never silently dropped).
    public func drift(_ theta: [Double], from initial: [Double], scale: [Double]) -> (absolute: Double, relative: Double) {
        let c = invariants(theta)
        var absolute = 0.0, relative = 0.0
        for k in 0..<l {
            let drift = abs(c[k] - initial[k])
            absolute = FlowMonitors.maximum(absolute, drift)
            if scale[k] > 0 { relative = FlowMonitors.maximum(relative, drift / scale[k]) }
        }
        return (absolute, relative)
    }
}

public struct GradientDescent: Sendable {
    public let learningRate: Double
    public let momentum: Double

    public init(learningRate: Double, momentum: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public struct Result: Sendable {
        public let parameters: [Double]
        public let loss: Double
        public let gradientNorm: Double
        /// Steps taken: fewer than asked when the run stopped on a non-finite value.
        public let steps: Int
        public let monitors: FlowMonitors
    }

    /// Runs `steps` steps, or stops at the first step whose loss, parameters or
    /// drift is not finite (`monitors.nonFinite` says which): nothing after it is meaningful.
    public func run(_ problem: FlowProblem, from start: [Double], steps: Int) -> Result {
        var theta = start, velocity = [Double](repeating: 0, count: start.count)
        let c0 = problem.invariants(start), scale = problem.squaredNorms(start)
        let pathological = problem.e == 1 ? c0.map { $0 < 0 } : c0.map { _ in false }
        let v0 = (0..<problem.l).map { theta[problem.w2Offset + $0] }
        var signChanged = [Bool](repeating: false, count: problem.l)
        var flipped = [Bool](repeating: false, count: problem.l)
        var monitors = FlowMonitors()
        var (loss, gradient) = problem.lossAndGradient(theta)
        var taken = 0
        if !loss.isFinite { monitors.nonFinite = "the loss is \(loss) at the initial point" }
        while taken < steps && monitors.nonFinite == nil {
            for index in theta.indices {
                velocity[index] = momentum * velocity[index] - learningRate * gradient[index]
                theta[index] += velocity[index]
            }
            taken += 1
            if let index = theta.firstIndex(where: { !$0.isFinite }) {
                monitors.nonFinite = "parameter \(index) is \(theta[index]) after step \(taken)"
            }
            let c = problem.invariants(theta)
            var absolute = 0.0, relative = 0.0
            for k in 0..<problem.l {
                let drift = abs(c[k] - c0[k])
                absolute = FlowMonitors.maximum(absolute, drift)
                if scale[k] > 0 { relative = FlowMonitors.maximum(relative, drift / scale[k]) }
                if (c[k] > 0) != (c0[k] > 0) || (c[k] < 0) != (c0[k] < 0) { flipped[k] = true }
                if problem.e == 1 {
                    let v = theta[problem.w2Offset + k]
                    if (v > 0) != (v0[k] > 0) || (v < 0) != (v0[k] < 0) { signChanged[k] = true }
                }
            }
            monitors.recordDrift(absolute: absolute, relative: relative, at: "after step \(taken)")
            (loss, gradient) = problem.lossAndGradient(theta)
            if monitors.nonFinite == nil && !loss.isFinite { monitors.nonFinite = "the loss is \(loss) after step \(taken)" }
        }
        monitors.lockedSignChanges = (0..<problem.l).filter { pathological[$0] && signChanged[$0] }.count
        monitors.invariantSignFlips = flipped.filter { $0 }.count
        let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return Result(parameters: theta, loss: loss, gradientNorm: norm, steps: taken, monitors: monitors)
    }
}

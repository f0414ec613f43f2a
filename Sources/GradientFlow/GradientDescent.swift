/// What the monitors of SPEC §9.4 saw during a run.
public struct FlowMonitors: Sendable, Equatable {
    /// `max_{k,t} |c_k(t) − c_k(0)|` (before any projection).
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
}

/// Plain gradient descent `θ ← θ − η∇L` (optionally with heavy-ball momentum):
/// what practice does. GD is not bound by the conservation law:
/// `c_k(t+1) − c_k(t) = η²(‖∇_{a_k}L‖² − ‖∇_{v_k}L‖²)` (SPEC §2), so the drift and
/// sign flips are measured, never assumed.
extension FlowProblem {
    /// `max_k |c_k(θ) − c_k(0)|` and `max_k |c_k(θ) − c_k(0)| / scale_k` (SPEC §9.4).
    public func drift(_ theta: [Double], from initial: [Double], scale: [Double]) -> (absolute: Double, relative: Double) {
        let c = invariants(theta)
        var absolute = 0.0, relative = 0.0
        for k in 0..<l {
            let drift = abs(c[k] - initial[k])
            absolute = max(absolute, drift)
            if scale[k] > 0 { relative = max(relative, drift / scale[k]) }
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
        public let steps: Int
        public let monitors: FlowMonitors
    }

    public func run(_ problem: FlowProblem, from start: [Double], steps: Int) -> Result {
        var theta = start, velocity = [Double](repeating: 0, count: start.count)
        let c0 = problem.invariants(start), scale = problem.squaredNorms(start)
        let pathological = problem.e == 1 ? c0.map { $0 < 0 } : c0.map { _ in false }
        let v0 = (0..<problem.l).map { theta[problem.w2Offset + $0] }
        var signChanged = [Bool](repeating: false, count: problem.l)
        var flipped = [Bool](repeating: false, count: problem.l)
        var monitors = FlowMonitors()
        var (loss, gradient) = problem.lossAndGradient(theta)
        for _ in 0..<steps {
            for index in theta.indices {
                velocity[index] = momentum * velocity[index] - learningRate * gradient[index]
                theta[index] += velocity[index]
            }
            let c = problem.invariants(theta)
            for k in 0..<problem.l {
                let drift = abs(c[k] - c0[k])
                monitors.maxDrift = max(monitors.maxDrift, drift)
                if scale[k] > 0 { monitors.maxRelativeDrift = max(monitors.maxRelativeDrift, drift / scale[k]) }
                if (c[k] > 0) != (c0[k] > 0) || (c[k] < 0) != (c0[k] < 0) { flipped[k] = true }
                if problem.e == 1 {
                    let v = theta[problem.w2Offset + k]
                    if (v > 0) != (v0[k] > 0) || (v < 0) != (v0[k] < 0) { signChanged[k] = true }
                }
            }
            (loss, gradient) = problem.lossAndGradient(theta)
        }
        monitors.lockedSignChanges = (0..<problem.l).filter { pathological[$0] && signChanged[$0] }.count
        monitors.invariantSignFlips = flipped.filter { $0 }.count
        let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return Result(parameters: theta, loss: loss, gradientNorm: norm, steps: steps, monitors: monitors)
    }
}

/// Plain gradient descent `θ ← θ − η∇L`, optionally with heavy-ball momentum
/// (`v ← μv − η∇L`, `θ ← θ + v`): what practice does (SPEC §9.2). GD is not
/// bound by the conservation law: `c_k(t+1) − c_k(t) = η²(‖∇_{a_k}L‖² − ‖∇_{v_k}L‖²)`
/// (SPEC §2), so the drift and sign flips are measured, never assumed, and
/// are no verdict. Step n is at `t = n·η`; `tMax / η` steps (rounded, at least one).
public struct GradientDescent: FlowStepper {
    public typealias Failure = Never
    public let learningRate: Double
    public let momentum: Double
    public var dynamics: FlowDynamics { .gradientDescent }

    public init(learningRate: Double, momentum: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// The number of steps for a horizon.
    public func steps(toReach tMax: Double) -> Int { max(1, Int((tMax / learningRate).rounded())) }

    public mutating func integrateStretch<Problem: FlowModel>(_ session: FlowSession<Problem>) -> FlowStretchEnd {
        var theta = session.theta, velocity = [Double](repeating: 0, count: theta.count)
        var field = session.evaluate(theta).field   // −∇L, evaluated by the session at the start
        for step in 1...steps(toReach: session.settings.tMax) {
            for index in theta.indices {
                velocity[index] = momentum * velocity[index] + learningRate * field[index]
                theta[index] += velocity[index]
            }
            let time = Double(step) * learningRate
            if session.afterStep(&theta, at: time, projection: .never) == .stop {
                return FlowStretchEnd(t: time, state: theta, reason: .stopped)
            }
            field = session.evaluate(theta).field
        }
        return FlowStretchEnd(t: session.t, state: theta, reason: .reachedEnd)
    }
}

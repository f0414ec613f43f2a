/// One way of advancing a flow session: Dormand–Prince (`DormandPrinceStepper`),
/// CVODE (`CVODEStepper`) or gradient descent (`GradientDescent`).
///
/// A stepper integrates one stretch at a time: from the session's `(t, θ)`
/// with its activation pattern frozen, calling `session.afterStep` after every
/// accepted step, until a crossing, the end of the horizon, or a decision of
/// the session. `FlowRunner.run` is the one loop around it.
public protocol FlowStepper {
    associatedtype Failure: Error
    /// What one evaluation computes.
    var dynamics: FlowDynamics { get }
    mutating func integrateStretch<Problem: FlowModel>(_ session: FlowSession<Problem>) throws(Failure) -> FlowStretchEnd
}

/// Why a stretch ended, and where.
public struct FlowStretchEnd: Sendable {
    public enum Reason: Sendable {
        /// These pairs cross their kinks at `t` (located by the stepper, which projects as said).
        case crossing([(sample: Int, neuron: Int)], projection: StepProjection)
        /// `afterStep` said `.exits`, `.stop` or `.restart`.
        case exits, stopped, restart
        /// The horizon `tMax` is reached.
        case reachedEnd
        case budgetExhausted
        case stepTooSmall
        /// The solver failed; the message says how.
        case failed(String)
    }
    public let t: Double
    public let state: [Double]
    public let reason: Reason

    public init(t: Double, state: [Double], reason: Reason) {
        self.t = t
        self.state = state
        self.reason = reason
    }
}

/// One recorded point of a flow run (an accepted step or a crossing), as
/// reported to a progress observer.
public struct FlowStep: Sendable {
    public let t: Double, loss: Double
    /// ‖∇L‖ at this point (the norm of the minimal-norm field for the flow).
    public let gradientNorm: Double
    /// Right-hand-side evaluations so far (`FlowStatistics.evaluations`).
    public let evaluations: Int
    /// θ after the projections.
    public let parameters: [Double]
}

/// One recorded point of a flow run (an accepted step or a crossing), as
/// reported to a progress observer.
public struct FlowStep: Sendable {
    public let t: Double, loss: Double, evaluations: Int
    /// θ after the projections.
    public let parameters: [Double]
}

/// What a flow run cost and how often its activation pattern changed (SPEC §9.4).
public struct FlowStatistics: Sendable, Equatable {
    /// Right-hand-side evaluations: the field (gradient descent: loss and gradient)
    /// evaluations a stepper asked for, CVODE's difference-quotient Jacobian
    /// columns, the one at t = 0 and those of the side decisions at crossings.
    /// Not counted: evaluations for the monitors alone (after each CVODE step,
    /// for the loss and the sliding exits) and for the final report.
    public var evaluations = 0
    /// Accepted steps; a step cut at a crossing counts as one.
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
    /// Field evaluations in which some sample had kink pairs in two or more
    /// hidden layers at once: the multilinear case of SPEC §13.8 (safeguarded
    /// Gauss–Newton over the multipliers, Notes/DESIGN.md); and the most
    /// such samples in one evaluation. Always 0 with one hidden layer.
    public var multilayerSlidingEvaluations = 0
    public var multilayerSlidingSamples = 0

    public init() {}
}

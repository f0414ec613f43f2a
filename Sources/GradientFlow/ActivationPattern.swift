/// The side of its kink one (sample, neuron) pair is on (SPEC §9.2a).
public enum ActivationState: Int8, Sendable {
    /// `z_ik < 0` side: σ' = γ.
    case inactive = -1
    /// On the kink `z_ik = 0`, σ' chosen in [γ, 1] by the minimal-norm rule.
    case sliding = 0
    /// `z_ik > 0` side: σ' = 1.
    case active = 1

    /// The side a pre-activation `z` is on (zero counts as inactive).
    public init(preactivation z: Double) { self = z > 0 ? .active : .inactive }

    /// Whether a pair in this state is on the wrong side for `z` (strictly:
    /// a pair exactly on `z = 0`, put there at a crossing, has not crossed).
    public func isCrossed(by z: Double) -> Bool {
        (self == .active && z < 0) || (self == .inactive && z > 0)
    }
}

/// The activation state of every (sample, neuron) pair during a flow.
public struct ActivationPattern: Sendable, Equatable {
    public var states: [ActivationState]   // n × l, row-major
    public let samples: Int, l: Int

    /// The pattern read off the signs of z (zero counts as inactive).
    public init(_ problem: FlowProblem, _ theta: [Double]) {
        samples = problem.samples
        l = problem.l
        states = problem.preactivations(theta).map(ActivationState.init(preactivation:))
    }

    public subscript(i: Int, k: Int) -> ActivationState {
        get { states[i * l + k] }
        set { states[i * l + k] = newValue }
    }

    public var slidingPairs: Int { states.lazy.filter { $0 == .sliding }.count }
}

/// The activation state of every (sample, neuron) pair during a flow:
/// `+1` active (σ' = 1), `−1` inactive (σ' = γ), `0` sliding on the kink
/// `z_ik = 0` (σ' chosen in [γ, 1] by the minimal-norm rule of SPEC §9.2a).
public struct ActivationPattern: Sendable, Equatable {
    public var states: [Int8]   // n × l, row-major
    public let samples: Int, l: Int

    /// The pattern read off the signs of z (zero counts as inactive).
    public init(_ problem: FlowProblem, _ theta: [Double]) {
        samples = problem.samples
        l = problem.l
        states = problem.preactivations(theta).map { $0 > 0 ? 1 : -1 }
    }

    public subscript(i: Int, k: Int) -> Int8 {
        get { states[i * l + k] }
        set { states[i * l + k] = newValue }
    }

    public var slidingPairs: Int { states.lazy.filter { $0 == 0 }.count }
}

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
    /// The states' raw values, n × l row-major (l: every hidden neuron, layer after layer). The field's hot loops read
    /// them as numbers (`state²` is 0 exactly on the kink, a branch-free
    /// factor): comparing enum cases there cost 3% of a breast-cancer flow.
    public private(set) var rawStates: [Int8]
    /// The same states as doubles (−1, 0, 1), kept beside them: the two-layer
    /// field's pass reads them two at a time into vector lanes, where widening
    /// each `Int8` and turning it into masks cost a quarter of that pass's
    /// instructions (Notes/BENCHMARKS.md, "Right-hand side cost").
    public private(set) var signs: [Double]
    /// How many pairs are on their kinks, kept as states change: the session
    /// asks after every step and at every crossing, and counting 18 208 states
    /// each time cost 0.7% of a breast-cancer flow (l = 32).
    public private(set) var slidingPairs: Int
    public let samples: Int, l: Int

    /// The pattern read off the signs of z (zero counts as inactive).
    public init<Problem: FlowModel>(_ problem: Problem, _ theta: [Double]) {
        samples = problem.samples
        l = problem.neurons
        rawStates = problem.preactivations(theta, pattern: nil).map { ActivationState(preactivation: $0).rawValue }
        signs = rawStates.map { Double($0) }
        slidingPairs = 0   // read off signs: none on a kink
    }

    /// Equal states (`signs` and `slidingPairs` follow them).
    public static func == (a: ActivationPattern, b: ActivationPattern) -> Bool {
        a.samples == b.samples && a.l == b.l && a.rawStates == b.rawStates
    }

    /// The state of pair `(i, k)`.
    public subscript(i: Int, k: Int) -> ActivationState {
        get { self[pair: i * l + k] }
        set { self[pair: i * l + k] = newValue }
    }

    /// The state of the pair at row-major index `index` (`i · l + k`).
    public subscript(pair index: Int) -> ActivationState {
        get {
            let raw = rawStates[index]
            return raw > 0 ? .active : raw < 0 ? .inactive : .sliding
        }
        set {
            let onKink = ActivationState.sliding.rawValue
            slidingPairs += (newValue.rawValue == onKink ? 1 : 0) - (rawStates[index] == onKink ? 1 : 0)
            rawStates[index] = newValue.rawValue
            signs[index] = Double(newValue.rawValue)
        }
    }

    /// n · l.
    public var pairs: Int { rawStates.count }

    /// The sliding pairs as (sample, neuron), sample-major: one scan of the raw
    /// states (asked after every step; most patterns have none or a few).
    public var slidingPairList: [(sample: Int, neuron: Int)] {
        guard slidingPairs > 0 else { return [] }
        let onKink = ActivationState.sliding.rawValue
        var list: [(sample: Int, neuron: Int)] = []
        for index in rawStates.indices where rawStates[index] == onKink { list.append((index / l, index % l)) }
        return list
    }
}

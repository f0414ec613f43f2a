/// What a `FlowSession` integrates (SPEC §9, §13.8): the loss and the
/// minimal-norm field of a ReLU network on its data, with the activation
/// pattern frozen, and everything the session's monitors, projections and
/// kink decisions ask of the network. `FlowProblem` (one hidden layer, the
/// SciPy reference's layout) and `DeepFlowProblem` (any depth) conform; the
/// session, the steppers and the runner are the one engine for both.
///
/// Pairs `(sample i, neuron k)` index the activation pattern: `k` runs over
/// every hidden neuron, layer after layer (`neurons` columns).
public protocol FlowModel: Sendable {
    /// Length of θ.
    var dimension: Int { get }
    var samples: Int { get }
    /// Hidden neurons: the pattern's columns (`l` for one hidden layer, `Σ n_h` deeper).
    var neurons: Int { get }
    /// Leaky-ReLU slope γ (0 for ReLU): the lower bound of the kink multipliers.
    var slope: Double { get }
    /// L2 weight decay λ (not on the output bias): `c(t) = c(0)·e^{−2λt}` (SPEC §2).
    var weightDecay: Double { get }
    /// The training setup per coordinate (SPEC §14); nil: plain gradient flow.
    var coordinateLaw: CoordinateLaw? { get }

    /// The field with the pattern frozen: `−g`, `g` the minimal-norm element of
    /// the set-valued gradient at the kinks (SPEC §9.2a, §13.8). `start`: the
    /// multipliers of a nearby evaluation under the same pattern, where an
    /// iterative rule may start (the multilinear case of a deep network).
    func evaluateField(_ theta: [Double], pattern: ActivationPattern, start: [Int: Double]) -> FieldEvaluation
    /// `L(θ)` and `∇L(θ)` with σ'(0) := 0, no pattern (gradient descent).
    func lossAndGradient(_ theta: [Double]) -> (loss: Double, gradient: [Double])
    /// `L(θ)` (with weight decay); one forward pass.
    func lossValue(_ theta: [Double]) -> Double

    /// `c` of every hidden neuron, pattern column order (SPEC §2, §13.2).
    func invariants(_ theta: [Double]) -> [Double]
    /// `‖a‖² + ‖o‖²` per hidden neuron, the scale of the relative drift.
    func squaredNorms(_ theta: [Double]) -> [Double]
    /// A neuron's point `(‖a‖, o)` on its hyperbola `‖a‖² − ‖o‖² = c` for the
    /// trajectory (`o` itself when the output side is one number, else `‖o‖`).
    func neuronPoint(_ theta: [Double], neuron k: Int) -> (a: Double, v: Double)

    /// Pre-activations of every pair, `samples × neurons` row-major: with a
    /// pattern, the network evaluated as the field evaluates it (pairs on a
    /// kink pass 0 on); without, the plain network (a new pattern's signs).
    func preactivations(_ theta: [Double], pattern: ActivationPattern?) -> [Double]
    /// One pair's pre-activation with θ read coordinate by coordinate (a dense
    /// output's interpolant), evaluated as `preactivations` does under `pattern`.
    func preactivation(sample i: Int, neuron k: Int, pattern: ActivationPattern, _ coordinate: (Int) -> Double) -> Double

    /// Puts every sliding pair of `pattern` exactly on its kink (SPEC §9.2a).
    func projectSlidingPairs(_ theta: inout [Double], _ pattern: ActivationPattern)
    /// Restores every `c` to `target` by rescaling along the symmetry orbit
    /// (SPEC §9.3): `f` and the data loss are unchanged.
    func project(_ theta: inout [Double], onto target: [Double])
    /// Sliding pairs whose multiplier sits at a bound while the field leaves the surface on that side.
    func slidingExits(_ theta: [Double], _ pattern: ActivationPattern, field: [Double], multipliers: [Int: Double])
        -> [(sample: Int, neuron: Int, side: ActivationState)]
    /// `ż` of a pair that has just reached its kink, with the pair switched active
    /// and inactive, and the rounding level below which a rate counts as 0.
    func switchingRates(_ theta: [Double], _ pattern: ActivationPattern, sample i: Int, neuron k: Int) -> SwitchingRates

    /// Indices in θ of the coordinates whose sign the flow from `start` can never
    /// change (SPEC §3, §13.3): a flip is a failed integration (SPEC §9.4).
    func lockedCoordinates(_ start: [Double]) -> [Int]
    /// How a verdict names the locked coordinate at θ index `index`: "the locked
    /// \(name) changed" ("output sign of neuron 3", "sign of W3[0, 1]").
    func lockedCoordinateName(_ index: Int) -> String
}

/// One field evaluation (SPEC §9.2a, §13.8).
public struct FieldEvaluation: Sendable {
    public let loss: Double
    /// `−g`.
    public let field: [Double]
    /// Multipliers of the sliding pairs, keyed by pair index `i·neurons + k`.
    public let multipliers: [Int: Double]
    /// Samples with kink pairs in two or more hidden layers at once, where the
    /// set-valued field is multilinear in the multipliers (SPEC §13.8).
    public let multilayerSamples: Int
    /// Pairs `i·neurons + k` on the other side of their kink than the
    /// evaluation's pattern says (`ActivationState.isCrossed`), sample-major,
    /// when the model finds them on the way for free (the two-layer field's pass
    /// over z); nil when not looked for. After a step, the last stage's list
    /// spares the stepper's crossing test a second pass over the pairs.
    public let crossedPairs: [Int]?

    public init(loss: Double, field: [Double], multipliers: [Int: Double], multilayerSamples: Int = 0, crossedPairs: [Int]? = nil) {
        self.loss = loss
        self.field = field
        self.multipliers = multipliers
        self.multilayerSamples = multilayerSamples
        self.crossedPairs = crossedPairs
    }
}

/// `ż` of a pair on its kink with the pair's σ' set to 1 (`up`) and to γ
/// (`down`), and the noise level of such rates (SPEC §9.2a).
public struct SwitchingRates: Sendable {
    public let up: Double, down: Double
    public let noise: Double
    /// Field evaluations spent.
    public let evaluations: Int
    /// The pair's σ' does not enter the field (`∇_θ z = 0`: with no bias, every
    /// neuron below is silent for this sample, so `z = 0` whatever θ does
    /// nearby): it keeps its side.
    public let unaffected: Bool
    /// The fields evaluated for these rates, each with the side the pair was
    /// switched to (pattern otherwise unchanged): when the pair then takes that
    /// side, the session starts the next stretch from it instead of evaluating
    /// the same field again. Empty when the model does not keep them.
    public let fields: [(side: ActivationState, evaluation: FieldEvaluation)]

    public init(up: Double, down: Double, noise: Double, evaluations: Int, unaffected: Bool = false,
                fields: [(side: ActivationState, evaluation: FieldEvaluation)] = []) {
        self.up = up
        self.down = down
        self.noise = noise
        self.evaluations = evaluations
        self.unaffected = unaffected
        self.fields = fields
    }
}

extension FlowModel {
    /// The training setup per coordinate (SPEC §14), nil for plain gradient flow.
    public var coordinateLaw: CoordinateLaw? { nil }

    /// The velocity of a descent step from `∇P`: `−D∇P` under a training setup
    /// (SPEC §14: per-layer rates, multipliers, node scales), else `−∇P`.
    public func descent(_ gradient: [Double]) -> [Double] {
        guard let law = coordinateLaw else { return gradient.map { -$0 } }
        return gradient.indices.map { -law.metric[$0] * gradient[$0] }
    }

    /// The field with no nearby evaluation to start from.
    public func evaluateField(_ theta: [Double], pattern: ActivationPattern) -> FieldEvaluation {
        evaluateField(theta, pattern: pattern, start: [:])
    }

    /// Pairs on the other side of their kink than `pattern` says (strictly: a
    /// pair exactly on `z = 0`, put there at a crossing, has not crossed).
    func crossedPairs(_ theta: [Double], _ pattern: ActivationPattern) -> [(sample: Int, neuron: Int)] {
        let z = preactivations(theta, pattern: pattern)
        let columns = neurons
        var crossed: [(sample: Int, neuron: Int)] = []
        for i in 0..<samples {
            for k in 0..<columns {
                if pattern[i, k].isCrossed(by: z[i * columns + k]) { crossed.append((i, k)) }
            }
        }
        return crossed
    }

    /// The earliest time in `(start, end]` at which one of `crossed` (pairs on
    /// the wrong side of their kinks at `end`) crosses, by bisection on a dense
    /// output read one coordinate at a time, and the pairs crossing then.
    func firstCrossing(_ crossed: [(sample: Int, neuron: Int)], _ pattern: ActivationPattern, from start: Double, to end: Double,
                       coordinate: (Double, Int) -> Double) -> (t: Double, pairs: [(sample: Int, neuron: Int)]) {
        var first = end
        var firstPairs: [(sample: Int, neuron: Int)] = []
        for (i, k) in crossed {
            var low = start, high = end
            let before = pattern[i, k]
            for _ in 0..<48 {
                let mid = 0.5 * (low + high)
                let z = preactivation(sample: i, neuron: k, pattern: pattern) { coordinate(mid, $0) }
                if before.isCrossed(by: z) { high = mid } else { low = mid }
            }
            if high < first - 1e-15 * max(1, abs(first)) { first = high; firstPairs = [(i, k)] }
            else if abs(high - first) <= 1e-15 * max(1, abs(first)) { firstPairs.append((i, k)) }
        }
        return (first, firstPairs)
    }

    /// `max_k |c_k(θ) − target_k|` and the same over `scale_k` (SPEC §9.4);
    /// NaN when some `c_k(θ)` is NaN (never silently dropped).
    public func drift(_ theta: [Double], from target: [Double], scale: [Double]) -> (absolute: Double, relative: Double) {
        let c = invariants(theta)
        var absolute = 0.0, relative = 0.0
        for k in 0..<c.count {
            let drift = abs(c[k] - target[k])
            absolute = FlowMonitors.maximum(absolute, drift)
            if scale[k] > 0 { relative = FlowMonitors.maximum(relative, drift / scale[k]) }
        }
        return (absolute, relative)
    }
}

import ExactNumbers

/// What finite steps did to the conservation law (SPEC §2, §14.5), step by
/// step: the drift of every `c_k` (the law holds for the flow, not for steps),
/// for plain GD the §2 identity `Δc_k = η²(‖∇_{a_k}‖² − ‖∇_{o_k}‖²)` (weighted by
/// the setup's metric) checked against the measured drift, and the largest
/// step with which no locked coordinate can change sign in one plain GD step
/// from the current point: `min |θ_j / u_j|` over the locked `j` whose velocity
/// `u = −D∇P` points towards 0, exact (the quotient of the two binary64 numbers
/// as a rational).
public struct DescentDiagnostics: Sendable {
    /// One step's numbers: the largest `|Δc_k|`, and the largest safe step
    /// at the point the step started from (nil: no locked coordinate moves towards 0).
    public struct Step: Sendable {
        public let step: Int
        public let drift: Double
        public let safeStep: Double?
    }

    public private(set) var steps: [Step] = []
    /// Largest `|Δc_k|` in one step, and the total drift `max_k |c_k(end) − c_k(0)|`.
    public private(set) var largestStepDrift = 0.0
    public private(set) var totalDrift = 0.0
    /// Plain GD only: the largest `|measured Δc_k − η²(‖u_a‖² − ‖u_o‖²)_D|` over
    /// all steps and neurons, relative to the scale `‖a‖² + ‖o‖²` (rounding: ~1e-15).
    public private(set) var largestIdentityGap: Double?
    /// The smallest safe step met along the run, exact and rounded, and the step
    /// (1-based: the step taken from that point) where it was met.
    public private(set) var smallestSafeStep: Rational?
    public private(set) var smallestSafeStepAt: Int?
    /// The first step whose size exceeded the safe step at its start (plain GD).
    public private(set) var firstUnsafeStep: Int?
    /// The first step after which a locked coordinate had left its sign at t = 0.
    public private(set) var firstLockedFlipStep: Int?

    /// `c` at the end of the last recorded step (the start of the next).
    var previous: [Double]?
    let learningRate: Double
    let plain: Bool
    let locked: [Int]
    let lockedSigns: [Double]
    let initialInvariants: [Double]
    /// `c` of a point; `c` is a quadratic form `Q` per neuron, so `Q(u)` of a
    /// velocity is `invariants(u)` and plain GD's `Δc = 2B(θ, ηu) + η²Q(u)` with
    /// `B(θ, u) = 0` (SPEC §2: the law) leaves `η²Q(u)`.
    let invariants: @Sendable ([Double]) -> [Double]
    let scale: @Sendable ([Double]) -> [Double]

    init<Problem: FlowModel>(_ session: FlowSession<Problem>, plain: Bool, learningRate: Double) {
        let problem = session.problem
        self.learningRate = learningRate
        // The identity holds for the data loss; decay adds the linear term −2ημc.
        self.plain = plain && problem.weightDecay == 0 && (problem.coordinateLaw?.decays.allSatisfy { $0 == 0 } ?? true)
        locked = session.locked
        lockedSigns = session.initialLockedValues.map { $0 > 0 ? 1 : -1 }
        initialInvariants = problem.invariants(session.theta)
        invariants = { problem.invariants($0) }
        scale = { problem.squaredNorms($0) }
    }

    /// Records the step from `before` (velocity `field`) to `after`.
    mutating func record(step: Int, before: [Double], field: [Double], after: [Double]) {
        let c0 = previous ?? invariants(before), c1 = invariants(after)
        previous = c1   // the next step starts where this one ended
        var drift = 0.0
        for k in c0.indices { drift = max(drift, abs(c1[k] - c0[k])) }
        largestStepDrift = max(largestStepDrift, drift)
        totalDrift = 0
        for k in c1.indices { totalDrift = max(totalDrift, abs(c1[k] - initialInvariants[k])) }
        if plain {
            let quadratic = invariants(field), sizes = scale(before)
            var gap = largestIdentityGap ?? 0
            for k in c0.indices where sizes[k] > 0 {
                let predicted = learningRate * learningRate * quadratic[k]
                gap = max(gap, abs((c1[k] - c0[k]) - predicted) / sizes[k])
            }
            largestIdentityGap = gap
        }
        let safe = safeStep(before, field)
        if let safe {
            if smallestSafeStep.map({ safe < $0 }) ?? true { (smallestSafeStep, smallestSafeStepAt) = (safe, step) }
            if plain && firstUnsafeStep == nil && Rational(exactly: learningRate).map({ $0 > safe }) == true { firstUnsafeStep = step }
        }
        if firstLockedFlipStep == nil {
            for (position, index) in locked.enumerated() where after[index] * lockedSigns[position] <= 0 && before[index] * lockedSigns[position] > 0 {
                firstLockedFlipStep = step
                break
            }
        }
        steps.append(Step(step: step, drift: drift, safeStep: safe?.doubleValue))
    }

    /// `min |θ_j / u_j|` over the locked `j` with `θ_j u_j < 0`, exact.
    func safeStep(_ theta: [Double], _ field: [Double]) -> Rational? {
        var best: Rational?
        for index in locked where theta[index] * field[index] < 0 {
            guard let value = Rational(exactly: theta[index]), let rate = Rational(exactly: field[index]) else { continue }
            let quotient = (value / rate).magnitude
            if best.map({ quotient < $0 }) ?? true { best = quotient }
        }
        return best
    }
}

/// The one-hidden-layer problem as a `FlowModel`: the session's questions
/// answered with SPEC §9's per-neuron formulas.
extension FlowProblem: FlowModel {
    public var neurons: Int { l }

    public func evaluateField(_ theta: [Double], pattern: ActivationPattern, start: [Int: Double]) -> FieldEvaluation {
        let (loss, field, multipliers) = self.field(theta, pattern: pattern)
        return FieldEvaluation(loss: loss, field: field, multipliers: multipliers)
    }

    public func preactivations(_ theta: [Double], pattern: ActivationPattern?) -> [Double] { preactivations(theta) }

    public func preactivation(sample i: Int, neuron k: Int, pattern: ActivationPattern, _ coordinate: (Int) -> Double) -> Double {
        preactivation(sample: i, neuron: k, coordinate)
    }

    public func slidingExits(_ theta: [Double], _ pattern: ActivationPattern, field: [Double], multipliers: [Int: Double])
        -> [(sample: Int, neuron: Int, side: ActivationState)] {
        slidingExits(pattern, field: field, multipliers: multipliers)
    }

    /// ż_ik with pair (i, k) active and inactive (SPEC §9.2a). When no other pair
    /// of neuron k slides, no multiplier re-optimises: on the kink f does not
    /// depend on σ'(z_ik), and switching the pair from σ' = 1 to γ adds
    /// (1 − γ)(r_i·v_k)/n ‖x̃_i‖² to ż_ik, so one evaluation suffices.
    public func switchingRates(_ theta: [Double], _ pattern: ActivationPattern, sample i: Int, neuron k: Int) -> SwitchingRates {
        let inputNorm = inputSquaredNorm(sample: i).squareRoot()
        var evaluations = 0
        /// ż_ik with the pair switched to `state`, and the size of neuron k's input-side field.
        func rate(_ state: ActivationState) -> (rate: Double, size: Double) {
            var trial = pattern
            trial[i, k] = state
            evaluations += 1
            let field = self.field(theta, pattern: trial).field
            var size = hiddenBias ? field[b1Offset + k] * field[b1Offset + k] : 0
            for j in 0..<d { size += field[w1Offset + k * d + j] * field[w1Offset + k * d + j] }
            return (preactivationRate(field, sample: i, neuron: k), size.squareRoot())
        }
        let (up, upSize) = rate(.active)
        let down: Double, downSize: Double
        if (0..<samples).allSatisfy({ $0 == i || pattern[$0, k] != .sliding }) {
            let change = (1 - slope) * backPropagated(theta, pattern: pattern, sample: i, neuron: k)
            down = up + change
            downSize = upSize + abs(change) / max(inputNorm, .leastNormalMagnitude)
        } else {
            (down, downSize) = rate(.inactive)
        }
        // Rates below rounding noise count as 0: e.g. when a_k = 0 every z_ik is 0
        // and every ż_ik is a sum of cancelling terms (the obstructed toy ends there).
        return SwitchingRates(up: up, down: down, noise: 1e-10 * inputNorm * max(upSize, downSize), evaluations: evaluations)
    }

    /// Pathological neurons (`e = 1`, `c_k(0) < 0`, binary64): their output weights (SPEC §3).
    public func lockedCoordinates(_ start: [Double]) -> [Int] {
        guard e == 1 else { return [] }
        let c = invariants(start)
        return (0..<l).filter { c[$0] < 0 }.map { w2Offset + $0 }
    }

    public func lockedCoordinateName(_ index: Int) -> String { "output sign of neuron \(index - w2Offset)" }
}

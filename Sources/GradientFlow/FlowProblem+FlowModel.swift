/// The one-hidden-layer problem as a `FlowModel`: the session's questions
/// answered with SPEC §9's per-neuron formulas.
extension FlowProblem: FlowModel {
    public var neurons: Int { l }

    public func evaluateField(_ theta: [Double], pattern: ActivationPattern, start: [Int: Double]) -> FieldEvaluation {
        fieldEvaluation(theta, pattern: pattern)
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
    /// (1 − γ)(r_i·v_k)/n ‖x̃_i‖² to ż_ik, so one evaluation suffices. That one
    /// is of the side the pair crosses to (inactive for an active pair, else
    /// active): a pair usually carries on through its kink, and the session
    /// then starts the next stretch from this field (`SwitchingRates.fields`).
    public func switchingRates(_ theta: [Double], _ pattern: ActivationPattern, sample i: Int, neuron k: Int) -> SwitchingRates {
        let inputSquared = inputSquaredNorm(sample: i), inputNorm = inputSquared.squareRoot()
        var evaluations = 0
        var fields: [(side: ActivationState, evaluation: FieldEvaluation)] = []
        /// Neuron k's input side of the field with the pair switched to `state`.
        func inputSide(_ state: ActivationState) -> [Double] {
            var trial = pattern
            trial[i, k] = state
            evaluations += 1
            let evaluation = fieldEvaluation(theta, pattern: trial)
            fields.append((state, evaluation))
            return (0..<d).map { evaluation.field[w1Offset + k * d + $0] } + (hiddenBias ? [evaluation.field[b1Offset + k]] : [])
        }
        /// ż_ik (`x̃_i · side`) and `‖side‖`.
        func rate(_ side: [Double]) -> (rate: Double, size: Double) {
            var rate = hiddenBias ? side[d] : 0, size = hiddenBias ? side[d] * side[d] : 0
            for j in 0..<d {
                rate += side[j] * inputs[i * d + j]
                size += side[j] * side[j]
            }
            return (rate, size.squareRoot())
        }
        let up: Double, upSize: Double, down: Double, downSize: Double
        if (0..<samples).allSatisfy({ $0 == i || pattern[$0, k] != .sliding }) {
            let change = (1 - slope) * backPropagated(theta, pattern: pattern, sample: i, neuron: k)
            if pattern[i, k] == .active {
                // The field with σ' = 1 from the one with γ: a_k's side moves by
                // −(change/‖x̃_i‖²) x̃_i, and nothing else moves.
                let downSide = inputSide(.inactive)
                let shift = inputSquared > 0 ? change / inputSquared : 0   // x̃_i = 0: z_ik ≡ 0, change = 0
                var upSide = downSide
                for j in 0..<d { upSide[j] -= shift * inputs[i * d + j] }
                if hiddenBias { upSide[d] -= shift }
                (up, upSize) = rate(upSide)
                down = rate(downSide).rate
            } else {
                (up, upSize) = rate(inputSide(.active))
                down = up + change
            }
            downSize = upSize + abs(change) / max(inputNorm, .leastNormalMagnitude)
        } else {
            (up, upSize) = rate(inputSide(.active))
            (down, downSize) = rate(inputSide(.inactive))
        }
        // Rates below rounding noise count as 0: e.g. when a_k = 0 every z_ik is 0
        // and every ż_ik is a sum of cancelling terms (the obstructed toy ends there).
        return SwitchingRates(up: up, down: down, noise: 1e-10 * inputNorm * max(upSize, downSize), evaluations: evaluations, fields: fields)
    }

    /// Pathological neurons (`e = 1`, `c_k(0) < 0`, binary64): their output weights (SPEC §3).
    public func lockedCoordinates(_ start: [Double]) -> [Int] {
        guard e == 1 else { return [] }
        let c = invariants(start)
        return (0..<l).filter { c[$0] < 0 }.map { w2Offset + $0 }
    }

    public func lockedCoordinateName(_ index: Int) -> String { "output sign of neuron \(index - w2Offset)" }
}

import Foundation

/// The flow of a network with activation `max(0, z)^p`, `p > 1` (SPEC §14.3),
/// any depth, any setup of SPEC §14. The activation is C¹ (`σ'(0) = 0` from
/// both sides), so the field is continuous: there is no kink, no sliding and
/// no switch to locate. The session still keeps an activation pattern; this
/// problem reports every pair as active, so no pair ever crosses, and the
/// field ignores the pattern. The law is `c = p^{h−1}(‖a‖²/D_h − p‖o‖²/D_{h+1})`
/// (the rescaling `a → αa`, `o → o/α^p` keeps f); that rescaling is not the
/// orbit of SPEC §9.3, so runs are not projected (`FlowExperiment`), and the
/// drift is measured against the law.
public struct PowerReluFlowProblem: Sendable {
    /// The data, the layout, the loss, the setup (`coordinateLaw`) and the locks.
    public var base: DeepFlowProblem
    /// `p > 1`.
    public let power: Double
    /// Per coordinate `p^{h−1}` for the weights and bias of layer h: with
    /// `1/D` the weight of `θ_i²` in the law.
    let layerPower: [Double]

    public init(_ base: DeepFlowProblem, power: Double) {
        self.base = base
        self.power = power
        let layout = base.layout
        var weights = [Double](repeating: 1, count: layout.dimension)
        for h in 1...layout.depth {
            let end = h < layout.depth ? layout.weightOffset[h] : layout.dimension
            for index in layout.weightOffset[h - 1]..<end { weights[index] = pow(power, Double(h - 1)) }
        }
        layerPower = weights
    }

    /// One forward pass: hidden values `max(0, z)^p` and the pre-activations.
    func forward(_ theta: [Double]) -> DeepForward {
        let n = base.samples
        var hidden: [[Double]] = [], pre: [[Double]] = []
        var outputs: [Double] = []
        theta.withUnsafeBufferPointer { t in
            for h in 1..<base.depth {
                let z = h == 1 ? base.inputs.withUnsafeBufferPointer { base.layerProduct($0, layer: h, t) }
                               : hidden[h - 2].withUnsafeBufferPointer { base.layerProduct($0, layer: h, t) }
                pre.append(z)
                hidden.append(z.map { $0 > 0 ? pow($0, power) : 0 })
            }
            outputs = hidden[base.depth - 2].withUnsafeBufferPointer { base.layerProduct($0, layer: base.depth, t) }
        }
        return DeepForward(hidden: hidden, pre: pre, outputs: outputs, states: [Int8](repeating: 1, count: n * base.neurons))
    }

    /// `P(θ)` and `∇P(θ)`: back-propagation with `σ'(z) = p·max(0, z)^{p−1}`.
    public func lossAndGradient(_ theta: [Double]) -> (loss: Double, gradient: [Double]) {
        let pass = forward(theta)
        var (lossValue, residual) = base.loss.lossAndResidual(pass.outputs, targets: base.targets, samples: base.samples)
        let top = base.depth, inverse = 1 / Double(base.samples)
        var gradient = [Double](repeating: 0, count: base.dimension)
        // The top layer: ∇W_L = (1/n) Rᵀ A, B = (1/n) R W_L; the output bias is addBiasAndDecay's (below).
        let scaled = residual.map { $0 * inverse }
        base.accumulateLayerGradient(scaled, layer: top, pass, into: &gradient)
        if base.layout.bias[top - 1] {
            for o in 0..<base.widths[top] { gradient[base.layout.biasOffset[top - 1] + o] = 0 }
        }
        var back = base.propagate(scaled, through: top, theta)
        for h in stride(from: top - 1, through: 1, by: -1) {
            let z = pass.pre[h - 1]
            for index in back.indices { back[index] *= z[index] > 0 ? power * pow(z[index], power - 1) : 0 }
            base.accumulateLayerGradient(back, layer: h, pass, into: &gradient)
            if h > 1 { back = base.propagate(back, through: h, theta) }
        }
        lossValue += base.addBiasAndDecay(&gradient, theta, residual)
        return (lossValue, gradient)
    }
}

extension PowerReluFlowProblem: FlowModel {
    public var dimension: Int { base.dimension }
    public var samples: Int { base.samples }
    public var neurons: Int { base.neurons }
    public var slope: Double { 0 }
    public var weightDecay: Double { base.weightDecay }
    public var coordinateLaw: CoordinateLaw? { base.coordinateLaw }

    public func evaluateField(_ theta: [Double], pattern: ActivationPattern, start: [Int: Double]) -> FieldEvaluation {
        let (loss, gradient) = lossAndGradient(theta)
        return FieldEvaluation(loss: loss, field: descent(gradient), multipliers: [:])
    }

    /// `P(θ)`: one forward pass, no back-propagation (the held-out loss along a run).
    public func lossValue(_ theta: [Double]) -> Double {
        base.loss.lossAndResidual(forward(theta).outputs, targets: base.targets, samples: base.samples).0 + base.decayPenalty(theta)
    }

    /// `θ_i² p^{h−1}/D_i`: the squares the law weighs.
    func square(_ theta: [Double], _ index: Int) -> Double {
        theta[index] * theta[index] * layerPower[index] * (base.coordinateLaw?.inverseMetric[index] ?? 1)
    }

    func sides(_ theta: [Double], outputSign: Double) -> [Double] {
        let layout = base.layout, widths = base.widths
        return (0..<neurons).map { column in
            let (h, k) = base.neuron(column)
            var input = 0.0, output = 0.0
            for j in 0..<widths[h - 1] { input += square(theta, layout.weight(h, k, j)) }
            if layout.bias[h - 1] { input += square(theta, layout.biasOffset[h - 1] + k) }
            for o in 0..<widths[h + 1] { output += square(theta, layout.weight(h + 1, o, k)) }
            return input + outputSign * output
        }
    }

    /// `c_{h,k} = p^{h−1}(‖a‖²/D_h − p‖o‖²/D_{h+1})` (the `p` of the output side is in `layerPower`).
    public func invariants(_ theta: [Double]) -> [Double] { sides(theta, outputSign: -1) }
    public func squaredNorms(_ theta: [Double]) -> [Double] { sides(theta, outputSign: 1) }
    public func neuronPoint(_ theta: [Double], neuron k: Int) -> (a: Double, v: Double) { base.neuronPoint(theta, neuron: k) }

    /// No kinks: every pair reads as active, so none ever crosses.
    public func preactivations(_ theta: [Double], pattern: ActivationPattern?) -> [Double] {
        [Double](repeating: 1, count: samples * neurons)
    }
    public func preactivation(sample i: Int, neuron k: Int, pattern: ActivationPattern, _ coordinate: (Int) -> Double) -> Double { 1 }
    public func projectSlidingPairs(_ theta: inout [Double], _ pattern: ActivationPattern) {}
    /// The rescaling of relu^p is not SPEC §9.3's orbit: nothing is projected.
    public func project(_ theta: inout [Double], onto target: [Double]) {}
    public func slidingExits(_ theta: [Double], _ pattern: ActivationPattern, field: [Double], multipliers: [Int: Double])
        -> [(sample: Int, neuron: Int, side: ActivationState)] { [] }
    public func switchingRates(_ theta: [Double], _ pattern: ActivationPattern, sample i: Int, neuron k: Int) -> SwitchingRates {
        SwitchingRates(up: 0, down: 0, noise: 0, evaluations: 0, unaffected: true)
    }
    public func lockedCoordinates(_ start: [Double]) -> [Int] { base.lockedCoordinates(start) }
    public func lockedCoordinateName(_ index: Int) -> String { base.lockedCoordinateName(index) }
}

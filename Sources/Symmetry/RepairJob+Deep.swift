import ExactNumbers
import InvariantTopology
import ModelIO
import ReluNetwork

/// SPEC §13.7: the repair of a deeper network. Neuron `(h, k)` is scaled by
/// `α = 2^{t·σ_h}`, `σ_h = h(L − h)`: every weight of `W_h` gains
/// `2^{t(L + 1 − 2h)}`, every bias `b_h` gains `2^{t·σ_h}` (`σ_L = 0`: the
/// output bias is untouched), so the function is unchanged bit for bit and a
/// single `t` serves the whole network.
public struct DeepRepairPlan: Sendable {
    /// The smallest `t ≥ 0` that makes every `c' > 0` whose input side is non-zero.
    public let t: Int
    /// `t(L + 1 − 2h)` for `W_h`, `h = 1 … L`.
    public let weightExponents: [Int]
    /// `t·σ_h` for `b_h`.
    public let biasExponents: [Int]
    /// Hidden neurons `(h, k)` whose input side is zero: no rescaling helps.
    public let unrepairable: [FlowPolytopeLocks.Neuron]

    /// For `c'(t) = A·4^{t·a} + B·4^{t·σ} − C·4^{t(a − 2)}` (weights², bias², output side²
    /// of a neuron of layer h, `a = L + 1 − 2h`): the sign of `c'` is that of
    /// `A·4^{2t} + B·4^{t(σ − a + 2)} − C`, increasing in t, so each neuron has a
    /// smallest t and the plan takes the largest of them.
    public static func plan(_ network: LayeredNetwork, invariants: [[NeuronInvariant]]) -> DeepRepairPlan {
        let L = network.depth
        var t = 0
        var unrepairable: [FlowPolytopeLocks.Neuron] = []
        for h in 1..<L {
            let a = L + 1 - 2 * h, sigma = h * (L - h)
            for (k, invariant) in invariants[h - 1].enumerated() {
                if invariant.inputSideIsZero {
                    if !invariant.outputSideIsZero { unrepairable.append(.init(layer: h, index: k)) }
                    continue
                }
                // The squared norms are weighted by the law (SPEC §14); so is the bias part.
                let weight = network.law.layerWeight(h)
                let bias = network.layers[h - 1].bias.map { weight * $0.exactValue(at: k).squared } ?? .zero
                let inputs = (invariant.inputSquaredNorm ?? .zero) - bias, outputs = invariant.outputSquaredNorm ?? .zero
                func positive(_ t: Int) -> Bool {
                    (inputs.timesPowerOfTwo(4 * t) + bias.timesPowerOfTwo(2 * t * (sigma - a + 2)) - outputs).signum > 0
                }
                guard !positive(t) else { continue }
                var high = max(1, t * 2)
                while !positive(high) { high *= 2 }
                var low = t
                while high - low > 1 {
                    let middle = (low + high) / 2
                    if positive(middle) { high = middle } else { low = middle }
                }
                t = high
            }
        }
        return DeepRepairPlan(t: t, weightExponents: (1...L).map { t * (L + 1 - 2 * $0) },
                              biasExponents: (1...L).map { t * $0 * (L - $0) }, unrepairable: unrepairable)
    }
}

extension RepairJob {
    /// What a deep repair did.
    public struct DeepOutcome: Sendable {
        public let plan: DeepRepairPlan
        public let before: DeepTopology
        public let after: DeepTopology
        public let written: LayeredNetwork
        public let widened: [String]
    }

    /// SPEC §13.7 for `network` (read from `modelPath`): rescale, stage in the
    /// input's format, re-read and check exactly (every tensor its scaled value,
    /// every `c' > 0` whose input side is non-zero), then commit.
    public static func runDeep(_ network: LayeredNetwork, modelPath: String, options: ModelReadOptions, output: String,
                               target: Target, inputs: RunInputs) throws -> DeepOutcome {
        let before = try DeepTopology(network: network)
        let plan = DeepRepairPlan.plan(network, invariants: before.invariants)
        var rewritten: [(tensor: Tensor, values: ScaledTensor)] = []
        var scaled: [(weights: ScaledTensor, bias: ScaledTensor?)] = []
        for (index, layer) in network.layers.enumerated() {
            let weights = ScaledTensor(layer.weights) { _ in plan.weightExponents[index] }
            let bias = layer.bias.map { ScaledTensor($0) { _ in plan.biasExponents[index] } }
            scaled.append((weights, bias))
            rewritten.append((layer.weights, weights))
            if let tensor = layer.bias, let bias { rewritten.append((tensor, bias)) }
        }
        func recheck(_ stagedPath: String) throws -> (LayeredNetwork, DeepTopology) {
            let written = try ModelReader.readLayered(path: stagedPath, options: options)
            var exact = written.depth == network.depth
            if exact {
                for (layer, values) in zip(written.layers, scaled) {
                    exact = exact && values.weights.equals(layer.weights) && (values.bias == nil) == (layer.bias == nil)
                    if let bias = values.bias, let tensor = layer.bias { exact = exact && bias.equals(tensor) }
                }
            }
            let after = try DeepTopology(network: written)
            let positive = after.invariants.joined().allSatisfy { $0.inputSideIsZero || $0.c.signum > 0 }
            guard exact && positive else {
                throw OutputError(file: output, reason: "the written model failed its exact re-check (\(exact ? "some c ≤ 0" : "a parameter differs from its rescaled value")); nothing written")
            }
            return (written, after)
        }
        let writer = RepairOutput(modelPath: modelPath, output: output, target: target, inputs: inputs)
        // An .npy directory output must not hold a bias the model does not have.
        let absent = network.layers.indices.filter { network.layers[$0].bias == nil && network.layers[$0].weights.name == "W\($0 + 1)" }.map { "b\($0 + 1)" }
        let (checked, widened) = try writer.write(rewritten, format: network.format, absent: absent, json: {
            ModelWriter.jsonBytes(layers: network.layers.indices.map { index in
                let layer = network.layers[index], n = network.widths[index + 1], m = network.widths[index]
                let rows = (0..<n).map { i in (0..<m).map { scaled[index].weights.rational(i * m + $0) } }
                return (rows, scaled[index].bias.map { bias in (0..<(layer.bias?.values.count ?? 0)).map(bias.rational) })
            }, activation: network.activation)
        }, recheck: recheck)
        return DeepOutcome(plan: plan, before: before, after: checked.1, written: checked.0, widened: widened)
    }
}

import ExactNumbers

extension LayeredNetwork {
    /// `f(x)` in binary64 (SPEC §13.1) for every row of `inputs`, for measuring
    /// changes of the function. Parameters are widened to binary64 once.
    public func evaluate(_ inputs: [[Double]]) -> [[Double]] {
        let slope: Double
        switch activation {
        case .relu: slope = 0
        case .leakyRelu(let gamma): slope = gamma.doubleValue
        }
        let weights = layers.map { layer in layer.weights.binaryValues() ?? (0..<layer.weights.values.count).map { layer.weights.doubleValue(at: $0) } }
        let biases = layers.map { layer in layer.bias.map { bias in (0..<bias.values.count).map { bias.doubleValue(at: $0) } } }
        return inputs.map { x in
            var activity = x
            for (h, w) in weights.enumerated() {
                let n = widths[h + 1], m = widths[h]
                var next = [Double](repeating: 0, count: n)
                if let bias = biases[h] { for i in 0..<n { next[i] = bias[bias.count == 1 ? 0 : i] } }
                for i in 0..<n { for j in 0..<m { next[i] += w[i * m + j] * activity[j] } }
                if h < weights.count - 1 { next = next.map { $0 > 0 ? $0 : slope * $0 } }
                activity = next
            }
            return activity
        }
    }
}

extension LayeredNetwork {
    /// `f(x)` exactly (SPEC §13.1) at rational inputs: stored weights are read
    /// as the exact values they hold, every product and sum is rational.
    /// Costs one rational multiply-add per weight; for the sampled teacher
    /// floor (SPEC §13.5) on a few hundred inputs.
    public func exactOutput(at x: [Rational]) -> [Rational] {
        var budget = Int.max
        return exactOutput(at: x, sizes: nil, budget: &budget) ?? []
    }

    /// The bits of a rational (numerator and denominator), for cost bounds.
    public static func bits(_ value: Rational) -> Int { value.numerator.bitWidth + value.denominator.bitWidth }

    /// How large a layer's exact entries are, for bounding exact evaluation:
    /// the largest entry in bits, and whether every denominator is a power of
    /// two (then sums grow by a few bits; otherwise denominators multiply).
    public struct LayerSize: Sendable {
        public let maximumBits: Int
        public let dyadic: Bool
    }

    /// The sizes of every layer's weights and bias.
    public var layerSizes: [LayerSize] {
        layers.map { layer in
            var bits = 0, dyadic = true
            for tensor in [layer.weights] + (layer.bias.map { [$0] } ?? []) {
                for index in 0..<tensor.values.count {
                    let value = tensor.exactValue(at: index)
                    bits = max(bits, LayeredNetwork.bits(value))
                    let denominator = value.denominator
                    dyadic = dyadic && denominator.trailingZeroBitCount == denominator.bitWidth - 1
                }
            }
            return LayerSize(maximumBits: bits, dyadic: dyadic)
        }
    }

    /// `exactOutput(at:)` within a budget of estimated bit operations: before
    /// each layer its cost is estimated (entries × the bits a sum can reach)
    /// and taken from `budget`; nil, without doing the layer, when it does not fit.
    public func exactOutput(at x: [Rational], sizes: [LayerSize]?, budget: inout Int) -> [Rational]? {
        var activity = x
        for (h, layer) in layers.enumerated() {
            let n = widths[h + 1], m = widths[h]
            if let sizes {
                let activityBits = activity.reduce(0) { max($0, LayeredNetwork.bits($1)) }
                let sumBits = sizes[h].dyadic ? activityBits + sizes[h].maximumBits + 64
                                              : activityBits + m.multipliedReportingOverflow(by: sizes[h].maximumBits).partialValue
                let (cost, overflow) = (n * m).multipliedReportingOverflow(by: sumBits)
                guard !overflow, cost <= budget else { return nil }
                budget -= cost
            }
            var next = [Rational](repeating: .zero, count: n)
            if let bias = layer.bias { for i in 0..<n { next[i] = bias.exactValue(at: bias.values.count == 1 ? 0 : i) } }
            for i in 0..<n {
                var sum = next[i]
                for j in 0..<m where !activity[j].isZero {
                    let w = layer.weights.exactValue(at: i * m + j)
                    if !w.isZero { sum = sum + w * activity[j] }
                }
                next[i] = sum
            }
            if h < layers.count - 1 {
                switch activation {
                case .relu: next = next.map { $0.signum > 0 ? $0 : .zero }
                case .leakyRelu(let gamma): next = next.map { $0.signum > 0 ? $0 : gamma * $0 }
                }
            }
            activity = next
        }
        return activity
    }
}

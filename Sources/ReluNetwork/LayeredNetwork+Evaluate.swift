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
        var activity = x
        for (h, layer) in layers.enumerated() {
            let n = widths[h + 1], m = widths[h]
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

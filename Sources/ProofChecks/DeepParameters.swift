import ExactNumbers

/// The parameters of a deep network in exact rationals (SPEC §13.1):
/// `weights[h−1]` is `W_h` (`n_h × n_{h−1}`, rows first, PyTorch shapes) and
/// `biases[h−1]` is `b_h` or nil. A gradient has the same shape.
public struct DeepParameters: Sendable, Equatable {
    public var weights: [[[Rational]]]
    public var biases: [[Rational]?]

    public init(weights: [[[Rational]]], biases: [[Rational]?]) {
        self.weights = weights
        self.biases = biases
    }

    /// `L`, the number of weight matrices.
    public var depth: Int { weights.count }

    /// `n_0, …, n_L`.
    public var widths: [Int] { [weights.first?.first?.count ?? 0] + weights.map(\.count) }

    /// The zero of the same shape.
    public var zero: DeepParameters {
        DeepParameters(weights: weights.map { $0.map { $0.map { _ in Rational.zero } } },
                       biases: biases.map { $0.map { $0.map { _ in Rational.zero } } })
    }

    /// `self + factor · other`, entry by entry (same shape).
    public func adding(_ other: DeepParameters, times factor: Rational) -> DeepParameters {
        var result = self
        for h in weights.indices {
            for i in weights[h].indices {
                for j in weights[h][i].indices { result.weights[h][i][j] += factor * other.weights[h][i][j] }
            }
            if var bias = result.biases[h], let step = other.biases[h] {
                for i in bias.indices { bias[i] += factor * step[i] }
                result.biases[h] = bias
            }
        }
        return result
    }

    /// `⟨self, other⟩` over every entry.
    public func dot(_ other: DeepParameters) -> Rational {
        var sum = Rational.zero
        for h in weights.indices {
            for i in weights[h].indices {
                for j in weights[h][i].indices { sum += weights[h][i][j] * other.weights[h][i][j] }
            }
            if let bias = biases[h], let second = other.biases[h] {
                for i in bias.indices { sum += bias[i] * second[i] }
            }
        }
        return sum
    }

    /// `⟨a_{h,k}, a'_{h,k}⟩` for hidden neuron `(h, k)` (`1 ≤ h ≤ L−1`): row `k`
    /// of `W_h` with `b_h[k]` (SPEC §13.1's input side).
    public func inputSideProduct(_ other: DeepParameters, layer h: Int, neuron k: Int) -> Rational {
        var sum = Rational.zero
        for j in weights[h - 1][k].indices { sum += weights[h - 1][k][j] * other.weights[h - 1][k][j] }
        if let bias = biases[h - 1], let second = other.biases[h - 1] { sum += bias[k] * second[k] }
        return sum
    }

    /// `⟨o_{h,k}, o'_{h,k}⟩`: column `k` of `W_{h+1}` (SPEC §13.1's output side).
    public func outputSideProduct(_ other: DeepParameters, layer h: Int, neuron k: Int) -> Rational {
        var sum = Rational.zero
        for i in weights[h].indices { sum += weights[h][i][k] * other.weights[h][i][k] }
        return sum
    }

    /// `⟨a, a'⟩ − ⟨o, o'⟩` at every hidden neuron, layer by layer. With
    /// `other = self` these are the invariants `c_{h,k}` (SPEC §13.2); with a
    /// gradient `g` as `other` the conservation defects; `g` with itself gives
    /// `‖∇_a L‖² − ‖∇_o L‖²`.
    public func neuronForms(_ other: DeepParameters) -> [[Rational]] {
        (1..<depth).map { h in
            (0..<weights[h - 1].count).map { k in
                inputSideProduct(other, layer: h, neuron: k) - outputSideProduct(other, layer: h, neuron: k)
            }
        }
    }
}

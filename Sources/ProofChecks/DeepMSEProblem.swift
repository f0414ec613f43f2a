import ExactNumbers

/// MSE on a deep ReLU network in exact rationals (SPEC §13.1, §11.1):
/// `L(θ) = (1/2n) Σ_i ‖f(x_i; θ) − y_i‖²`, `σ(z) = max(z, γz)`. The loss is a
/// polynomial on each activation region, so at rational θ and data the
/// gradient is rational; at a kink (a pre-activation exactly 0) backpropagation
/// uses `σ'(0) = kinkDerivative`, any value (SPEC §13.2: the identity holds for
/// every selection).
///
/// Written for ProofChecks on its own (exact backpropagation, no GradientFlow
/// code): for `L = 2` it is checked against `ExactMSEProblem`.
public struct DeepMSEProblem: Sendable {
    /// `n × d` feature rows and `n × e` targets.
    public var inputs: [[Rational]]
    public var targets: [[Rational]]
    /// Leaky slope `γ` (0 for ReLU).
    public var slope: Rational
    /// `σ'(0)` used by backpropagation.
    public var kinkDerivative: Rational

    public init(inputs: [[Rational]], targets: [[Rational]], slope: Rational = .zero, kinkDerivative: Rational = .zero) {
        self.inputs = inputs
        self.targets = targets
        self.slope = slope
        self.kinkDerivative = kinkDerivative
    }

    /// One sample's forward pass: `pre[h−1]` is `z_h = W_h x_{h−1} + b_h`
    /// (`h = 1 … L`, the last one is `f`), `post[h]` is `x_h` (`post[0] = x`).
    public struct Pass: Sendable {
        public var pre: [[Rational]]
        public var post: [[Rational]]
        public var output: [Rational] { pre.last ?? [] }
    }

    func activate(_ z: Rational) -> Rational { z.signum > 0 ? z : slope * z }

    func derivative(_ z: Rational) -> Rational {
        z.signum > 0 ? Rational(1) : (z.signum < 0 ? slope : kinkDerivative)
    }

    /// The forward pass of `x` (hidden layers activated, the last layer linear).
    public func forward(_ theta: DeepParameters, _ x: [Rational]) -> Pass {
        var post = [x], pre: [[Rational]] = []
        for h in 0..<theta.depth {
            let input = post[h]
            let z = theta.weights[h].enumerated().map { i, row in
                var sum = theta.biases[h]?[i] ?? .zero
                for j in row.indices { sum += row[j] * input[j] }
                return sum
            }
            pre.append(z)
            if h < theta.depth - 1 { post.append(z.map(activate)) }
        }
        return Pass(pre: pre, post: post)
    }

    /// `L(θ)`, exactly.
    public func loss(_ theta: DeepParameters) -> Rational {
        var sum = Rational.zero
        for (x, y) in zip(inputs, targets) {
            let f = forward(theta, x).output
            for c in f.indices { sum += (f[c] - y[c]).squared }
        }
        return sum / Rational(2 * max(inputs.count, 1))
    }

    /// The signs of every hidden pre-activation (sample, layer, neuron): the
    /// activation region of θ (`0` on a kink).
    public func pattern(_ theta: DeepParameters) -> [[[Int]]] {
        inputs.map { x in forward(theta, x).pre.dropLast().map { $0.map(\.signum) } }
    }

    /// `∇L(θ)` by exact backpropagation: `δ_L = (f − y)/n`,
    /// `δ_h = (W_{h+1}ᵀ δ_{h+1}) ⊙ σ'(z_h)`, `∇W_h += δ_h x_{h−1}ᵀ`, `∇b_h += δ_h`.
    public func gradient(_ theta: DeepParameters) -> DeepParameters {
        var gradient = theta.zero
        let inverse = Rational(1) / Rational(max(inputs.count, 1))
        for (x, y) in zip(inputs, targets) {
            let pass = forward(theta, x)
            var delta = zip(pass.output, y).map { ($0 - $1) * inverse }
            for h in stride(from: theta.depth - 1, through: 0, by: -1) {
                let input = pass.post[h]
                for i in delta.indices where !delta[i].isZero {
                    for j in input.indices { gradient.weights[h][i][j] += delta[i] * input[j] }
                    if gradient.biases[h] != nil { gradient.biases[h]?[i] += delta[i] }
                }
                guard h > 0 else { break }
                // Back through W_{h+1} (index h) and σ of layer h.
                delta = (0..<input.count).map { k in
                    var back = Rational.zero
                    for i in delta.indices { back += theta.weights[h][i][k] * delta[i] }
                    return back * derivative(pass.pre[h - 1][k])
                }
            }
        }
        return gradient
    }
}

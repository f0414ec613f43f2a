import Foundation

extension FlowProblem {
    /// Adds `(1/n)Σ r_i` to the output-bias gradient and weight decay `λθ`
    /// (not on the output bias, SPEC §2) to the gradient; returns `λ/2‖θ‖²`.
    func addBiasAndDecay(_ gradient: inout [Double], _ theta: [Double], _ residual: [Double]) -> Double {
        if outputBias {
            let inverse = 1 / Double(samples)
            for i in 0..<samples { for o in 0..<e { gradient[b2Offset + o] += residual[i * e + o] * inverse } }
        }
        return addDecay(&gradient, theta)
    }

    /// Adds weight decay `λθ` (not on the output bias, SPEC §2) to the gradient; returns `λ/2‖θ‖²`.
    func addDecay(_ gradient: inout [Double], _ theta: [Double]) -> Double {
        guard weightDecay != 0 else { return 0 }
        for index in 0..<decayedCount { gradient[index] += weightDecay * theta[index] }
        return decayPenalty(theta)
    }

    /// Parameters under weight decay: everything before the output bias.
    var decayedCount: Int { outputBias ? b2Offset : dimension }

    /// `λ/2 ‖θ‖²` over the decayed parameters.
    func decayPenalty(_ theta: [Double]) -> Double {
        guard weightDecay != 0 else { return 0 }
        var squares = 0.0
        for index in 0..<decayedCount { squares += theta[index] * theta[index] }
        return 0.5 * weightDecay * squares
    }

    /// Pre-activations `z` (`n × l`) and outputs `f` (`n × e`).
    func forward(_ theta: [Double]) -> (z: [Double], f: [Double]) {
        let z = preactivations(theta)
        var f = [Double](repeating: 0, count: samples * e)
        for i in 0..<samples {
            for o in 0..<e {
                var sum = outputBias ? theta[b2Offset + o] : 0
                for k in 0..<l { sum += theta[w2Offset + o * l + k] * activate(z[i * l + k]) }
                f[i * e + o] = sum
            }
        }
        return (z, f)
    }

    /// Pre-activations `z_ik = w_k·x_i + b_k`, `n × l` (`cblas_dgemm` for large problems).
    func preactivations(_ theta: [Double]) -> [Double] {
        samples * d * l >= FlowProblem.blasThreshold ? preactivationsBLAS(theta) : preactivationsLoops(theta)
    }

    /// `preactivations` with plain loops.
    func preactivationsLoops(_ theta: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: samples * l)
        for i in 0..<samples {
            for k in 0..<l {
                var sum = hiddenBias ? theta[b1Offset + k] : 0
                for j in 0..<d { sum += theta[w1Offset + k * d + j] * inputs[i * d + j] }
                z[i * l + k] = sum
            }
        }
        return z
    }

    /// σ(z) = max(z, γz).
    @inline(__always) func activate(_ z: Double) -> Double { z > 0 ? z : slope * z }

    /// σ'(z) with σ'(0) := 0 (SPEC §1).
    @inline(__always) func derivative(_ z: Double) -> Double { z > 0 ? 1 : (z < 0 ? slope : 0) }

    /// Network outputs `f(x_i)`, `n × e`.
    public func outputs(_ theta: [Double]) -> [Double] { forward(theta).f }

    /// Per-sample loss and residual `r = ∂ℓ/∂f` (SPEC §9.1; BCE computed stably).
    func lossAndResidual(_ f: [Double]) -> (Double, [Double]) { loss.lossAndResidual(f, targets: targets, samples: samples) }

    /// `r = ∂ℓ/∂f` for one output value.
    @inline(__always) func residual(_ value: Double, target y: Double) -> Double { loss.residual(value, target: y) }

    /// `L(θ)` including weight decay `λ/2 ‖θ‖²` (not on the output bias); one
    /// forward pass, no gradient.
    public func lossValue(_ theta: [Double]) -> Double {
        lossAndResidual(forward(theta).f).0 + decayPenalty(theta)
    }

    /// `L(θ)` and `∇L(θ)` (SPEC §9.1):
    /// `∇_{v_k} L = (1/n) Σ r_i σ(z_ik)`, `∇_{a_k} L = (1/n) Σ (r_i·v_k) σ'(z_ik) x̃_i`,
    /// plus `λθ` for weight decay.
    public func lossAndGradient(_ theta: [Double]) -> (loss: Double, gradient: [Double]) {
        samples * d * l >= FlowProblem.blasThreshold ? lossAndGradientBLAS(theta) : lossAndGradientLoops(theta)
    }

    /// `lossAndGradient` with plain loops (small problems, and the reference for the BLAS path).
    func lossAndGradientLoops(_ theta: [Double]) -> (loss: Double, gradient: [Double]) {
        let (z, f) = forward(theta)
        var (lossValue, residual) = lossAndResidual(f)
        let inverse = 1 / Double(samples)
        var gradient = [Double](repeating: 0, count: dimension)
        for i in 0..<samples {
            for k in 0..<l {
                let zik = z[i * l + k]
                let h = activate(zik)
                var back = 0.0   // r_i · v_k
                for o in 0..<e {
                    let r = residual[i * e + o]
                    gradient[w2Offset + o * l + k] += r * h * inverse
                    back += r * theta[w2Offset + o * l + k]
                }
                let g = back * derivative(zik) * inverse
                if g != 0 {
                    for j in 0..<d { gradient[w1Offset + k * d + j] += g * inputs[i * d + j] }
                    if hiddenBias { gradient[b1Offset + k] += g }
                }
            }
        }
        lossValue += addBiasAndDecay(&gradient, theta, residual)
        return (lossValue, gradient)
    }
}

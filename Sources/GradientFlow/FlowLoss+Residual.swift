import Foundation

extension FlowLoss {
    /// The mean loss over `samples` and the residuals `r = ∂ℓ/∂f` of outputs `f`
    /// against `targets` (SPEC §9.1; BCE computed stably). Shared by every depth.
    func lossAndResidual(_ f: [Double], targets: [Double], samples: Int) -> (Double, [Double]) {
        var total = 0.0
        var residual = [Double](repeating: 0, count: f.count)
        for index in f.indices {
            let value = f[index], y = targets[index]
            switch self {
            case .mse: total += 0.5 * (value - y) * (value - y)
            // log(1 + e^f) = max(f, 0) + log1p(e^{−|f|}).
            case .bce: total += max(value, 0) + Foundation.log1p(Foundation.exp(-abs(value))) - y * value
            }
            residual[index] = self.residual(value, target: y)
        }
        return (total / Double(samples), residual)
    }

    /// `r = ∂ℓ/∂f` for one output value: `f − y` (MSE), `σ(f) − y` without overflow (BCE).
    @inline(__always) func residual(_ value: Double, target y: Double) -> Double {
        switch self {
        case .mse: return value - y
        case .bce:
            let sigmoid = value >= 0 ? 1 / (1 + Foundation.exp(-value)) : Foundation.exp(value) / (1 + Foundation.exp(value))
            return sigmoid - y
        }
    }
}

import Foundation

extension FlowLoss {
    /// The mean loss over `samples` and the residuals `r = ∂ℓ/∂f` of outputs `f`
    /// against `targets` (SPEC §9.1; BCE computed stably). Shared by every depth.
    func lossAndResidual(_ f: [Double], targets: [Double], samples: Int) -> (Double, [Double]) {
        var total = 0.0
        var residual = [Double](repeating: 0, count: f.count)
        for index in f.indices {
            let (term, r) = termAndResidual(f[index], target: targets[index])
            total += term
            residual[index] = r
        }
        return (total / Double(samples), residual)
    }

    /// One output's loss term and residual: `(f − y)²/2` and `f − y` (MSE);
    /// `log(1 + e^f) − y f` and `σ(f) − y` (BCE), both from one exponential:
    /// `log(1 + e^f) = max(f, 0) + log1p(e^{−|f|})`, and `residual(_:target:)`'s
    /// σ(f) from the same `e^{−|f|}` (its `e^{−f}` for f ≥ 0, `e^{f}` below: the
    /// same numbers, bit for bit, with one call to `exp` fewer).
    @inline(__always) func termAndResidual(_ value: Double, target y: Double) -> (term: Double, residual: Double) {
        switch self {
        case .mse:
            return (0.5 * (value - y) * (value - y), value - y)
        case .bce:
            let small = Foundation.exp(-abs(value))
            return (max(value, 0) + Foundation.log1p(small) - y * value, (value >= 0 ? 1 / (1 + small) : small / (1 + small)) - y)
        }
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

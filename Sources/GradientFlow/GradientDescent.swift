import Foundation

/// Finite-step training as practice does it (SPEC §9.2, §14.5): plain gradient
/// descent `θ ← θ − η∇L`, heavy-ball momentum (`v ← μv − η∇L`, `θ ← θ + v`:
/// PyTorch's SGD with momentum, `buf = μ·buf + ∇L`, `θ −= η·buf`), or Adam
/// (Kingma & Ba, PyTorch's defaults: bias-corrected moments, `ε` outside the
/// root). None is bound by the conservation law: for plain GD
/// `c_k(t+1) − c_k(t) = η²(‖∇_{a_k}L‖² − ‖∇_{o_k}L‖²)` (SPEC §2), and momentum and
/// Adam do not even keep the linear term at 0, so the drift and sign flips are
/// measured, never assumed, and are no verdict (`DescentDiagnostics`). Step n
/// is at `t = n·η`; `tMax / η` steps (rounded, at least one).
///
/// Under a training setup (SPEC §14, `FlowModel.coordinateLaw`) each rule
/// acts on the trained coordinates `ψ = θ/m` with the per-layer rate `η_i`, as
/// an optimiser with one parameter group per layer does.
public struct GradientDescent: FlowStepper {
    public typealias Failure = Never

    /// The update rule.
    public enum Rule: Sendable, Equatable {
        /// Plain GD (`momentum` 0) or heavy-ball momentum.
        case momentum(Double)
        /// Adam with `β1`, `β2`, `ε`.
        case adam(beta1: Double, beta2: Double, epsilon: Double)
    }

    public let learningRate: Double
    public let rule: Rule
    public var dynamics: FlowDynamics { .gradientDescent }

    public init(learningRate: Double, momentum: Double = 0) {
        self.learningRate = learningRate
        rule = .momentum(momentum)
    }

    public init(learningRate: Double, rule: Rule) {
        self.learningRate = learningRate
        self.rule = rule
    }

    /// Heavy-ball momentum μ (0 for plain GD and Adam).
    public var momentum: Double {
        if case .momentum(let value) = rule { return value }
        return 0
    }

    /// The number of steps for a horizon.
    public func steps(toReach tMax: Double) -> Int { max(1, Int((tMax / learningRate).rounded())) }

    public mutating func integrateStretch<Problem: FlowModel>(_ session: FlowSession<Problem>) -> FlowStretchEnd {
        var theta = session.theta
        let count = theta.count
        var first = [Double](repeating: 0, count: count), second = first
        let law = session.problem.coordinateLaw
        var field = session.evaluate(theta).field   // −D∇P, evaluated by the session at the start
        var diagnostics = DescentDiagnostics(session, plain: rule == .momentum(0), learningRate: learningRate)
        for step in 1...steps(toReach: session.settings.tMax) {
            let before = theta
            switch rule {
            case .momentum(let mu):
                for index in 0..<count {
                    first[index] = mu * first[index] + learningRate * field[index]
                    theta[index] += first[index]
                }
            case .adam(let beta1, let beta2, let epsilon):
                let correction1 = 1 - pow(beta1, Double(step)), correction2 = 1 - pow(beta2, Double(step))
                for index in 0..<count {
                    // The trained coordinate's gradient from the field −η m²∇_θP: ∇_ψP = m∇_θP.
                    let rate = law?.rates[index] ?? 1, multiplier = law?.multipliers[index] ?? 1
                    let gradient = -field[index] / (rate * multiplier)
                    first[index] = beta1 * first[index] + (1 - beta1) * gradient
                    second[index] = beta2 * second[index] + (1 - beta2) * gradient * gradient
                    let move = learningRate * rate * (first[index] / correction1) / ((second[index] / correction2).squareRoot() + epsilon)
                    theta[index] -= multiplier * move
                }
            }
            diagnostics.record(step: step, before: before, field: field, after: theta)
            let time = Double(step) * learningRate
            if session.afterStep(&theta, at: time, projection: .never) == .stop {
                session.descent = diagnostics
                return FlowStretchEnd(t: time, state: theta, reason: .stopped)
            }
            field = session.evaluate(theta).field
        }
        session.descent = diagnostics
        return FlowStretchEnd(t: session.t, state: theta, reason: .reachedEnd)
    }
}


/// How a flow run advances (SPEC §9.2): two independent integrators of the
/// flow (three conformances of `FlowStepper`) and plain gradient descent.
public enum FlowMethod: String, Sendable, CaseIterable {
    /// Dormand–Prince 5(4), switches located by bisection on the dense output (`DormandPrinceStepper`).
    case dopri5
    /// CVODE Adams–Moulton, switches located by root finding (`CVODEStepper`).
    case adams
    /// CVODE BDF, switches located by root finding, projection inside CVODE (`CVODEStepper`).
    case bdf
    /// Gradient descent with optional heavy-ball momentum (`GradientDescent`).
    case gd
    /// Heavy-ball momentum (`--momentum`, default 0.9), PyTorch's SGD with momentum (`GradientDescent`).
    case momentum
    /// Adam (`--betas`, `--eps`), full batch (`GradientDescent`).
    case adam

    /// A finite-step method: no verdict about the flow, drift and flips are findings (SPEC §14.5).
    public var isFiniteStep: Bool { self == .gd || self == .momentum || self == .adam }
}

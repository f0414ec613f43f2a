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
}

/// Verdicts of SPEC §9.5: the return code of a flow run. The rules that
/// choose one are in `FlowVerdict+Rules.swift`.
public enum FlowVerdict: String, Sendable, CaseIterable {
    /// loss ≤ loss_tol.
    case reached
    /// ‖∇L‖ ≤ grad_tol with loss > loss_tol.
    case stalled
    /// Time or budget ran out.
    case undecided
    /// A locked sign changed, the invariant drift exceeded drift_tol, or a value was not finite.
    case invalid
}

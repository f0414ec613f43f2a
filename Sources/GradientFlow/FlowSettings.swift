/// Settings of a flow run (SPEC §9).
public struct FlowSettings: Sendable {
    /// The time horizon (gradient descent: number of steps × learning rate).
    public var tMax: Double
    public var relativeTolerance = 1e-6
    public var absoluteTolerance = 1e-9
    public var lossTolerance = 1e-8
    /// On the norm of the minimal-norm field (SPEC §9.2a).
    public var gradientTolerance = 1e-8
    /// On `max_k |c_k(t) − c_k(0)| / (‖a_k(0)‖² + ‖v_k(0)‖²)`, measured after each
    /// step before projection (SPEC §9.4): with projection on it is the local
    /// error of one step (~rtol), so the threshold for `invalid` sits well above it.
    public var driftTolerance = 1e-4
    /// Orbit projection of SPEC §9.3 after each accepted step.
    public var project = true
    /// Right-hand-side evaluations after which an integrator stops (`undecided`).
    public var evaluationBudget = 5_000_000
    /// Stop as soon as a verdict is certain (reached, stalled, invalid); with
    /// false the run continues to `tMax` and the verdict is taken at the end
    /// (`invalid` always stops).
    public var stopAtVerdict = true

    public init(tMax: Double) { self.tMax = tMax }
}

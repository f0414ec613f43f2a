/// What the monitors of SPEC §9.4 saw during a run.
public struct FlowMonitors: Sendable, Equatable {
    /// `max_{k,t} |c_k(t) − c_k(0)|` (before any projection); NaN once a drift was NaN.
    public var maxDrift = 0.0
    /// The same relative to `‖a_k(0)‖² + ‖v_k(0)‖²`.
    public var maxRelativeDrift = 0.0
    /// The relative drift of the state the run carries on with: after the orbit
    /// projection of SPEC §9.3 (rounding level), or, where nothing was projected
    /// (`--no-projection`, gradient descent, Adams between restarts), the drift itself.
    public var maxRelativeDriftAfterProjection = 0.0
    /// Pathological neurons (`e = 1`, `c_k(0) < 0`) whose output sign changed: a failed flow (SPEC §9.4).
    public var lockedSignChanges = 0
    /// Neurons whose `c_k` changed sign (possible for GD, never for the flow).
    public var invariantSignFlips = 0
    /// The first quantity seen as NaN or ±∞ (loss, parameters, invariant drift)
    /// and where; nil while everything was finite. Any makes the run `invalid`.
    public var nonFinite: String?

    public init() {}

    /// Records one drift measurement `(max_k |c_k − c_k(0)|, its relative form)`.
    /// `Swift.max(x, .nan)` returns x, so a diverged run would report the last
    /// finite drift (or 0); here NaN and ∞ are kept and remembered.
    public mutating func recordDrift(absolute: Double, relative: Double, at place: @autoclosure () -> String) {
        maxDrift = FlowMonitors.maximum(maxDrift, absolute)
        maxRelativeDrift = FlowMonitors.maximum(maxRelativeDrift, relative)
        if nonFinite == nil && !(absolute.isFinite && relative.isFinite) {
            nonFinite = "the invariant drift is \(absolute.isFinite ? relative : absolute) \(place())"
        }
    }

    /// `max(a, b)`, NaN if either is NaN (IEEE 754 `maximum`, not `maxNum`).
    public static func maximum(_ a: Double, _ b: Double) -> Double {
        a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    }
}

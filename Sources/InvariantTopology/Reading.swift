/// The two readings of the cone `Q(0)` (SPEC §3). For `c ≠ 0` they agree.
public enum Reading: String, CaseIterable, Sendable {
    /// `Q(0)` as a set: a contractible cone. Statements about the invariant set as a set.
    case topological
    /// The pieces flow lines cannot leave: the punctured cone and the apex.
    case dynamical
}

/// The type of one neuron's quadric `Q(c) = {‖a‖² − ‖v‖² = c}` (SPEC §3).
public enum QuadricKind: String, Sendable {
    /// `c > 0`: `S^{m−1} × R^e`.
    case sphereTimesEuclidean
    /// `c < 0`: `R^m × S^{e−1}`.
    case euclideanTimesSphere
    /// `c = 0`: the cone, contractible.
    case cone

    /// Text such as `S^1 × R^1` for the given sizes.
    public func formula(m: Int, e: Int) -> String {
        switch self {
        case .sphereTimesEuclidean: return "S^\(m - 1)×R^\(e)"
        case .euclideanTimesSphere: return "R^\(m)×S^\(e - 1)"
        case .cone: return "cone"
        }
    }
}

/// Scalars whose sign gradient flow can never change (SPEC §3).
public struct LockedScalars: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `m = 1`: the sign of the single input-side scalar is fixed.
    public static let input = LockedScalars(rawValue: 1)
    /// `e = 1`: the sign of `v_k` is fixed (the paper's pathological neurons when `c < 0`).
    public static let output = LockedScalars(rawValue: 2)

    /// `none`, `input`, `output` or `both` (SPEC §12).
    public var name: String {
        switch (contains(.input), contains(.output)) {
        case (false, false): return "none"
        case (true, false): return "input"
        case (false, true): return "output"
        case (true, true): return "both"
        }
    }

    /// Number of locked scalars.
    public var count: Int { (contains(.input) ? 1 : 0) + (contains(.output) ? 1 : 0) }
}

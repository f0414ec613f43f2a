import ExactNumbers
import ReluNetwork

/// The topology of one neuron's quadric and where its point sits on it (SPEC §3).
public struct NeuronTopology: Sendable {
    public let invariant: NeuronInvariant
    /// `m`: input-side dimension.
    public let m: Int
    /// `e`: output dimension.
    public let e: Int

    public init(invariant: NeuronInvariant, m: Int, e: Int) {
        self.invariant = invariant
        self.m = m
        self.e = e
    }

    /// Sign of `c_k`: -1, 0 or 1.
    public var sign: Int { invariant.c.signum }

    public var quadric: QuadricKind {
        switch sign {
        case 1: return .sphereTimesEuclidean
        case -1: return .euclideanTimesSphere
        default: return .cone
        }
    }

    /// The locked scalars in a reading (SPEC §3): output-locked when `e = 1` and
    /// `c < 0` (or `c = 0` dynamical off the apex); input-locked when `m = 1` and
    /// `c > 0` (or `c = 0` dynamical off the apex).
    public func locked(_ reading: Reading) -> LockedScalars {
        var result: LockedScalars = []
        let zeroDynamicalOffApex = sign == 0 && reading == .dynamical && !invariant.isAtApex
        if e == 1 && (sign < 0 || zeroDynamicalOffApex) { result.insert(.output) }
        if m == 1 && (sign > 0 || zeroDynamicalOffApex) { result.insert(.input) }
        return result
    }

    /// `β₀(Q(c))` in a reading (SPEC §3 table; dynamical `c = 0`:
    /// `(m=1 ? 2 : 1)(e=1 ? 2 : 1) + 1`).
    public func componentCount(_ reading: Reading) -> Int {
        switch (sign, reading) {
        case (1, _): return m == 1 ? 2 : 1
        case (-1, _): return e == 1 ? 2 : 1
        case (_, .topological): return 1
        case (_, .dynamical): return (m == 1 ? 2 : 1) * (e == 1 ? 2 : 1) + 1
        }
    }

    /// Poincaré polynomial of `Q(c)` in a reading (SPEC §3).
    public func poincarePolynomial(_ reading: Reading) -> PoincarePolynomial {
        NeuronTopology.poincarePolynomial(sign: sign, m: m, e: e, reading: reading)
    }

    /// Poincaré polynomial for a sign of `c` and sizes (independent of the point).
    public static func poincarePolynomial(sign: Int, m: Int, e: Int, reading: Reading) -> PoincarePolynomial {
        switch (sign, reading) {
        case (1, _): return .sphere(m - 1)            // S^{m−1} × R^e
        case (-1, _): return .sphere(e - 1)           // R^m × S^{e−1}
        case (_, .topological): return .one           // cone: contractible
        case (_, .dynamical):                         // (S^{m−1} × S^{e−1} × R_{>0}) ⊔ apex
            return (PoincarePolynomial.sphere(m - 1) * PoincarePolynomial.sphere(e - 1)).adding(.one)
        }
    }

    /// This neuron's part of the component label (SPEC §4.3): the sign of each
    /// locked scalar, input before output; `0` for a neuron at the apex in the
    /// dynamical reading.
    public func labelSymbols(_ reading: Reading) -> String {
        if reading == .dynamical && sign == 0 && invariant.isAtApex { return "0" }
        let locked = locked(reading)
        var symbols = ""
        if locked.contains(.input) { symbols += (invariant.inputScalarSign ?? 0) > 0 ? "+" : "-" }
        if locked.contains(.output) { symbols += (invariant.outputScalarSign ?? 0) > 0 ? "+" : "-" }
        return symbols
    }
}

extension PoincarePolynomial {
    /// `self + other`.
    public func adding(_ other: PoincarePolynomial) -> PoincarePolynomial {
        PoincarePolynomial(terms.map { ($0.degree, $0.coefficient) } + other.terms.map { ($0.degree, $0.coefficient) })
    }
}

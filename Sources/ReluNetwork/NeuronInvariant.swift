import ExactNumbers

/// The exact conserved quantity of one hidden neuron and the facts about its
/// point that topology needs (SPEC §2, §3).
public struct NeuronInvariant: Sendable, Equatable {
    /// `c_k = ‖a_k‖² − ‖v_k‖²`, exact (SPEC §2).
    public let c: Rational
    /// `a_k = 0`.
    public let inputSideIsZero: Bool
    /// `v_k = 0`.
    public let outputSideIsZero: Bool
    /// Sign of the single input-side scalar when `m = 1`, else nil (SPEC §3, input lock).
    public let inputScalarSign: Int?
    /// Sign of the single output scalar when `e = 1`, else nil (SPEC §3, output lock).
    public let outputScalarSign: Int?
    /// `‖a_k‖²` and `‖v_k‖²`, exact (nil when built by hand without them).
    public let inputSquaredNorm: Rational?
    public let outputSquaredNorm: Rational?

    public init(c: Rational, inputSideIsZero: Bool, outputSideIsZero: Bool,
                inputScalarSign: Int?, outputScalarSign: Int?,
                inputSquaredNorm: Rational? = nil, outputSquaredNorm: Rational? = nil) {
        self.inputSquaredNorm = inputSquaredNorm
        self.outputSquaredNorm = outputSquaredNorm
        self.c = c
        self.inputSideIsZero = inputSideIsZero
        self.outputSideIsZero = outputSideIsZero
        self.inputScalarSign = inputScalarSign
        self.outputScalarSign = outputScalarSign
    }

    /// The neuron sits at the apex `a = 0, v = 0` of the cone `Q(0)`.
    public var isAtApex: Bool { inputSideIsZero && outputSideIsZero }
}

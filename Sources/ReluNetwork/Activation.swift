import ExactNumbers

/// The hidden activation σ (SPEC §1): ReLU, or leaky ReLU `max(z, γz)` with
/// `0 ≤ γ < 1`. Both are positively homogeneous, which is all the conservation
/// law needs (SPEC §2), so the invariant topology does not depend on γ.
public enum Activation: Sendable, Equatable, CustomStringConvertible {
    case relu
    case leakyRelu(slope: Rational)

    /// Validates `0 ≤ γ < 1`.
    public static func leaky(_ slope: Rational) -> Activation? {
        slope.signum >= 0 && slope < Rational(1) ? .leakyRelu(slope: slope) : nil
    }

    public var description: String {
        switch self {
        case .relu: return "relu"
        case .leakyRelu(let slope): return "leaky_relu(\(slope))"
        }
    }
}

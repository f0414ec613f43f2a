import ExactNumbers

/// The exact values of one parameter tensor, in row-major (C) order.
public enum TensorValues: Sendable {
    /// Values that are finite binary64 numbers (every float16/32/64 and every
    /// integer of magnitude ≤ 2^53 is one, exactly). Each stands for its exact
    /// dyadic rational (SPEC §8).
    case binary64([Double])
    /// Values held as exact rationals (JSON decimals, `"p/q"`, large int64).
    case exact([Rational])
    /// Binary floats left in the memory-mapped file (little-endian, C order).
    case packed(PackedFloatArray)

    public var count: Int {
        switch self {
        case .binary64(let values): return values.count
        case .exact(let values): return values.count
        case .packed(let values): return values.count
        }
    }
}

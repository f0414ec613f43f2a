import ExactNumbers

/// Element types relutopo writes to `.npy` (little-endian).
public enum NpyWriteType: String, Sendable {
    case float16 = "<f2", float32 = "<f4", float64 = "<f8"

    /// The same float type in `.safetensors` terms (one definition of the exact encodings).
    var tensorType: SafetensorsWriteType {
        switch self {
        case .float16: return .float16
        case .float32: return .float32
        case .float64: return .float64
        }
    }

    /// The value as this type, if it is exactly representable (nil otherwise).
    func exactBits(_ value: Rational) -> [UInt8]? {
        let double = value.doubleValue
        guard double.isFinite, Rational(exactly: double) == value else { return nil }
        return tensorType.bits(double)
    }
}

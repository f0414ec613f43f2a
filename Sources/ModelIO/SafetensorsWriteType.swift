import ReluNetwork

/// Float types relutopo writes into `.safetensors` (little-endian).
public enum SafetensorsWriteType: String, Sendable, CaseIterable {
    case bfloat16 = "BF16", float16 = "F16", float32 = "F32", float64 = "F64"

    /// The little-endian bits of `value` in this type, if it is exactly representable.
    func bits(_ value: Double) -> [UInt8]? {
        guard value.isFinite else { return nil }
        switch self {
        case .float64: return withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        case .float32:
            let narrow = Float(value)
            guard Double(narrow) == value else { return nil }
            return withUnsafeBytes(of: narrow.bitPattern.littleEndian) { Array($0) }
        case .float16:
            let narrow = Float16(value)
            guard narrow.isFinite, Double(narrow) == value else { return nil }
            return withUnsafeBytes(of: narrow.bitPattern.littleEndian) { Array($0) }
        case .bfloat16:
            let narrow = Float(value)
            guard Double(narrow) == value, narrow.bitPattern & 0xFFFF == 0 else { return nil }
            return withUnsafeBytes(of: UInt16(narrow.bitPattern >> 16).littleEndian) { Array($0) }
        }
    }

    /// The type to try first for a tensor stored as `type`, then wider ones.
    static func widening(from type: StoredElementType?) -> [SafetensorsWriteType] {
        switch type {
        case .bfloat16?: return [.bfloat16, .float32, .float64]
        case .float16?: return [.float16, .float32, .float64]
        case .float32?: return [.float32, .float64]
        default: return [.float64]
        }
    }
}

/// The element type a tensor had in its file (`.npy` dtype, `.safetensors`
/// dtype), kept so that a writer can write the same type (SPEC §8: every one of
/// them is read exactly).
public enum StoredElementType: Sendable, Equatable {
    /// `bfloat16` exists in `.safetensors` (`BF16`), not in `.npy`.
    case float16, bfloat16, float32, float64
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case bool

    public var byteCount: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .float16, .bfloat16, .int16, .uint16: return 2
        case .float32, .int32, .uint32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }
}

import ReluNetwork

/// Safetensors dtype names (`"F32"`) and the element types they stand for.
public enum SafetensorsArchiveDType {
    /// The dtype name of a stored element type (for messages; nil reads as F64).
    public static func name(of type: StoredElementType?) -> String {
        switch type {
        case .bfloat16?: return "BF16"
        case .float16?: return "F16"
        case .float32?: return "F32"
        case .float64?: return "F64"
        case .int8?: return "I8"
        case .int16?: return "I16"
        case .int32?: return "I32"
        case .int64?: return "I64"
        case .uint8?: return "U8"
        case .uint16?: return "U16"
        case .uint32?: return "U32"
        case .uint64?: return "U64"
        case .bool?: return "BOOL"
        case nil: return "F64"
        }
    }

    /// The element type a dtype name stands for (nil: not supported).
    static func elementType(named dtype: String) -> StoredElementType? {
        switch dtype {
        case "F64": return .float64
        case "F32": return .float32
        case "F16": return .float16
        case "BF16": return .bfloat16
        case "I64": return .int64
        case "I32": return .int32
        case "I16": return .int16
        case "I8": return .int8
        case "U64": return .uint64
        case "U32": return .uint32
        case "U16": return .uint16
        case "U8": return .uint8
        case "BOOL": return .bool
        default: return nil
        }
    }
}

import ExactNumbers
import Foundation

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

/// Writes models in relutopo's input formats, exactly, and atomically.
public enum ModelWriter {
    /// The bytes of a `.npy` file (format 1.0, C order) holding `values`
    /// exactly in `type`, or nil if some value is not representable in it.
    public static func npyBytes(_ values: [Rational], shape: [Int], type: NpyWriteType) -> [UInt8]? {
        var payload: [UInt8] = []
        payload.reserveCapacity(values.count * 8)
        for value in values {
            guard let bits = type.exactBits(value) else { return nil }
            payload.append(contentsOf: bits)
        }
        return npyHeader(shape: shape, type: type) + payload
    }

    /// `.npy` bytes for binary64 values, exactly in `type` (nil if some value does not fit it).
    public static func npyBytes(doubles values: [Double], shape: [Int], type: NpyWriteType) -> [UInt8]? {
        var payload: [UInt8] = []
        payload.reserveCapacity(values.count * 8)
        for value in values {
            guard let bits = type.tensorType.bits(value) else { return nil }
            payload.append(contentsOf: bits)
        }
        return npyHeader(shape: shape, type: type) + payload
    }

    static func npyHeader(shape: [Int], type: NpyWriteType) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(type.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in '\n'.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
    }

    /// The smallest float type (from `preferred` up to float64) that holds every binary64 value exactly.
    public static func npyBytesWidening(doubles values: [Double], shape: [Int], preferred: NpyWriteType) -> (bytes: [UInt8], type: NpyWriteType)? {
        let order: [NpyWriteType] = [.float16, .float32, .float64]
        let start = order.firstIndex(of: preferred) ?? 2
        for type in order[start...] {
            if let bytes = npyBytes(doubles: values, shape: shape, type: type) { return (bytes, type) }
        }
        return nil
    }

    /// The smallest float type (from `preferred` up to float64) that holds every value exactly.
    public static func npyBytesWidening(_ values: [Rational], shape: [Int], preferred: NpyWriteType) -> (bytes: [UInt8], type: NpyWriteType)? {
        let order: [NpyWriteType] = [.float16, .float32, .float64]
        let start = order.firstIndex(of: preferred) ?? 2
        for type in order[start...] {
            if let bytes = npyBytes(values, shape: shape, type: type) { return (bytes, type) }
        }
        return nil
    }

    /// Model JSON (SPEC §12) with every number as an exact `"p/q"` string.
    public static func jsonBytes(w1: [[Rational]], b1: [Rational]?, w2: [[Rational]], b2: [Rational]?, activation: Activation) -> [UInt8] {
        func row(_ values: [Rational]) -> JSONValue { .array(values.map { .string($0.description) }) }
        var members: [(String, JSONValue)] = [("W1", .array(w1.map(row)))]
        if let b1 { members.append(("b1", row(b1))) }
        members.append(("W2", .array(w2.map(row))))
        if let b2 { members.append(("b2", row(b2))) }
        switch activation {
        case .relu: members.append(("activation", .string("relu")))
        case .leakyRelu(let slope): members.append(("activation", .object([("leaky_relu", .string(slope.description))])))
        }
        var bytes = JSONValue.object(members).serializedBytes()
        bytes.append(0x0A)
        return bytes
    }
}

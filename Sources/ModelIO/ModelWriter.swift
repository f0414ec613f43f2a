import ExactNumbers
import Foundation

/// The bytes of models in relutopo's input formats, every value exact (`StagedFile`
/// and `StagedDirectory` write them atomically).
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
}

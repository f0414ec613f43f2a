import ExactNumbers
import Foundation
import ReluNetwork

/// Reader for NumPy's `.npy` format: every element becomes its exact value.
public enum NpyReader {
    /// How a header of a dtype relutopo does not read begins its reason; an
    /// `.npz` passes such arrays over unless a name asks for them.
    static let unsupportedDtype = "unsupported dtype"

    /// Reads the file at `path` as tensor `name`. The file is mapped
    /// (`RegularFile.map`) and its pages are dropped from the resident set after
    /// use (`PackedFloatArray.releasePages`), which keeps a 2 GB `.npy` in bounded memory.
    public static func readTensor(path: String, name: String) throws(ModelInputError) -> Tensor {
        try tensor(from: try RegularFile.map(path), file: path, name: name, fileBacked: true)
    }

    /// Decodes a complete `.npy` image held in `data` (typically memory-mapped).
    /// Little-endian C-order floats stay in `data` as a `PackedFloatArray`;
    /// everything else is decoded to binary64 or exact rationals.
    /// `fileBacked`: `data` is (a slice of) a read-only file mapping from `RegularFile.map`,
    /// whose pages may be dropped after use; never for heap memory.
    public static func tensor(from data: Data, file: String, name: String, fileBacked: Bool = false) throws(ModelInputError) -> Tensor {
        let result: Result<Tensor, ModelInputError> = data.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> Tensor in
                let header = try parseHeader(bytes, file: file, name: name)
                if let packed = packedFormat(header) {
                    let array = PackedFloatArray(storage: data, byteOffset: header.dataOffset, format: packed, count: header.elementCount, fileBacked: fileBacked)
                    if let bad = array.firstNonFinite() { throw nonFinite(array[bad], at: bad, shape: header.shape, file: file, name: name) }
                    return Tensor(name: name, shape: header.shape, values: .packed(array), file: file, storedType: header.elementType)
                }
                let payload = UnsafeRawBufferPointer(rebasing: bytes[header.dataOffset...])
                let values = try decode(payload, header: header, file: file, name: name)
                return Tensor(name: name, shape: header.shape, values: values, file: file, storedType: header.elementType)
            }
        }
        return try result.get()
    }

    /// The packed format for headers whose payload can be used in place.
    static func packedFormat(_ header: NpyHeader) -> PackedFloatArray.Format? {
        guard !header.bigEndian, header.shape.count < 2 || !header.fortranOrder else { return nil }
        switch header.elementType {
        case .float16: return .float16
        case .float32: return .float32
        case .float64: return .float64
        case .bfloat16: return .bfloat16
        default: return nil
        }
    }

    static func nonFinite(_ value: Double, at index: Int, shape: [Int], file: String, name: String) -> ModelInputError {
        let what = value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf")
        return ModelInputError(file: file, tensor: name, index: Tensor.multiIndex(of: index, shape: shape),
                               reason: "\(what) is not a valid parameter (docs/THEORY.md §8)")
    }

    /// Parses magic, version, header length and the header dictionary, and checks
    /// that the data that follows has exactly the size the header promises.
    /// `totalSize`: the size of the whole `.npy` image when `bytes` is only its
    /// beginning (an `.npz` entry peeked at for its shape); the data size is
    /// checked against it.
    public static func parseHeader(_ bytes: UnsafeRawBufferPointer, file: String, name: String, totalSize: Int? = nil) throws(ModelInputError) -> NpyHeader {
        func fail(_ reason: String) -> ModelInputError { ModelInputError(file: file, tensor: name, reason: reason) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.count >= 10 else { throw fail("truncated .npy header (\(bytes.count) bytes)") }
        guard Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(major).\(bytes[7])")
        }
        guard headerLength <= bytes.count - headerStart else {
            throw fail("truncated .npy header (needs \(headerLength) bytes, file has \(bytes.count - headerStart))")
        }
        let text = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let dictionary: [String: PythonLiteral]
        do {
            dictionary = try PythonLiteral.parseDictionary(text)
        } catch {
            throw fail("malformed .npy header: \(error.reason)")
        }
        guard case .string(let descr)? = dictionary["descr"] else {
            throw fail("\(unsupportedDtype) (structured or missing 'descr')")
        }
        guard case .bool(let fortranOrder)? = dictionary["fortran_order"] else {
            throw fail("malformed .npy header: missing 'fortran_order'")
        }
        guard case .tuple(let shape)? = dictionary["shape"] else { throw fail("malformed .npy header: missing 'shape'") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("negative dimension in shape") }
        let descrCharacters = Array(descr)
        guard descrCharacters.count >= 3, let size = Int(String(descrCharacters[2...])),
              let elementType = StoredElementType(kind: descrCharacters[1], size: size) else {
            throw fail("\(unsupportedDtype) '\(descr)' (expected float16/32/64, int8–64, uint8–64 or bool)")
        }
        let bigEndian: Bool
        switch descrCharacters[0] {
        case "<", "|": bigEndian = false
        case ">": bigEndian = elementType.byteCount > 1
        case "=": bigEndian = false  // native order: relutopo runs on little-endian machines
        default: throw fail("unsupported byte order in dtype '\(descr)'")
        }
        var elementCount = 1
        for dimension in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail("shape \(shape) is too large") }
            elementCount = product
        }
        let (byteCount, overflow) = elementCount.multipliedReportingOverflow(by: elementType.byteCount)
        guard !overflow else { throw fail("shape \(shape) is too large") }
        let dataOffset = headerStart + headerLength
        let available = (totalSize ?? bytes.count) - dataOffset
        if available < byteCount {
            throw fail("truncated data: shape \(shape) of \(descr) needs \(byteCount) bytes, file has \(available)")
        }
        if available > byteCount {
            throw fail("\(available - byteCount) bytes after the data that shape \(shape) of \(descr) describes")
        }
        return NpyHeader(elementType: elementType, bigEndian: bigEndian, fortranOrder: fortranOrder,
                         shape: shape, dataOffset: dataOffset, elementCount: elementCount)
    }

    /// Decodes the payload into row-major exact values, rejecting NaN and ±∞.
    static func decode(_ payload: UnsafeRawBufferPointer, header: NpyHeader, file: String, name: String) throws(ModelInputError) -> TensorValues {
        let count = header.elementCount
        let swap = header.bigEndian
        var exact: [Rational]? = nil
        // `target[i]` is the row-major index of the i-th element in file order.
        let target = StorageOrder(shape: header.shape, fortran: header.fortranOrder)
        func load<T: FixedWidthInteger>(_ type: T.Type, _ i: Int) -> T {
            let raw = payload.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
            return swap ? raw.byteSwapped : raw
        }
        /// Fills a fresh array without zero-filling it first; C order is a straight copy.
        func fill(_ convert: (Int) -> Double) -> [Double] {
            [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                if target.isIdentity {
                    for i in 0..<count { buffer[i] = convert(i) }
                } else {
                    for i in 0..<count { buffer[target[i]] = convert(i) }
                }
                initialized = count
            }
        }
        var doubles: [Double] = []
        switch header.elementType {
        case .float64: doubles = fill { Double(bitPattern: load(UInt64.self, $0)) }
        case .float32: doubles = fill { Double(Float(bitPattern: load(UInt32.self, $0))) }
        case .float16: doubles = fill { Double(Float16(bitPattern: load(UInt16.self, $0))) }
        case .bfloat16: doubles = fill { Double(Float(bitPattern: UInt32(load(UInt16.self, $0)) << 16)) }
        case .int8: doubles = fill { Double(load(Int8.self, $0)) }
        case .int16: doubles = fill { Double(load(Int16.self, $0)) }
        case .int32: doubles = fill { Double(load(Int32.self, $0)) }
        case .uint8: doubles = fill { Double(load(UInt8.self, $0)) }
        // NumPy and PyTorch read every non-zero byte of a bool as True.
        case .bool: doubles = fill { load(UInt8.self, $0) == 0 ? 0 : 1 }
        case .uint16: doubles = fill { Double(load(UInt16.self, $0)) }
        case .uint32: doubles = fill { Double(load(UInt32.self, $0)) }
        case .int64:
            // Integers beyond 2^53 are not all binary64 numbers: keep them as rationals.
            let values = (0..<count).map { load(Int64.self, $0) }
            if values.allSatisfy({ $0.magnitude <= 1 << 53 }) {
                doubles = fill { Double(values[$0]) }
            } else {
                var rationals = [Rational](repeating: .zero, count: count)
                for i in 0..<count { rationals[target[i]] = Rational(Int(values[i])) }
                exact = rationals
            }
        case .uint64:
            let values = (0..<count).map { load(UInt64.self, $0) }
            if values.allSatisfy({ $0 <= 1 << 53 }) {
                doubles = fill { Double(values[$0]) }
            } else {
                var rationals = [Rational](repeating: .zero, count: count)
                for i in 0..<count { rationals[target[i]] = Rational(BigInt(values[i])) }
                exact = rationals
            }
        }
        if let exact { return .exact(exact) }
        if let bad = doubles.firstIndex(where: { !$0.isFinite }) {
            throw nonFinite(doubles[bad], at: bad, shape: header.shape, file: file, name: name)
        }
        return .binary64(doubles)
    }
}

import Foundation
import JSONDocument
import ReluNetwork

/// Hugging Face `.safetensors` (what `safetensors.torch.save_file(model.state_dict(), …)`
/// writes): an 8-byte little-endian header length, a JSON header
/// `{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}`,
/// then the raw little-endian data. Floats are used in place (memory-mapped).
struct SafetensorsArchive: TensorArchive {
    let file: String
    let data: Data
    let catalogue: [(name: String, shape: [Int])]
    let records: [String: (type: StoredElementType, shape: [Int], count: Int, begin: Int, end: Int)]
    /// Each tensor's dtype as written (`"F32"`), and the `__metadata__` object, for rewriting.
    let dtypeNames: [String: String]
    let metadata: JSONValue?
    /// Length of the JSON header; tensor data start at `8 + headerLength`.
    let headerLength: Int

    static let maximumHeader = 100 << 20

    /// Whether `data` is a file mapping (packed tensors then release their pages after use).
    let fileBacked: Bool

    init(path: String) throws(ModelInputError) {
        try self.init(data: try RegularFile.map(path), file: path, fileBacked: true)
    }

    init(data: Data, file path: String, fileBacked: Bool = false) throws(ModelInputError) {
        file = path
        self.data = data
        self.fileBacked = fileBacked
        func fail(_ reason: String, tensor: String? = nil) -> ModelInputError {
            ModelInputError(file: path, tensor: tensor, reason: "not a readable .safetensors file: " + reason)
        }
        guard data.count >= 8 else { throw fail("shorter than its 8-byte header length (\(data.count) bytes)") }
        let length = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length <= UInt64(SafetensorsArchive.maximumHeader) else { throw fail("header length \(length) is larger than 100 MiB") }
        // `length` ≤ 100 MiB: the conversion and the sums below cannot overflow.
        guard Int(length) <= data.count - 8 else { throw fail("header length \(length) runs past the end of the file (\(data.count) bytes; truncated?)") }
        let headerBytes = [UInt8](data[(data.startIndex + 8)..<(data.startIndex + 8 + Int(length))])
        let header: JSONValue
        do { header = try JSONValue.parse(headerBytes) } catch { throw fail("header: \(error.description)") }
        guard case .object(let members) = header else { throw fail("the header is not a JSON object") }
        let payload = data.count - 8 - Int(length)
        var catalogue: [(name: String, shape: [Int])] = []
        var records: [String: (type: StoredElementType, shape: [Int], count: Int, begin: Int, end: Int)] = [:]
        var spans: [(Int, Int, String)] = []
        var dtypeNames: [String: String] = [:]
        for (name, value) in members where name != "__metadata__" {
            guard records[name] == nil else { throw fail("two tensors named \(name)", tensor: name) }
            guard case .string(let dtype)? = value["dtype"] else { throw fail("no dtype", tensor: name) }
            guard let type = SafetensorsArchiveDType.elementType(named: dtype) else {
                throw fail("dtype \(dtype) is not supported (F16, BF16, F32, F64, I8–I64, U8–U64, BOOL)", tensor: name)
            }
            guard case .array(let shapeValues)? = value["shape"] else { throw fail("no shape", tensor: name) }
            var shape: [Int] = []
            for dimension in shapeValues {
                guard case .number(let text) = dimension, let size = Int(text), size >= 0 else { throw fail("shape \(JSONValue.array(shapeValues).serialized()) is not a list of sizes", tensor: name) }
                shape.append(size)
            }
            guard case .array(let offsets)? = value["data_offsets"], offsets.count == 2,
                  case .number(let beginText) = offsets[0], case .number(let endText) = offsets[1],
                  let begin = Int(beginText), let end = Int(endText), begin >= 0, begin <= end, end <= payload
            else { throw fail("data_offsets missing or outside the \(payload) data bytes", tensor: name) }
            var count = 1
            for size in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow else { throw fail("shape \(shape) is too large", tensor: name) }
                count = product
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: type.byteCount)
            guard !overflow, bytes == end - begin else {
                throw fail("shape \(shape) of \(dtype) needs \(overflow ? "too many" : String(bytes)) bytes, data_offsets give \(end - begin)", tensor: name)
            }
            records[name] = (type, shape, count, begin, end)
            dtypeNames[name] = dtype
            catalogue.append((name, shape))
            spans.append((begin, end, name))
        }
        guard !catalogue.isEmpty else { throw fail("no tensors") }
        spans.sort { $0.0 < $1.0 }
        for (left, right) in zip(spans, spans.dropFirst()) where right.0 < left.1 {
            throw fail("tensors \(left.2) and \(right.2) overlap")
        }
        self.catalogue = catalogue
        self.records = records
        self.dtypeNames = dtypeNames
        self.metadata = header["__metadata__"]
        headerLength = Int(length)
    }

    /// A tensor's bytes as stored.
    func rawBytes(_ name: String) -> [UInt8] {
        guard let record = records[name] else { return [] }
        let start = data.startIndex + 8 + headerLength
        return [UInt8](data[(start + record.begin)..<(start + record.end)])
    }

    func tensor(named name: String) throws(ModelInputError) -> Tensor {
        guard let record = records[name] else { throw ModelInputError(file: file, tensor: name, reason: "no tensor named \(name)") }
        let start = data.startIndex + 8 + headerLength
        let slice = data[(start + record.begin)..<(start + record.end)]
        let header = NpyHeader(elementType: record.type, bigEndian: false, fortranOrder: false, shape: record.shape,
                               dataOffset: 0, elementCount: record.count)
        if let packed = NpyReader.packedFormat(header) {
            let array = PackedFloatArray(storage: slice, byteOffset: 0, format: packed, count: header.elementCount, fileBacked: fileBacked)
            if let bad = array.firstNonFinite() { throw NpyReader.nonFinite(array[bad], at: bad, shape: record.shape, file: file, name: name) }
            return Tensor(name: name, shape: record.shape, values: .packed(array), file: file, storedType: record.type)
        }
        let result: Result<TensorValues, ModelInputError> = slice.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> TensorValues in try NpyReader.decode(bytes, header: header, file: file, name: name) }
        }
        return Tensor(name: name, shape: record.shape, values: try result.get(), file: file, storedType: record.type)
    }
}

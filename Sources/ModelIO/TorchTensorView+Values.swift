import Foundation
import ReluNetwork

extension TorchTensorView {
    /// The tensor's values, read from its storage's bytes (`storage` holds
    /// exactly the storage, checked against its size by the caller). A
    /// contiguous little-endian float view stays in the (mapped) file as a
    /// `PackedFloatArray`; any other view (transposed, strided, big-endian,
    /// integer) is gathered element by element into row-major order first.
    /// NaN and ±∞ are refused by index, as in every reader (SPEC §8).
    func tensor(name: String, storage: Data, bigEndian: Bool, fileBacked: Bool, file: String) throws(ModelInputError) -> Tensor {
        let size = elementType.byteCount
        let header = NpyHeader(elementType: elementType, bigEndian: bigEndian && size > 1, fortranOrder: false, shape: shape,
                               dataOffset: 0, elementCount: count)
        if isContiguous, let packed = NpyReader.packedFormat(header) {
            let array = PackedFloatArray(storage: storage, byteOffset: offset * size, format: packed, count: count, fileBacked: fileBacked)
            if let bad = array.firstNonFinite() { throw NpyReader.nonFinite(array[bad], at: bad, shape: shape, file: file, name: name) }
            return Tensor(name: name, shape: shape, values: .packed(array), file: file, storedType: elementType)
        }
        var gathered = Data(count: count * size)
        storage.withUnsafeBytes { source in
            gathered.withUnsafeMutableBytes { target in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                if isContiguous {
                    to.copyMemory(from: from + offset * size, byteCount: count * size)
                    return
                }
                var slot = 0
                forEachSourceIndex { index in
                    (to + slot * size).copyMemory(from: from + index * size, byteCount: size)
                    slot += 1
                }
            }
        }
        if let packed = NpyReader.packedFormat(header) {
            let array = PackedFloatArray(storage: gathered, byteOffset: 0, format: packed, count: count)
            if let bad = array.firstNonFinite() { throw NpyReader.nonFinite(array[bad], at: bad, shape: shape, file: file, name: name) }
            return Tensor(name: name, shape: shape, values: .packed(array), file: file, storedType: elementType)
        }
        let result: Result<TensorValues, ModelInputError> = gathered.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> TensorValues in try NpyReader.decode(bytes, header: header, file: file, name: name) }
        }
        return Tensor(name: name, shape: shape, values: try result.get(), file: file, storedType: elementType)
    }
}

import CZlib
import ExactNumbers
import Foundation
import JSONDocument
import ReluNetwork

extension ModelWriter {
    /// Raw little-endian payload of `values` in the first type of `widening(from:)` that
    /// holds every value exactly; nil if some value is not even a binary64 number.
    public static func safetensorsPayload(_ values: [Rational], storedAs stored: StoredElementType?) -> (bytes: [UInt8], type: SafetensorsWriteType)? {
        var doubles: [Double] = []
        doubles.reserveCapacity(values.count)
        for value in values {
            let double = value.doubleValue
            guard double.isFinite, Rational(exactly: double) == value else { return nil }
            doubles.append(double)
        }
        for type in SafetensorsWriteType.widening(from: stored) {
            var payload: [UInt8] = []
            payload.reserveCapacity(values.count * 8)
            var fits = true
            for double in doubles {
                guard let bits = type.bits(double) else { fits = false; break }
                payload.append(contentsOf: bits)
            }
            if fits { return (payload, type) }
        }
        return nil
    }

    /// A `.safetensors` file: the tensors of `path` in their order, with the
    /// tensors named in `replacements` swapped for new ones and every other
    /// tensor and the `__metadata__` copied verbatim.
    public static func rewriteSafetensors(path: String, replacements: [String: (type: SafetensorsWriteType, shape: [Int], bytes: [UInt8])]) throws(ModelInputError) -> [UInt8] {
        let archive = try SafetensorsArchive(path: path)
        var headerMembers: [(String, JSONValue)] = []
        var payload: [UInt8] = []
        if let metadata = archive.metadata { headerMembers.append(("__metadata__", metadata)) }
        for (name, _) in archive.catalogue {
            let dtype: String, shape: [Int], bytes: [UInt8]
            if let replacement = replacements[name] {
                (dtype, shape, bytes) = (replacement.type.rawValue, replacement.shape, replacement.bytes)
            } else {
                guard let record = archive.records[name] else { continue }
                dtype = archive.dtypeNames[name] ?? "F64"
                shape = record.shape
                bytes = archive.rawBytes(name)
            }
            headerMembers.append((name, .object([
                ("dtype", .string(dtype)),
                ("shape", .array(shape.map(JSONValue.integer))),
                ("data_offsets", .array([.integer(payload.count), .integer(payload.count + bytes.count)])),
            ])))
            payload.append(contentsOf: bytes)
        }
        var header = JSONValue.object(headerMembers).serializedBytes()
        header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))
        return withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header + payload
    }

    /// An `.npz` (a stored, uncompressed ZIP, as `np.savez` writes) with the
    /// members of `path` in their order, those named in `replacements` (array
    /// names without `.npy`) swapped for new `.npy` images and every other member
    /// copied (decompressed if it was deflated).
    public static func rewriteNpz(path: String, replacements: [String: [UInt8]]) throws(ModelInputError) -> [UInt8] {
        let archive = try ZipArchive(data: try RegularFile.map(path), file: path)
        var members: [(String, [UInt8])] = []
        for entry in archive.entries {
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : nil
            if let name, let replacement = replacements[name] {
                members.append((entry.name, replacement))
            } else {
                members.append((entry.name, [UInt8](try archive.contents(of: entry))))
            }
        }
        return try storedZip(members, file: path)
    }

    /// A stored (method 0) ZIP archive of `members`; below 4 GiB in all (no ZIP64).
    public static func storedZip(_ members: [(name: String, bytes: [UInt8])], file: String) throws(ModelInputError) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ value: Int, _ into: inout [UInt8]) { into.append(UInt8(value & 0xFF)); into.append(UInt8(value >> 8 & 0xFF)) }
        func u32(_ value: Int, _ into: inout [UInt8]) { for shift in stride(from: 0, to: 32, by: 8) { into.append(UInt8(value >> shift & 0xFF)) } }
        for (name, bytes) in members {
            let nameBytes = Array(name.utf8)
            let crc = bytes.withUnsafeBufferPointer { Int(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
            guard out.count + bytes.count + nameBytes.count + 30 < Int(UInt32.max), nameBytes.count < 0xFFFF else {
                throw ModelInputError(file: file, reason: "the output would exceed 4 GiB (ZIP64 is not written); use a .npy directory")
            }
            let offset = out.count
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)   // 1980-01-01
            u32(crc, &out); u32(bytes.count, &out); u32(bytes.count, &out); u16(nameBytes.count, &out); u16(0, &out)
            out.append(contentsOf: nameBytes)
            out.append(contentsOf: bytes)
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u16(0x21, &central); u32(crc, &central); u32(bytes.count, &central); u32(bytes.count, &central)
            u16(nameBytes.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central); u32(0, &central)
            u32(offset, &central)
            central.append(contentsOf: nameBytes)
        }
        let directoryOffset = out.count
        out.append(contentsOf: central)
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(members.count, &out); u16(members.count, &out)
        u32(central.count, &out); u32(directoryOffset, &out); u16(0, &out)
        return out
    }
}

import CZlib
import Foundation

/// The entries of a ZIP archive (the container of NumPy's `.npz`), read from
/// the central directory with every field bounds-checked: stored (method 0)
/// and deflated (method 8) entries, ZIP64 sizes and offsets, CRC-32 verified.
///
/// Hostile archives are refused with a reason, never trapped on: entries whose
/// data run outside the file, overlapping entries (the "non-recursive zip
/// bomb", which reuses one compressed block many times), encrypted or
/// multi-disk archives, unknown methods, deflated entries larger than
/// `maximumInflatedSize`, and entries whose inflated size or CRC differ from
/// the directory's. Stored entries are slices of the (memory-mapped) file.
public struct ZipArchive {
    public struct Entry: Sendable {
        public var name: String
        public var method: UInt16
        public var compressedSize: Int
        public var uncompressedSize: Int
        public var crc32: UInt32
        /// Offset of the entry's data in the archive.
        public var dataOffset: Int
    }

    public let file: String
    public let data: Data
    public private(set) var entries: [Entry] = []
    /// `data` is a read-only file mapping: pages read for a CRC can be dropped again.
    let fileBacked: Bool

    /// Largest deflated entry inflated into memory (stored entries are mapped, not copied).
    public static let maximumInflatedSize = 1 << 32
    public static let maximumEntries = 65_536

    public init(data: Data, file: String, fileBacked: Bool = false) throws(ModelInputError) {
        self.data = data
        self.file = file
        self.fileBacked = fileBacked
        let result: Result<[Entry], ModelInputError> = data.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> [Entry] in try ZipArchive.parse(bytes, file: file) }
        }
        entries = try result.get()
    }

    /// The one form of every archive error: the file, then what is wrong with it.
    static func failure(_ reason: String, file: String) -> ModelInputError {
        ModelInputError(file: file, reason: "not a readable .npz (ZIP) archive: " + reason)
    }

    func fail(_ reason: String) -> ModelInputError { ZipArchive.failure(reason, file: file) }

    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws(ModelInputError) -> [Entry] {
        func fail(_ reason: String) -> ModelInputError { failure(reason, file: file) }
        let count = bytes.count
        func u16(_ offset: Int) -> Int { Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) }
        func u32(_ offset: Int) -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        func inBounds(_ offset: Int, _ length: Int) -> Bool { offset >= 0 && length >= 0 && offset <= count && length <= count - offset }

        // End of central directory: the last 22-byte record with the signature (a comment may follow).
        guard count >= 22 else { throw fail("shorter than an end-of-directory record (\(count) bytes)") }
        var eocd = -1
        var position = count - 22
        let lowest = max(0, count - 22 - 65_535)
        while position >= lowest {
            if u32(position) == 0x0605_4B50 && position + 22 + u16(position + 20) == count { eocd = position; break }
            position -= 1
        }
        guard eocd >= 0 else { throw fail("no end-of-central-directory record (truncated, or not a ZIP file)") }
        guard u16(eocd + 4) == 0 && u16(eocd + 6) == 0 else { throw fail("multi-disk archives are not supported") }
        var entryCount = u16(eocd + 10)
        var directorySize = u32(eocd + 12)
        var directoryOffset = u32(eocd + 16)
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64 end-of-directory locator, 20 bytes before the record.
            guard eocd >= 20, u32(eocd - 20) == 0x0706_4B50 else { throw fail("ZIP64 sizes without a ZIP64 locator") }
            let record64 = u64(eocd - 12)
            guard record64 <= UInt64(count - 56), u32(Int(record64)) == 0x0606_4B50 else { throw fail("ZIP64 end-of-directory record out of place") }
            let r = Int(record64)
            let entries64 = u64(r + 32), size64 = u64(r + 40), offset64 = u64(r + 48)
            guard entries64 <= UInt64(maximumEntries), size64 <= UInt64(count), offset64 <= UInt64(count) else { throw fail("ZIP64 directory fields out of range") }
            entryCount = Int(entries64)
            directorySize = Int(size64)
            directoryOffset = Int(offset64)
        }
        guard entryCount <= maximumEntries else { throw fail("\(entryCount) entries (at most \(maximumEntries))") }
        guard inBounds(directoryOffset, directorySize) else { throw fail("the central directory lies outside the file") }

        var entries: [Entry] = []
        var cursor = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for index in 0..<entryCount {
            guard inBounds(cursor, 46), cursor + 46 <= directoryEnd, u32(cursor) == 0x0201_4B50 else {
                throw fail("central directory entry \(index) is damaged")
            }
            let flags = u16(cursor + 8), method = UInt16(u16(cursor + 10))
            let crc = UInt32(u32(cursor + 16))
            var compressed = u32(cursor + 20), uncompressed = u32(cursor + 24)
            let nameLength = u16(cursor + 28), extraLength = u16(cursor + 30), commentLength = u16(cursor + 32)
            var localOffset = u32(cursor + 42)
            let recordLength = 46 + nameLength + extraLength + commentLength
            guard inBounds(cursor, recordLength), cursor + recordLength <= directoryEnd else { throw fail("central directory entry \(index) runs past the directory") }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[(cursor + 46)..<(cursor + 46 + nameLength)])
            guard let name = String(validating: nameBytes, as: UTF8.self) else { throw fail("entry \(index) has a name that is not UTF-8") }
            // ZIP64 extra field (id 1): the 0xFFFFFFFF fields, in order.
            var extra = cursor + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(extra), size = u16(extra + 2)
                guard extra + 4 + size <= extraEnd else { throw fail("entry \(name): damaged extra field") }
                if id == 1 {
                    var field = extra + 4
                    func next() throws(ModelInputError) -> Int {
                        guard field + 8 <= extra + 4 + size else { throw fail("entry \(name): short ZIP64 field") }
                        let value = u64(field)
                        field += 8
                        guard value <= UInt64(Int.max) else { throw fail("entry \(name): ZIP64 value out of range") }
                        return Int(value)
                    }
                    if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                    if compressed == 0xFFFF_FFFF { compressed = try next() }
                    if localOffset == 0xFFFF_FFFF { localOffset = try next() }
                }
                extra += 4 + size
            }
            guard flags & 1 == 0 else { throw fail("entry \(name) is encrypted") }
            guard method == 0 || method == 8 else { throw fail("entry \(name) uses compression method \(method) (only stored and deflated are read)") }
            if method == 0 && compressed != uncompressed { throw fail("stored entry \(name) has compressed size \(compressed) ≠ size \(uncompressed)") }
            guard inBounds(localOffset, 30), u32(localOffset) == 0x0403_4B50 else { throw fail("entry \(name): local header missing at offset \(localOffset)") }
            let dataOffset = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28)
            guard inBounds(dataOffset, compressed) else {
                throw fail("entry \(name): its \(compressed) bytes of data run past the end of the file (truncated?)")
            }
            entries.append(Entry(name: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed, crc32: crc, dataOffset: dataOffset))
            cursor += recordLength
        }
        // No two entries may share bytes: overlapping entries are how non-recursive zip bombs multiply one block.
        let spans = entries.map { ($0.dataOffset, $0.dataOffset + $0.compressedSize, $0.name) }.sorted { $0.0 < $1.0 }
        for (left, right) in zip(spans, spans.dropFirst()) where right.0 < left.1 {
            throw fail("entries \(left.2) and \(right.2) overlap (a zip bomb, or a damaged archive)")
        }
        return entries
    }

    /// The entry's bytes: a slice of the archive (stored) or inflated (deflated);
    /// checked against the directory's size and CRC-32.
    public func contents(of entry: Entry) throws(ModelInputError) -> Data {
        let compressed = data[(data.startIndex + entry.dataOffset)..<(data.startIndex + entry.dataOffset + entry.compressedSize)]
        let contents: Data
        if entry.method == 0 {
            contents = compressed
        } else {
            guard entry.uncompressedSize <= ZipArchive.maximumInflatedSize else {
                throw fail("entry \(entry.name) inflates to \(entry.uncompressedSize) bytes (more than \(ZipArchive.maximumInflatedSize)); save large arrays with np.savez (stored), which relutopo maps without copying")
            }
            contents = try inflate(compressed, expected: entry.uncompressedSize, name: entry.name, limit: nil)
        }
        guard ZipArchive.crc32(contents, releasingPages: fileBacked && entry.method == 0) == entry.crc32 else { throw fail("entry \(entry.name): CRC-32 mismatch (the data are damaged)") }
        return contents
    }

    /// The first `count` bytes of an entry (to read a `.npy` header without inflating everything).
    public func prefix(of entry: Entry, count: Int) throws(ModelInputError) -> Data {
        let wanted = min(count, entry.uncompressedSize)
        if entry.method == 0 {
            return data[(data.startIndex + entry.dataOffset)..<(data.startIndex + entry.dataOffset + wanted)]
        }
        let compressed = data[(data.startIndex + entry.dataOffset)..<(data.startIndex + entry.dataOffset + entry.compressedSize)]
        return try inflate(compressed, expected: entry.uncompressedSize, name: entry.name, limit: wanted)
    }

    /// Raw inflate of `input` into exactly `expected` bytes (or the first `limit`).
    func inflate(_ input: Data, expected: Int, name: String, limit: Int?) throws(ModelInputError) -> Data {
        let target = limit ?? expected
        var output = Data(count: target)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var status: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBytes { (source: UnsafeRawBufferPointer) in
            output.withUnsafeMutableBytes { (destination: UnsafeMutableRawBufferPointer) in
                guard let sourceBase = source.baseAddress, let destinationBase = destination.baseAddress else {
                    status = target == 0 && source.isEmpty ? Z_STREAM_END : Z_DATA_ERROR
                    return
                }
                var consumed = 0
                while true {
                    let chunkIn = min(source.count - consumed, Int(UInt32.max / 2))
                    let chunkOut = min(target - produced, Int(UInt32.max / 2))
                    stream.next_in = UnsafeMutablePointer(mutating: sourceBase.assumingMemoryBound(to: Bytef.self) + consumed)
                    stream.avail_in = uInt(chunkIn)
                    stream.next_out = destinationBase.assumingMemoryBound(to: Bytef.self) + produced
                    stream.avail_out = uInt(chunkOut)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    consumed += chunkIn - Int(stream.avail_in)
                    produced += chunkOut - Int(stream.avail_out)
                    if status != Z_OK || produced == target { break }
                    if chunkIn - Int(stream.avail_in) == 0 && chunkOut - Int(stream.avail_out) == 0 { status = Z_BUF_ERROR; break }
                }
            }
        }
        if limit != nil {
            guard produced == target, status == Z_OK || status == Z_STREAM_END else { throw fail("entry \(name): damaged deflate data") }
            return output
        }
        guard status == Z_STREAM_END || (status == Z_OK && produced == target) else {
            throw fail("entry \(name): damaged deflate data (zlib status \(status))")
        }
        guard produced == expected else { throw fail("entry \(name) inflates to \(produced) bytes, the directory says \(expected)") }
        if status == Z_OK {
            // Output full: the stream must end here, not produce more (a size lie).
            var probe: UInt8 = 0
            let extra: Int32 = withUnsafeMutablePointer(to: &probe) { pointer in
                stream.next_out = pointer
                stream.avail_out = 1
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            guard extra == Z_STREAM_END && stream.avail_out == 1 else { throw fail("entry \(name) inflates to more than the \(expected) bytes the directory says") }
        }
        return output
    }

    static func crc32(_ data: Data, releasingPages: Bool = false) -> UInt32 {
        data.withUnsafeBytes { bytes in
            var crc: uLong = CZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < bytes.count {
                let chunk = min(bytes.count - offset, 1 << 22)
                crc = CZlib.crc32(crc, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self).advanced(by: offset), uInt(chunk))
                if releasingPages { MappedPages.release(bytes, bytes: offset..<(offset + chunk)) }
                offset += chunk
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}

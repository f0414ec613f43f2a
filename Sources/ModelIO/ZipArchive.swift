import CZlib
import Foundation
import ReluNetwork

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
        ModelInputError(file: file, reason: "not a readable ZIP archive (.npz or PyTorch .pt): " + reason)
    }

    func fail(_ reason: String) -> ModelInputError { ZipArchive.failure(reason, file: file) }

    /// Largest ratio of inflated to deflated size that deflate can reach: a
    /// match of 258 bytes costs at least 2 bits (129 bytes a bit); a literal, 1
    /// bit for 1 byte. A directory claiming more is lying (a memory bomb).
    static let maximumDeflateRatio = 1032

    /// Little-endian fields of the archive, each read only after its bytes are
    /// known to lie inside the file; offsets are added with overflow checks.
    /// Every offset and length in a ZIP is file content, so none is trusted.
    struct Fields {
        let bytes: UnsafeRawBufferPointer
        let file: String

        var count: Int { bytes.count }

        /// Whether `length` bytes at `offset` lie inside the file.
        func contains(_ offset: Int, _ length: Int) -> Bool {
            offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
        }

        /// `a + b`, refused (not trapped) on overflow.
        func sum(_ a: Int, _ b: Int) throws(ModelInputError) -> Int {
            let (value, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw failure("offsets overflow", file: file) }
            return value
        }

        func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) throws(ModelInputError) -> T {
            guard contains(offset, MemoryLayout<T>.size) else {
                throw failure("a header at offset \(offset) runs past the end of the file (truncated?)", file: file)
            }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }

        func u16(_ offset: Int) throws(ModelInputError) -> Int { Int(try load(offset, as: UInt16.self)) }
        func u32(_ offset: Int) throws(ModelInputError) -> Int { Int(try load(offset, as: UInt32.self)) }
        func u64(_ offset: Int) throws(ModelInputError) -> UInt64 { try load(offset, as: UInt64.self) }
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws(ModelInputError) -> [Entry] {
        func fail(_ reason: String) -> ModelInputError { failure(reason, file: file) }
        let fields = Fields(bytes: bytes, file: file)
        let directory = try centralDirectory(fields)
        var entries: [Entry] = []
        var spans: [(start: Int, end: Int, name: String)] = []
        var cursor = directory.offset
        let directoryEnd = try fields.sum(directory.offset, directory.size)
        for index in 0..<directory.entries {
            guard fields.contains(cursor, 46), cursor <= directoryEnd - 46, try fields.u32(cursor) == 0x0201_4B50 else {
                throw fail("central directory entry \(index) is damaged")
            }
            let flags = try fields.u16(cursor + 8), method = UInt16(try fields.u16(cursor + 10))
            let crc = UInt32(try fields.u32(cursor + 16))
            var compressed = try fields.u32(cursor + 20), uncompressed = try fields.u32(cursor + 24)
            let nameLength = try fields.u16(cursor + 28), extraLength = try fields.u16(cursor + 30), commentLength = try fields.u16(cursor + 32)
            var localOffset = try fields.u32(cursor + 42)
            let recordLength = 46 + nameLength + extraLength + commentLength   // at most 46 + 3 · 65,535
            guard fields.contains(cursor, recordLength), cursor <= directoryEnd - recordLength else {
                throw fail("central directory entry \(index) runs past the directory")
            }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[(cursor + 46)..<(cursor + 46 + nameLength)])
            guard let name = String(validating: nameBytes, as: UTF8.self) else { throw fail("entry \(index) has a name that is not UTF-8") }
            // ZIP64 extra field (id 1): the 0xFFFFFFFF fields, in order.
            var extra = cursor + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = try fields.u16(extra), size = try fields.u16(extra + 2)
                guard extra + 4 + size <= extraEnd else { throw fail("entry \(name): damaged extra field") }
                if id == 1 {
                    var field = extra + 4
                    let fieldEnd = extra + 4 + size
                    func next() throws(ModelInputError) -> Int {
                        guard field + 8 <= fieldEnd else { throw fail("entry \(name): short ZIP64 field") }
                        let value = try fields.u64(field)
                        field += 8
                        guard let exact = Int(exactly: value) else {
                            throw fail("entry \(name): ZIP64 value \(value) out of range")
                        }
                        return exact
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
            if method == 8 {
                let (most, overflow) = compressed.multipliedReportingOverflow(by: maximumDeflateRatio)
                guard overflow || uncompressed <= most else {
                    throw fail("entry \(name) claims \(uncompressed) bytes from \(compressed) deflated bytes, more than deflate can produce")
                }
            }
            guard fields.contains(localOffset, 30), try fields.u32(localOffset) == 0x0403_4B50 else {
                throw fail("entry \(name): local header missing at offset \(localOffset)")
            }
            let dataOffset = try fields.sum(localOffset + 30, try fields.u16(localOffset + 26) + fields.u16(localOffset + 28))
            guard fields.contains(dataOffset, compressed) else {
                throw fail("entry \(name): its \(compressed) bytes of data run past the end of the file (truncated?)")
            }
            entries.append(Entry(name: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed, crc32: crc, dataOffset: dataOffset))
            spans.append((localOffset, dataOffset + compressed, name))
            cursor += recordLength
        }
        // No two entries (local header and data) may share bytes: overlapping
        // entries are how non-recursive zip bombs multiply one block.
        spans.sort { $0.start < $1.start }
        for (left, right) in zip(spans, spans.dropFirst()) where right.start < left.end {
            throw fail("entries \(left.name) and \(right.name) overlap (a zip bomb, or a damaged archive)")
        }
        return entries
    }

    /// Finds the end-of-central-directory record (and its ZIP64 form) and
    /// returns where the central directory lies, checked to be inside the file.
    static func centralDirectory(_ fields: Fields) throws(ModelInputError) -> (entries: Int, size: Int, offset: Int) {
        func fail(_ reason: String) -> ModelInputError { failure(reason, file: fields.file) }
        let count = fields.count
        // End of central directory: the last 22-byte record with the signature (a comment may follow).
        guard count >= 22 else { throw fail("shorter than an end-of-directory record (\(count) bytes)") }
        var eocd = -1
        var position = count - 22
        let lowest = max(0, count - 22 - 65_535)
        while position >= lowest {
            if try fields.u32(position) == 0x0605_4B50, try position + 22 + fields.u16(position + 20) == count { eocd = position; break }
            position -= 1
        }
        guard eocd >= 0 else { throw fail("no end-of-central-directory record (truncated, or not a ZIP file)") }
        guard try fields.u16(eocd + 4) == 0, try fields.u16(eocd + 6) == 0 else { throw fail("multi-disk archives are not supported") }
        var entries = try fields.u16(eocd + 10)
        var size = try fields.u32(eocd + 12)
        var offset = try fields.u32(eocd + 16)
        if entries == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // ZIP64: a 20-byte locator just before the record points to a 56-byte
            // ZIP64 end-of-directory record, which must lie before the locator.
            let locator = eocd - 20
            guard locator >= 0, try fields.u32(locator) == 0x0706_4B50 else { throw fail("ZIP64 sizes without a ZIP64 locator") }
            guard try fields.u32(locator + 4) == 0, try fields.u32(locator + 16) <= 1 else { throw fail("multi-disk archives are not supported") }
            let record64 = try fields.u64(locator + 8)
            guard locator >= 56, record64 <= UInt64(locator - 56), try fields.u32(Int(record64)) == 0x0606_4B50 else {
                throw fail("ZIP64 end-of-directory record out of place (offset \(record64))")
            }
            let record = Int(record64)
            guard try fields.u32(record + 16) == 0, try fields.u32(record + 20) == 0 else { throw fail("multi-disk archives are not supported") }
            let entries64 = try fields.u64(record + 32), size64 = try fields.u64(record + 40), offset64 = try fields.u64(record + 48)
            guard entries64 <= UInt64(maximumEntries), size64 <= UInt64(count), offset64 <= UInt64(count) else {
                throw fail("ZIP64 directory fields out of range")
            }
            entries = Int(entries64)
            size = Int(size64)
            offset = Int(offset64)
        }
        guard entries <= maximumEntries else { throw fail("\(entries) entries (at most \(maximumEntries))") }
        guard fields.contains(offset, size) else { throw fail("the central directory lies outside the file") }
        return (entries, size, offset)
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

/// The non-blank lines of CSV text, split at commas into cells trimmed of
/// spaces and tabs (byte ranges into `bytes`), each with its physical line
/// number. Line ends: `\n`, `\r\n`, `\r`. A leading UTF-8 byte-order mark is skipped.
struct CSVRecords {
    let bytes: [UInt8]
    private var position = 0
    private var line = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The next non-blank line's cells (into `cells`, reused) and its 1-based
    /// line number; nil at the end. At most `limit` cells: a longer line is not
    /// split further (a caller expecting `limit − 1` cells sees one too many).
    mutating func next(into cells: inout [Range<Int>], limit: Int = CSVLimits.columns + 1) -> Int? {
        while position < bytes.count {
            line += 1
            let start = position
            var end = start
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            position = end
            if position < bytes.count {
                position += bytes[position] == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A ? 2 : 1
            }
            guard bytes[start..<end].contains(where: { !CSVRecords.isBlank($0) }) else { continue }
            cells.removeAll(keepingCapacity: true)
            var cellStart = start
            for index in start...end where index == end || bytes[index] == UInt8(ascii: ",") {
                if cells.count == limit { break }
                var low = cellStart, high = index
                while low < high, CSVRecords.isBlank(bytes[low]) { low += 1 }
                while high > low, CSVRecords.isBlank(bytes[high - 1]) { high -= 1 }
                cells.append(low..<high)
                cellStart = index + 1
            }
            return line
        }
        return nil
    }
}

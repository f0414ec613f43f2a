import JSONDocument
import ReluNetwork

/// The header line: distinct, non-empty names, looked up in constant time.
struct CSVHeader {
    let names: [String]
    let line: Int
    private let index: [String: Int]

    init(_ records: CSVRecords, cells: [Range<Int>], line: Int, file: String) throws(ModelInputError) {
        guard cells.count <= CSVLimits.columns else {
            throw ModelInputError(file: file, reason: "line \(line): more than \(CSVLimits.columns) columns")
        }
        var names: [String] = []
        names.reserveCapacity(cells.count)
        var index: [String: Int] = [:]
        index.reserveCapacity(cells.count)
        for (position, cell) in cells.enumerated() {
            guard let name = String(validating: records.bytes[cell], as: UTF8.self) else {
                throw ModelInputError(file: file, reason: "line \(line): the name of column \(position + 1) is not UTF-8 text")
            }
            guard !name.isEmpty else {
                throw ModelInputError(file: file, reason: "line \(line): column \(position + 1) has no name (an unnamed index column? write the CSV without it)")
            }
            if let first = index.updateValue(position, forKey: name) {
                throw ModelInputError(file: file, reason: "line \(line): column \(CSVHeader.quoted(name)) appears twice (columns \(first + 1) and \(position + 1)); column names must be distinct")
            }
            names.append(name)
        }
        self.names = names
        self.line = line
        self.index = index
    }

    /// The column named `name`, else the 0-based index `name`, else nil.
    /// The column named `name`, if any (not an index).
    func named(_ name: String) -> Int? { index[name] }

    func column(_ name: String) -> Int? {
        if let column = index[name] { return column }
        if let column = Int(name), names.indices.contains(column) { return column }
        return nil
    }

    /// A column name (or cell) as shown in a one-line message: quoted, at most 60 characters, controls escaped.
    static func quoted(_ name: String) -> String { JSONValue.quotedForMessage(name, limit: 60) }

    /// The names for a "no such column" message: the first eight.
    var summary: String {
        names.prefix(8).map(CSVHeader.quoted).joined(separator: ", ") + (names.count > 8 ? ", … (\(names.count) columns)" : "")
    }
}

import ExactNumbers
import Foundation
import JSONDocument
import ReluNetwork

/// A comma-separated table with a header row, kept as text: the generic view
/// (the fuzzers' entry point). Commands read data through `CSVDataSet`.
public struct CSVTable: Sendable {
    public let file: String
    public let header: [String]
    /// Cells by row (header excluded); every row has `header.count` cells.
    public let rows: [[String]]
    /// The physical 1-based line of each row (blank lines counted).
    public let lines: [Int]
    private let columns: CSVHeader

    /// Reads `path` (a regular file or a pipe, read to its end).
    public static func read(path: String) throws(ModelInputError) -> CSVTable {
        try parse(TextFileReader.read(path), file: path)
    }

    /// Parses CSV bytes (`file` names them in messages).
    public static func parse(_ data: Data, file path: String) throws(ModelInputError) -> CSVTable {
        try parse([UInt8](data), file: path)
    }

    static func parse(_ bytes: [UInt8], file path: String) throws(ModelInputError) -> CSVTable {
        var records = CSVRecords(bytes)
        var cells: [Range<Int>] = []
        guard let headerLine = records.next(into: &cells) else {
            throw ModelInputError(file: path, reason: "no rows (empty input): expected a header line")
        }
        let header = try CSVHeader(records, cells: cells, line: headerLine, file: path)
        var rows: [[String]] = []
        var lines: [Int] = []
        while let line = records.next(into: &cells, limit: header.names.count + 1) {
            try CSVTable.checkWidth(cells.count, header: header, line: line, file: path)
            guard rows.count < CSVLimits.rows else { throw CSVTable.tooManyRows(line: line, file: path) }
            rows.append(cells.map { String(decoding: records.bytes[$0], as: UTF8.self) })
            lines.append(line)
        }
        guard !rows.isEmpty else { throw ModelInputError(file: path, reason: "no data rows after the header (line \(header.line))") }
        return CSVTable(file: path, header: header.names, rows: rows, lines: lines, columns: header)
    }

    /// Every row as wide as the header (`count` is at most the header's width + 1: the scanner stops there).
    static func checkWidth(_ count: Int, header: CSVHeader, line: Int, file: String) throws(ModelInputError) {
        guard count == header.names.count else {
            let cells = count > header.names.count ? "more than \(header.names.count) cells" : "\(count) cells"
            throw ModelInputError(file: file, reason: "line \(line) has \(cells), the header (line \(header.line)) has \(header.names.count)")
        }
    }

    static func tooManyRows(line: Int, file: String) -> ModelInputError {
        ModelInputError(file: file, reason: "line \(line): more than \(CSVLimits.rows) data rows")
    }

    /// The exact values of column `name` (a header name, or a 0-based index), by the rule of `CSVCell`.
    public func exactColumn(_ name: String) throws(ModelInputError) -> [Rational] {
        guard let column = columns.column(name) else {
            throw ModelInputError(file: file, reason: "no column \(CSVHeader.quoted(name)) (columns: \(columns.summary))")
        }
        var budget = DecimalExponentBudget()
        var values: [Rational] = []
        values.reserveCapacity(rows.count)
        for (row, cells) in rows.enumerated() {
            values.append(try CSVCell.value(ArraySlice(cells[column].utf8), file: file, line: lines[row], column: header[column], budget: &budget))
        }
        return values
    }
}

import ExactNumbers
import Foundation

/// A comma-separated table with a header row (the data sets of SPEC §6.2 and
/// §9: `../shared/data/breast_cancer.csv`). Numbers are read exactly.
public struct CSVTable: Sendable {
    public let file: String
    public let header: [String]
    /// Cells by row (header excluded); every row has `header.count` cells.
    public let rows: [[String]]

    /// Reads `path`; blank lines are skipped; quoting is not supported.
    public static func read(path: String) throws(ModelInputError) -> CSVTable {
        try parse(try NpyReader.readFile(path), file: path)
    }

    /// Parses CSV bytes (`file` names them in messages); the fuzzers' entry point.
    public static func parse(_ data: Data, file path: String) throws(ModelInputError) -> CSVTable {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelInputError(file: path, reason: "not UTF-8 text")
        }
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ModelInputError(file: path, reason: "empty file: expected a header row") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [[String]] = []
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == header.count else {
                throw ModelInputError(file: path, index: [index + 2], reason: "line \(index + 2) has \(cells.count) fields, the header has \(header.count)")
            }
            rows.append(cells)
        }
        guard !rows.isEmpty else { throw ModelInputError(file: path, reason: "no data rows after the header") }
        return CSVTable(file: path, header: header, rows: rows)
    }

    /// The exact values of column `name` (a header name, or a 0-based index).
    public func exactColumn(_ name: String) throws(ModelInputError) -> [Rational] {
        let column: Int
        if let index = header.firstIndex(of: name) {
            column = index
        } else if let index = Int(name), header.indices.contains(index) {
            column = index
        } else {
            throw ModelInputError(file: file, tensor: name, reason: "no column \"\(name)\" (columns: \(header.prefix(8).joined(separator: ", "))\(header.count > 8 ? ", …" : ""))")
        }
        var values: [Rational] = []
        values.reserveCapacity(rows.count)
        for (row, cells) in rows.enumerated() {
            do {
                values.append(try Rational(parsing: cells[column]))
            } catch {
                throw ModelInputError(file: file, tensor: header[column], index: [row + 2], reason: "line \(row + 2): \(error.description)")
            }
        }
        return values
    }
}

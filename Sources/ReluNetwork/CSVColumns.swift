import ExactNumbers
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Data sets as CSV text (SPEC §6.2, §9, §11.2: `../shared/data/breast_cancer.csv`).
//
// One reader, one rule, for every command that takes `--data CSV`: a header
// line of distinct, non-empty column names, then rows with exactly as many
// cells; every cell an exact finite number (a decimal or `p/q`, within
// binary64's range: data sets are float64 arrays), none empty, no NaN or ±Inf.
// Blank lines are skipped but counted: every line number in a message is the
// physical, 1-based line of the file. Quoting is not supported.
//
// Limits no real data set reaches, so that a hostile file cannot take
// unbounded time or memory: 1 GiB of text, 1 000 000 columns, 10 000 000 rows,
// 10 000 characters a cell, 20 000 000 cells held as exact rationals (about
// 100 bytes each; only `verify lie` asks), and the decimal exponent budget of
// `DecimalExponentBudget` over the whole file.

/// The limits above.
public enum CSVLimits {
    public static let columns = 1_000_000
    public static let rows = 10_000_000
    public static let cellCharacters = 10_000
    public static let exactCells = 20_000_000
}

/// Reads a text file whole: a regular file, or a pipe, FIFO or character
/// device read to its end (`--data <(zcat data.csv.gz)` is a legitimate use).
enum TextFileReader {
    /// Larger inputs are refused (a data CSV this size would not fit in memory once parsed).
    static let maximumBytes = 1 << 30

    static func read(_ path: String) throws(ModelInputError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw ModelInputError(file: path, reason: code == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ModelInputError(file: path, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        let type = status.st_mode & S_IFMT
        guard type != S_IFDIR else { throw ModelInputError(file: path, reason: "is a directory, expected a file") }
        var bytes: [UInt8] = []
        if type == S_IFREG {
            guard Int(status.st_size) <= maximumBytes else { throw tooLarge(path) }
            bytes.reserveCapacity(Int(status.st_size))
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ModelInputError(file: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= maximumBytes else { throw tooLarge(path) }
            // Text never holds NUL; stopping here keeps `/dev/zero` from filling memory.
            if let zero = chunk[..<count].firstIndex(of: 0) {
                throw ModelInputError(file: path, reason: "NUL byte at offset \(bytes.count + zero): binary data, not CSV text")
            }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    static func tooLarge(_ path: String) -> ModelInputError {
        ModelInputError(file: path, reason: "larger than \(maximumBytes >> 30) GiB: too large for a data CSV")
    }
}

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

/// The value rule for one cell: an exact finite number (`Rational(parsing:)`),
/// within binary64's range, paid for from the file's exponent budget.
enum CSVCell {
    static func value(_ bytes: ArraySlice<UInt8>, file: String, line: Int, column: String,
                      budget: inout DecimalExponentBudget) throws(ModelInputError) -> Rational {
        func refuse(_ reason: String) -> ModelInputError {
            ModelInputError(file: file, reason: "line \(line), column \(CSVHeader.quoted(column)): \(reason)")
        }
        guard !bytes.isEmpty else { throw refuse("empty cell (every cell must hold a number)") }
        guard bytes.count <= CSVLimits.cellCharacters else {
            throw refuse("a cell of \(bytes.count) characters (at most \(CSVLimits.cellCharacters)) is not a data value")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let shown = CSVHeader.quoted(text)
        if let first = bytes.first(where: { $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }), first | 0x20 == UInt8(ascii: "n") || first | 0x20 == UInt8(ascii: "i") {
            // NumPy writes "nan", "inf", "-inf"; pandas "NaN", "inf"; others "Infinity".
            let word = text.lowercased().drop(while: { $0 == "+" || $0 == "-" })
            if word == "nan" { throw refuse("NaN is not allowed (data must be finite)") }
            if word == "inf" || word == "infinity" { throw refuse("\(shown) is not allowed (data must be finite)") }
        }
        guard budget.charge(text: bytes) else { throw refuse(budget.reason) }
        let value: Rational
        do {
            value = try Rational(parsing: text)
        } catch {
            switch error {
            case .empty: throw refuse("empty cell (every cell must hold a number)")
            case .malformed: throw refuse("\(shown) is not a number (a decimal like -1.25e-3, or p/q)")
            case .zeroDenominator: throw refuse("zero denominator in \(shown)")
            case .exponentOutOfRange: throw refuse("exponent out of range in \(shown) (|exponent| ≤ \(Rational.maximumDecimalExponent))")
            }
        }
        guard value.doubleValue.isFinite else { throw refuse("\(shown) is beyond binary64's range (±1.8e308)") }
        return value
    }
}

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

/// A data set for a model: the feature columns (every column but the target)
/// and the target column of a CSV file, read and checked by the one rule above.
/// `flow --data`, `obstruct --data`, `repair --data` and `verify lie --data`
/// all read their data here.
public struct CSVDataSet: Sendable {
    public let file: String
    public let featureNames: [String]
    /// nil when read without a target (every column a feature).
    public let targetName: String?
    /// Rows read.
    public let samples: Int
    /// Row-major `samples × featureCount`, each the binary64 nearest to the exact value.
    public let features: [Double]
    /// The target column, nearest binary64 (empty without a target).
    public let targets: [Double]
    /// The target column, exact (empty without a target).
    public let exactTargets: [Rational]
    /// Row-major exact features, when read with `exactFeatures: true` (they
    /// take about 100 bytes a cell, so only the exact consumers ask).
    public let exactFeatures: [Rational]?
    /// The physical 1-based line of each row.
    public let lines: [Int]

    public var featureCount: Int { featureNames.count }

    /// The feature row `i`, exact (empty unless read with `exactFeatures: true`).
    public func exactRow(_ i: Int) -> ArraySlice<Rational> {
        guard let exactFeatures else { return [] }
        return exactFeatures[(i * featureCount)..<((i + 1) * featureCount)]
    }

    /// Reads `path` (a regular file or a pipe, read to its end). `target`: the
    /// target column's name (or 0-based index), nil for none. `inputs`: the
    /// number of features the model (`model`, named in the message) takes.
    public static func read(path: String, target: String?, inputs: Int? = nil, model: String? = nil,
                            exactFeatures: Bool = false) throws(ModelInputError) -> CSVDataSet {
        try parse(TextFileReader.read(path), file: path, target: target, inputs: inputs, model: model, exactFeatures: exactFeatures)
    }

    /// Parses CSV bytes (`file` names them in messages); see `read`.
    public static func parse(_ bytes: [UInt8], file: String, target: String?, inputs: Int? = nil, model: String? = nil,
                             exactFeatures: Bool = false) throws(ModelInputError) -> CSVDataSet {
        var records = CSVRecords(bytes)
        var cells: [Range<Int>] = []
        guard let headerLine = records.next(into: &cells) else {
            throw ModelInputError(file: file, reason: "no rows (empty input): expected a header line and data rows")
        }
        let header = try CSVHeader(records, cells: cells, line: headerLine, file: file)
        var targetColumn: Int? = nil
        if let target {
            guard let column = header.column(target) else {
                throw ModelInputError(file: file, reason: "no target column \(CSVHeader.quoted(target)) (columns: \(header.summary))")
            }
            targetColumn = column
        }
        let width = header.names.count
        let featureCount = width - (targetColumn == nil ? 0 : 1)
        guard featureCount >= 1 else {
            throw ModelInputError(file: file, reason: "no feature columns (line \(header.line) names only the target)")
        }
        if let inputs, featureCount != inputs {
            let owner = model.map { "the model \($0)" } ?? "the model"
            let what = targetColumn.map { "every column but the target \(CSVHeader.quoted(header.names[$0]))" } ?? "every column"
            throw ModelInputError(file: file, reason: "\(featureCount) feature columns (\(what)), but \(owner) has d = \(inputs) inputs")
        }
        var budget = DecimalExponentBudget()
        var features: [Double] = [], targets: [Double] = [], exactTargets: [Rational] = [], exact: [Rational] = [], lines: [Int] = []
        while let line = records.next(into: &cells, limit: width + 1) {
            try CSVTable.checkWidth(cells.count, header: header, line: line, file: file)
            guard lines.count < CSVLimits.rows else { throw CSVTable.tooManyRows(line: line, file: file) }
            if exactFeatures, exact.count + featureCount > CSVLimits.exactCells {
                throw ModelInputError(file: file, reason: "line \(line): more than \(CSVLimits.exactCells) feature cells to hold as exact rationals")
            }
            for (column, cell) in cells.enumerated() {
                let value = try CSVCell.value(records.bytes[cell], file: file, line: line, column: header.names[column], budget: &budget)
                if column == targetColumn {
                    exactTargets.append(value)
                    targets.append(value.doubleValue)
                } else {
                    features.append(value.doubleValue)
                    if exactFeatures { exact.append(value) }
                }
            }
            lines.append(line)
        }
        guard !lines.isEmpty else { throw ModelInputError(file: file, reason: "no data rows after the header (line \(header.line))") }
        return CSVDataSet(file: file, featureNames: header.names.enumerated().filter { $0.offset != targetColumn }.map(\.element),
                          targetName: targetColumn.map { header.names[$0] }, samples: lines.count, features: features,
                          targets: targets, exactTargets: exactTargets, exactFeatures: exactFeatures ? exact : nil, lines: lines)
    }
}

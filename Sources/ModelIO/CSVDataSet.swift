import ExactNumbers
import JSONDocument
import ReluNetwork

/// A data set for a model: the feature columns (every column but the target)
/// and the target column of a CSV file, read and checked by the one CSV rule (`CSVLimits.swift`).
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
            if let named = header.named(target), let position = Int(target), header.names.indices.contains(position), position != named {
                throw ModelInputError(file: file, reason: "--target \(CSVHeader.quoted(target)) is ambiguous: the column named \(CSVHeader.quoted(target)) is column \(named), and \(target) is also the index of column \(CSVHeader.quoted(header.names[position])); rename the column")
            }
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

import Foundation
import ReluNetwork

/// What is wrong with a sweep's parameters: which source (`--inputs` or a spec
/// file), which key, and why.
public struct SweepSpecError: Error, Sendable, CustomStringConvertible, Equatable {
    /// `nil` for command-line flags, else the spec file's path.
    public var file: String?
    public var key: String
    public var reason: String

    public init(file: String? = nil, key: String, reason: String) {
        self.file = file
        self.key = key
        self.reason = reason
    }

    public var description: String {
        (file.map { "\($0): key \(key)" } ?? "--\(key)") + ": " + reason
    }
}

/// A sweep over architectures and init schemes (SPEC §10, §12): the grid
/// `schemes × bias × outputs × samples × inputs × hidden`, each cell evaluated
/// for every teacher.
public struct SweepSpec: Sendable, Equatable {
    public var schemes: [InitScheme]
    public var inputs: [Int]
    public var hidden: [Int]
    public var outputs: [Int]
    public var bias: [Bool]
    public var teachers: [TeacherSigns]
    public var samples: [Int]
    public var seed: UInt64

    /// Largest accepted `d`, `l`, `e` and sample count (a typo should not allocate the machine away).
    public static let maximumWidth = 1 << 20
    public static let maximumSamples = 1 << 40
    public static let maximumCells = 1 << 20

    public init(schemes: [InitScheme], inputs: [Int], hidden: [Int], outputs: [Int] = [1], bias: [Bool] = [false],
                teachers: [TeacherSigns] = [], samples: [Int], seed: UInt64) {
        self.schemes = schemes
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.bias = bias
        self.teachers = teachers
        self.samples = samples
        self.seed = seed
    }

    /// One Monte Carlo cell of the grid, in the sweep's fixed order.
    public struct Cell: Sendable, Equatable {
        /// Position in `cells` (rows carry it; shards and merges rely on it).
        public var index: Int
        public var scheme: InitScheme
        public var architecture: Architecture
        public var samples: Int
    }

    /// Every cell, scheme outermost and `l` innermost.
    public var cells: [Cell] {
        var cells: [Cell] = []
        for scheme in schemes {
            for bias in bias {
                for e in outputs {
                    for n in samples {
                        for d in inputs {
                            for l in hidden {
                                cells.append(Cell(index: cells.count, scheme: scheme,
                                                  architecture: Architecture(inputs: d, hidden: l, outputs: e, bias: bias), samples: n))
                            }
                        }
                    }
                }
            }
        }
        return cells
    }

    /// Number of cells, or nil if it does not fit in an `Int`.
    public var cellCount: Int? {
        var product = 1
        for factor in [schemes.count, bias.count, outputs.count, samples.count, inputs.count, hidden.count] {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// Checks ranges and sizes; the error names the key.
    public func validate(file: String? = nil) throws(SweepSpecError) {
        func positive(_ values: [Int], _ key: String, maximum: Int = SweepSpec.maximumWidth) throws(SweepSpecError) {
            guard !values.isEmpty else { throw SweepSpecError(file: file, key: key, reason: "no values") }
            for value in values where value < 1 || value > maximum {
                throw SweepSpecError(file: file, key: key, reason: "\(value) is outside 1…\(maximum)")
            }
        }
        guard !schemes.isEmpty else { throw SweepSpecError(file: file, key: "scheme", reason: "no scheme given") }
        try positive(inputs, "inputs")
        try positive(hidden, "hidden")
        try positive(outputs, "outputs")
        guard !bias.isEmpty else { throw SweepSpecError(file: file, key: "bias", reason: "no values") }
        guard !samples.isEmpty else { throw SweepSpecError(file: file, key: "samples", reason: "no values") }
        for n in samples where n < 0 || n > SweepSpec.maximumSamples {
            throw SweepSpecError(file: file, key: "samples", reason: "\(n) is outside 0…\(SweepSpec.maximumSamples)")
        }
        guard let count = cellCount, count <= SweepSpec.maximumCells else {
            throw SweepSpecError(file: file, key: "inputs", reason: "the grid has more than \(SweepSpec.maximumCells) cells")
        }
    }

    /// The spec as a JSON object (written into every sweep document; `sweep merge` compares it).
    public var json: JSONValue {
        .object([
            ("scheme", .array(schemes.map { .string($0.description) })),
            ("inputs", .array(inputs.map(JSONValue.integer))),
            ("hidden", .array(hidden.map(JSONValue.integer))),
            ("outputs", .array(outputs.map(JSONValue.integer))),
            ("bias", .array(bias.map(JSONValue.bool))),
            ("teacher", .array(teachers.map { .string($0.description) })),
            ("samples", .array(samples.map(JSONValue.integer))),
            ("seed", .number(String(seed))),
        ])
    }
}

/// Integer lists as SPEC §12 writes them: `1,2,5`, `a:b` (inclusive) or `a:b:step`, and commas of those.
public enum IntegerList {
    public static func parse(_ text: String, key: String, file: String? = nil) throws(SweepSpecError) -> [Int] {
        var values: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let piece = part.trimmingCharacters(in: .whitespaces)
            let fields = piece.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !piece.isEmpty, fields.allSatisfy({ $0 != nil }), (1...3).contains(fields.count) else {
                throw SweepSpecError(file: file, key: key, reason: "'\(piece)' is not an integer, a:b or a:b:step")
            }
            let numbers = fields.compactMap { $0 }
            if numbers.count == 1 {
                values.append(numbers[0])
                continue
            }
            let step = numbers.count == 3 ? numbers[2] : 1
            guard step > 0 else { throw SweepSpecError(file: file, key: key, reason: "'\(piece)': the step must be positive") }
            guard numbers[0] <= numbers[1] else { throw SweepSpecError(file: file, key: key, reason: "'\(piece)': the range is empty") }
            let (span, overflow) = numbers[1].subtractingReportingOverflow(numbers[0])
            guard !overflow, span / step < SweepSpec.maximumCells else {
                throw SweepSpecError(file: file, key: key, reason: "'\(piece)' has more than \(SweepSpec.maximumCells) values")
            }
            values.append(contentsOf: stride(from: numbers[0], through: numbers[1], by: step))
        }
        return values
    }
}

/// `--shard i/N`: this machine runs cells whose index `c` has `c mod N = i − 1`
/// (round robin, so expensive large-`l` cells spread over the shards).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1…count.
    public var index: Int
    public var count: Int

    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= SweepSpec.maximumCells, (1...n).contains(i) else { return nil }
        index = i
        count = n
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(_ cell: Int) -> Bool { cell % count == index - 1 }
}

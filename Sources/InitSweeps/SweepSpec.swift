import Foundation
import JSONDocument
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
/// for every teacher; or, with `widths` (SPEC §13.9), the grid
/// `schemes × bias × samples × widths` over architectures of any depth.
public struct SweepSpec: Sendable, Equatable {
    public var schemes: [InitScheme]
    public var inputs: [Int]
    public var hidden: [Int]
    public var outputs: [Int]
    public var bias: [Bool]
    public var teachers: [TeacherSigns]
    public var samples: [Int]
    public var seed: UInt64
    /// Architectures `[d, n_1, …, e]` (any depth; `L = 2` runs as the two-layer
    /// cell `d, l, e`). Non-empty exactly when `inputs`, `hidden` and `outputs` are empty.
    public var widths: [[Int]]
    /// The training setup whose law every cell uses (SPEC §14; NTK multipliers
    /// resolved per architecture by `law(widths:)`). Plain gradient flow by default.
    public var law: TrainingLaw

    /// Largest accepted `d`, `l`, `e` and sample count (a typo should not allocate the machine away).
    public static let maximumWidth = 1 << 20
    public static let maximumSamples = 1 << 40
    public static let maximumCells = 1 << 20
    /// Most linear layers in one `widths` entry.
    public static let maximumDepth = 1 << 16

    public init(schemes: [InitScheme], inputs: [Int], hidden: [Int], outputs: [Int] = [1], bias: [Bool] = [false],
                teachers: [TeacherSigns] = [], samples: [Int], seed: UInt64, widths: [[Int]] = [], law: TrainingLaw = .gradientFlow) {
        self.schemes = schemes
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.bias = bias
        self.teachers = teachers
        self.samples = samples
        self.seed = seed
        self.widths = widths
        self.law = law
    }

    /// A sweep over `widths` (SPEC §13.9).
    public init(schemes: [InitScheme], widths: [[Int]], bias: [Bool] = [false], teachers: [TeacherSigns] = [],
                samples: [Int], seed: UInt64, law: TrainingLaw = .gradientFlow) {
        self.init(schemes: schemes, inputs: [], hidden: [], outputs: [], bias: bias, teachers: teachers,
                  samples: samples, seed: seed, widths: widths, law: law)
    }

    /// One Monte Carlo cell of the grid, in the sweep's fixed order.
    public struct Cell: Sendable, Equatable {
        /// Position in `cells` (rows carry it; shards and merges rely on it).
        public var index: Int
        public var scheme: InitScheme
        /// The two-layer architecture; for a deep cell (`deep` non-nil) only its
        /// `inputs`, `outputs` and `bias` mean anything (`hidden` is `n_1`).
        public var architecture: Architecture
        public var samples: Int
        /// The architecture when it has `L ≥ 3` layers (SPEC §13.9), else nil.
        public var deep: DeepArchitecture?

        public init(index: Int, scheme: InitScheme, architecture: Architecture, samples: Int, deep: DeepArchitecture? = nil) {
            self.index = index
            self.scheme = scheme
            self.architecture = architecture
            self.samples = samples
            self.deep = deep
        }
    }

    /// Every cell, scheme outermost and `l` innermost (with `widths`: scheme,
    /// bias, samples, then the `widths` entries in their order).
    public var cells: [Cell] {
        var cells: [Cell] = []
        if !widths.isEmpty {
            for scheme in schemes {
                for bias in bias {
                    for n in samples {
                        for entry in widths {
                            let deep = DeepArchitecture(widths: entry, bias: bias)
                            let architecture = Architecture(inputs: entry[0], hidden: entry[1], outputs: entry[entry.count - 1], bias: bias)
                            cells.append(Cell(index: cells.count, scheme: scheme, architecture: architecture, samples: n,
                                              deep: deep.depth >= 3 ? deep : nil))
                        }
                    }
                }
            }
            return cells
        }
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

    /// The cells `shard` runs (every cell without one).
    public func cells(in shard: Shard?) -> [Cell] {
        guard let shard else { return cells }
        return cells.filter { shard.contains($0.index) }
    }

    /// Number of cells, or nil if it does not fit in an `Int`.
    public var cellCount: Int? {
        if !widths.isEmpty { return SweepSpec.product([schemes.count, bias.count, samples.count, widths.count]) }
        return SweepSpec.product([schemes.count, bias.count, outputs.count, samples.count, inputs.count, hidden.count])
    }

    /// The product of list lengths, or nil on overflow.
    static func product(_ factors: [Int]) -> Int? {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// Refuses a grid of more than `maximumCells` cells, or more than
    /// `maximumCells` rows (cells × teachers), from the list lengths alone:
    /// called before any list is expanded.
    public static func checkGridSize(schemes: Int, bias: Int, outputs: Int, samples: Int, inputs: Int, hidden: Int,
                                     teachers: Int, file: String? = nil) throws(SweepSpecError) {
        let factors = [schemes, bias, outputs, samples, inputs, hidden]
        let described = "\(schemes) scheme(s) × \(bias) bias setting(s) × \(outputs) × \(samples) × \(inputs) × \(hidden) values of outputs, samples, inputs, hidden"
        guard let cells = product(factors), cells <= maximumCells else {
            throw SweepSpecError(file: file, key: "inputs", reason: "the grid has more than \(maximumCells) cells (\(described))")
        }
        guard let rows = product([cells, Swift.max(1, teachers)]), rows <= maximumCells else {
            throw SweepSpecError(file: file, key: "teacher", reason: "the sweep has more than \(maximumCells) rows (\(cells) cells × \(teachers) teachers)")
        }
    }

    /// The `widths` form of `checkGridSize`: `widths` entries in place of the
    /// `outputs × inputs × hidden` lists.
    public static func checkGridSize(schemes: Int, bias: Int, samples: Int, widths: Int,
                                     teachers: Int, file: String? = nil) throws(SweepSpecError) {
        let described = "\(schemes) scheme(s) × \(bias) bias setting(s) × \(samples) sample count(s) × \(widths) widths"
        guard let cells = product([schemes, bias, samples, widths]), cells <= maximumCells else {
            throw SweepSpecError(file: file, key: "widths", reason: "the grid has more than \(maximumCells) cells (\(described))")
        }
        guard let rows = product([cells, Swift.max(1, teachers)]), rows <= maximumCells else {
            throw SweepSpecError(file: file, key: "teacher", reason: "the sweep has more than \(maximumCells) rows (\(cells) cells × \(teachers) teachers)")
        }
    }

    /// Checks ranges and sizes; the error names the key.
    public func validate(file: String? = nil) throws(SweepSpecError) {
        if !widths.isEmpty {
            try validateWidths(file: file)
            try validateLaw(file: file)
            return
        }
        func positive(_ values: [Int], _ key: String, maximum: Int = SweepSpec.maximumWidth) throws(SweepSpecError) {
            guard !values.isEmpty else { throw SweepSpecError(file: file, key: key, reason: "no values") }
            for value in values where value < 1 || value > maximum {
                let problem = value < 0 ? "is negative" : (value == 0 ? "is zero" : "is too large")
                throw SweepSpecError(file: file, key: key, reason: "\(value) \(problem): each value must be in 1…\(maximum)")
            }
        }
        guard !schemes.isEmpty else { throw SweepSpecError(file: file, key: "scheme", reason: "no scheme given") }
        try positive(inputs, "inputs")
        try positive(hidden, "hidden")
        try positive(outputs, "outputs")
        guard !bias.isEmpty else { throw SweepSpecError(file: file, key: "bias", reason: "no values") }
        guard !samples.isEmpty else { throw SweepSpecError(file: file, key: "samples", reason: "no values") }
        for n in samples where n < 0 || n > SweepSpec.maximumSamples {
            throw SweepSpecError(file: file, key: "samples", reason: "\(n) \(n < 0 ? "is negative" : "is too large"): each value must be in 0…\(SweepSpec.maximumSamples)")
        }
        try SweepSpec.checkGridSize(schemes: schemes.count, bias: bias.count, outputs: outputs.count, samples: samples.count,
                                    inputs: inputs.count, hidden: hidden.count, teachers: teachers.count, file: file)
        try validateLaw(file: file)
    }

    /// The spec as a JSON object (written into every sweep document; `sweep merge`
    /// compares it). The law keys follow the others, and only when a law was given.
    public var json: JSONValue {
        guard case .object(let members) = gridJSON else { return gridJSON }
        return .object(members + lawMembers)
    }

    /// The grid's keys, as written before sweeps took laws.
    var gridJSON: JSONValue {
        if !widths.isEmpty {
            return .object([
                ("scheme", .array(schemes.map { .string($0.description) })),
                ("widths", .array(widths.map { .array($0.map(JSONValue.integer)) })),
                ("bias", .array(bias.map(JSONValue.bool))),
                ("teacher", .array(teachers.map { .string($0.description) })),
                ("samples", .array(samples.map(JSONValue.integer))),
                ("seed", .number(String(seed))),
            ])
        }
        return .object([
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
///
/// Parsing and expansion are separate: `IntegerList.Ranges` holds the pieces and
/// their total count, so a list is measured (and refused past
/// `SweepSpec.maximumCells` values) before a single value is materialised —
/// `1:100000,1:100000,…` in a 30 KB spec is 3·10⁸ values, refused, not allocated.
public enum IntegerList {
    /// The pieces of a list, not expanded.
    public struct Ranges: Sendable, Equatable {
        /// `(first, last, step)`; a single integer is `(n, n, 1)`.
        public var pieces: [(first: Int, last: Int, step: Int)]
        /// Number of values the list expands to (it fits: at most `SweepSpec.maximumCells`).
        public var count: Int

        public static func == (lhs: Ranges, rhs: Ranges) -> Bool {
            lhs.count == rhs.count && lhs.pieces.elementsEqual(rhs.pieces) { $0 == $1 }
        }

        /// Every value, in order.
        public var values: [Int] {
            var values: [Int] = []
            values.reserveCapacity(count)
            for piece in pieces { values.append(contentsOf: stride(from: piece.first, through: piece.last, by: piece.step)) }
            return values
        }
    }

    /// The list's pieces and total count, refused when the total passes `maximum` values.
    public static func ranges(_ text: String, key: String, file: String? = nil,
                              maximum: Int = SweepSpec.maximumCells) throws(SweepSpecError) -> Ranges {
        var pieces: [(first: Int, last: Int, step: Int)] = []
        var total = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let piece = part.trimmingCharacters(in: .whitespaces)
            let fields = piece.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !piece.isEmpty, fields.allSatisfy({ $0 != nil }), (1...3).contains(fields.count) else {
                throw SweepSpecError(file: file, key: key, reason: "'\(piece)' is not an integer, a:b or a:b:step")
            }
            let numbers = fields.compactMap { $0 }
            let count: Int
            if numbers.count == 1 {
                pieces.append((numbers[0], numbers[0], 1))
                count = 1
            } else {
                let step = numbers.count == 3 ? numbers[2] : 1
                guard step > 0 else { throw SweepSpecError(file: file, key: key, reason: "'\(piece)': the step must be positive") }
                guard numbers[0] <= numbers[1] else { throw SweepSpecError(file: file, key: key, reason: "'\(piece)': the range is empty") }
                let (span, overflow) = numbers[1].subtractingReportingOverflow(numbers[0])
                guard !overflow, span / step < maximum else {
                    throw SweepSpecError(file: file, key: key, reason: "'\(piece)' has more than \(maximum) values")
                }
                pieces.append((numbers[0], numbers[1], step))
                count = span / step + 1
            }
            total += count   // both ≤ maximum: no overflow
            guard total <= maximum else {
                throw SweepSpecError(file: file, key: key, reason: "the list has more than \(maximum) values in total (after \(pieces.count) pieces)")
            }
        }
        return Ranges(pieces: pieces, count: total)
    }

    /// The expanded list (at most `maximum` values).
    public static func parse(_ text: String, key: String, file: String? = nil,
                             maximum: Int = SweepSpec.maximumCells) throws(SweepSpecError) -> [Int] {
        try ranges(text, key: key, file: file, maximum: maximum).values
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

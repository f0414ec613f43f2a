import ExactNumbers
import Foundation

/// How to read a model file (SPEC §12).
public struct ModelReadOptions: Sendable {
    /// Names of `W1, b1, W2, b2` inside the file (`nil` entries for absent
    /// tensors). In a directory the names are file stems (`W1` → `W1.npy`).
    public var keys: TensorKeys
    /// Activation for formats that do not record one (`.npy` directories).
    public var activation: Activation

    public init(keys: TensorKeys = .standard, activation: Activation = .relu) {
        self.keys = keys
        self.activation = activation
    }
}

/// Names of the four parameter tensors (`--keys W1,b1,W2,b2`, `-` for absent).
public struct TensorKeys: Sendable, Equatable {
    public var inputWeights: String
    public var hiddenBias: String?
    public var outputWeights: String
    public var outputBias: String?
    /// Whether absent bias names were given explicitly (`-`), forbidding the default look-up.
    public var explicit: Bool

    public static let standard = TensorKeys(inputWeights: "W1", hiddenBias: "b1", outputWeights: "W2", outputBias: "b2", explicit: false)

    public init(inputWeights: String, hiddenBias: String?, outputWeights: String, outputBias: String?, explicit: Bool) {
        self.inputWeights = inputWeights
        self.hiddenBias = hiddenBias
        self.outputWeights = outputWeights
        self.outputBias = outputBias
        self.explicit = explicit
    }

    /// Parses `W1,b1,W2,b2` with `-` for an absent bias; nil when malformed
    /// (`parsingProblem` says why).
    public init?(parsing text: String) {
        guard TensorKeys.parsingProblem(text) == nil else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        self.init(inputWeights: parts[0], hiddenBias: parts[1] == "-" ? nil : parts[1],
                  outputWeights: parts[2], outputBias: parts[3] == "-" ? nil : parts[3], explicit: true)
    }

    /// Why `text` is not a `--keys` value (completing "--keys …"), or nil when it is one.
    public static func parsingProblem(_ text: String) -> String? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] != "-", parts[2] != "-", !parts.contains(where: \.isEmpty) else {
            return "expects four comma-separated names W1,b1,W2,b2 ('-' for an absent bias), got '\(text)'"
        }
        for part in parts where part != "-" {
            if let problem = nameProblem(part) { return problem }
        }
        return nil
    }

    /// Why `name` cannot name a tensor, or nil. In a `.npy` directory a name is
    /// a file stem (`W1` → `DIR/W1.npy`), so it must be a plain file name: a
    /// `/`, `.`, `..` or NUL would read (or, for `repair`, write) outside the
    /// directory. The same rule holds for every format, so a `--keys` value
    /// means the same thing whatever the model is.
    public static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.unicodeScalars.contains("\0") else {
            let shown = name.replacingOccurrences(of: "\0", with: "\\0")
            return "name '\(shown)' must be a plain name (not empty, not '.' or '..', no '/' or NUL): in a .npy directory it is a file stem"
        }
        return nil
    }
}

/// Reads a MODEL argument: a `.json` file or a directory of `.npy` files (SPEC §12).
public enum ModelReader {
    public static func read(path: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> ReluNetworkModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelInputError(file: path, reason: "no such file or directory")
        }
        if isDirectory.boolValue { return try readNpyDirectory(path, options: options) }
        let lower = path.lowercased()
        if lower.hasSuffix(".json") {
            return try ModelJSONReader.read(path: path)
        }
        if lower.hasSuffix(".npz") { return try read(NpzArchive(path: path), options: options) }
        if lower.hasSuffix(".safetensors") { return try read(SafetensorsArchive(path: path), options: options) }
        // Unknown extension: decide by content.
        let data = try NpyReader.readFile(path)
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return try read(NpzArchive(data: data, file: path, fileBacked: true), options: options)
        }
        if head.count == 8, data.count > 8, data[data.startIndex + 8] == UInt8(ascii: "{") {
            return try read(SafetensorsArchive(data: data, file: path, fileBacked: true), options: options)
        }
        if head.first == UInt8(ascii: "{") { return try ModelJSONReader.parse([UInt8](data), file: path) }
        throw ModelInputError(file: path, reason: "unrecognised model format: expected .json, .npz, .safetensors, or a directory holding W1.npy [b1.npy] W2.npy [b2.npy]")
    }

    /// A model from bytes in memory (`.npz`, `.safetensors`, model JSON, or a
    /// single `.npy` read as `W1` of a network with `W2 = 1`): the entry point of
    /// the fuzzers (`Sources/relutopo-fuzz`), which must never trap.
    public static func read(bytes data: Data, format: ModelFormat, file: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> ReluNetworkModel {
        switch format {
        case .npz: return try read(NpzArchive(data: data, file: file), options: options)
        case .safetensors: return try read(SafetensorsArchive(data: data, file: file), options: options)
        case .json: return try ModelJSONReader.parse([UInt8](data), file: file)
        case .npyDirectory:
            let w1 = try NpyReader.tensor(from: data, file: file, name: "W1")
            // The shape is file content: (10^15, 0) holds no element, and a W2 of
            // 10^15 ones must not be built before the model refuses it as empty.
            let hidden = w1.values.count == 0 ? 0 : (w1.shape.first ?? 0)
            let w2 = Tensor(name: "W2", shape: [1, hidden], values: .binary64([Double](repeating: 1, count: hidden)), file: file)
            return try ReluNetworkModel(source: file, inputWeights: w1, hiddenBias: nil, outputWeights: w2, outputBias: nil, activation: options.activation)
        }
    }

    /// A directory holding `W1.npy [b1.npy] W2.npy [b2.npy]` (names per `options.keys`).
    static func readNpyDirectory(_ directory: String, options: ModelReadOptions) throws(ModelInputError) -> ReluNetworkModel {
        if let interrupted = StagedDirectory.pending(in: directory).first {
            throw ModelInputError(file: directory, reason: "a repair of this directory was interrupted (\((interrupted as NSString).lastPathComponent) holds its checked tensors); `relutopo repair \(directory) -o \(directory) --in-place` finishes it")
        }
        let keys = options.keys
        // Stems are file names inside the directory, never paths out of it.
        for stem in [keys.inputWeights, keys.hiddenBias, keys.outputWeights, keys.outputBias].compactMap({ $0 }) {
            if let problem = TensorKeys.nameProblem(stem) { throw ModelInputError(file: directory, reason: problem) }
        }
        func file(_ stem: String) -> String { (directory as NSString).appendingPathComponent(stem + ".npy") }
        // A bias is absent only when nothing is there: a FIFO, a directory or a
        // dangling link named b1.npy is refused by name, not taken for "no bias".
        func optional(_ stem: String?) throws(ModelInputError) -> Tensor? {
            guard let stem else { return nil }
            let path = file(stem)
            guard RegularFile.entryExists(path) else { return nil }
            return try NpyReader.readTensor(path: path, name: stem)
        }
        let w1Path = file(keys.inputWeights), w2Path = file(keys.outputWeights)
        guard RegularFile.entryExists(w1Path) else {
            throw ModelInputError(file: directory, tensor: keys.inputWeights, reason: "missing \(keys.inputWeights).npy (a model directory holds W1.npy [b1.npy] W2.npy [b2.npy])")
        }
        guard RegularFile.entryExists(w2Path) else {
            throw ModelInputError(file: directory, tensor: keys.outputWeights, reason: "missing \(keys.outputWeights).npy (a model directory holds W1.npy [b1.npy] W2.npy [b2.npy])")
        }
        let w1 = try NpyReader.readTensor(path: w1Path, name: keys.inputWeights)
        let b1 = try optional(keys.hiddenBias)
        let w2 = try NpyReader.readTensor(path: w2Path, name: keys.outputWeights)
        let b2 = try optional(keys.outputBias)
        var model = try ReluNetworkModel(source: directory, inputWeights: w1, hiddenBias: b1, outputWeights: w2,
                                         outputBias: b2, activation: options.activation)
        model.format = .npyDirectory
        return model
    }
}

/// Model JSON (SPEC §12): `{"W1": [[…]], "b1": […], "W2": [[…]], "b2": […],
/// "activation": "relu" | {"leaky_relu": γ}}`. Numbers are exact decimals,
/// strings are `"p/q"` or decimals (SPEC §8).
public enum ModelJSONReader {
    static let knownKeys: Set<String> = ["W1", "b1", "W2", "b2", "activation"]

    public static func read(path: String) throws(ModelInputError) -> ReluNetworkModel {
        let data = try NpyReader.readFile(path)
        return try parse([UInt8](data), file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(ModelInputError) -> ReluNetworkModel {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw ModelInputError(file: file, reason: error.description)
        }
        guard case .object(let members) = document else {
            throw ModelInputError(file: file, reason: "expected a JSON object with keys W1, W2 (and optionally b1, b2, activation)")
        }
        if let unknown = members.first(where: { !knownKeys.contains($0.0) }) {
            throw ModelInputError(file: file, reason: "unknown key \"\(unknown.0)\" (known: W1, b1, W2, b2, activation)")
        }
        func tensor(_ name: String, required: Bool) throws(ModelInputError) -> Tensor? {
            guard let value = document[name], value != .null else {
                if required { throw ModelInputError(file: file, tensor: name, reason: "missing required key \"\(name)\"") }
                return nil
            }
            return try makeTensor(value, name: name, file: file)
        }
        var activation = Activation.relu
        if let value = document["activation"] {
            activation = try parseActivation(value, file: file)
        }
        guard let w1 = try tensor("W1", required: true), let w2 = try tensor("W2", required: true) else {
            throw ModelInputError(file: file, reason: "missing W1 or W2")
        }
        return try ReluNetworkModel(source: file, inputWeights: w1, hiddenBias: try tensor("b1", required: false),
                                    outputWeights: w2, outputBias: try tensor("b2", required: false), activation: activation)
    }

    static func parseActivation(_ value: JSONValue, file: String) throws(ModelInputError) -> Activation {
        switch value {
        case .string("relu"): return .relu
        case .object(let members) where members.count == 1 && members[0].0 == "leaky_relu":
            let slope = try number(members[0].1, file: file, tensor: "activation", index: nil)
            guard let activation = Activation.leaky(slope) else {
                throw ModelInputError(file: file, tensor: "activation", reason: "leaky_relu slope must satisfy 0 ≤ γ < 1, got \(slope)")
            }
            return activation
        default:
            throw ModelInputError(file: file, tensor: "activation", reason: "expected \"relu\" or {\"leaky_relu\": γ}")
        }
    }

    static func number(_ value: JSONValue, file: String, tensor: String, index: [Int]?) throws(ModelInputError) -> Rational {
        let text: String
        switch value {
        case .number(let literal): text = literal
        case .string(let literal): text = literal
        default:
            throw ModelInputError(file: file, tensor: tensor, index: index, reason: "expected a number or a \"p/q\" string")
        }
        do {
            return try Rational(parsing: text)
        } catch {
            throw ModelInputError(file: file, tensor: tensor, index: index, reason: error.description)
        }
    }

    /// A 1-D or 2-D rectangular array of exact numbers.
    static func makeTensor(_ value: JSONValue, name: String, file: String) throws(ModelInputError) -> Tensor {
        guard case .array(let outer) = value else {
            // A bare number is a 0-d tensor (allowed for b2 when e = 1).
            let scalar = try number(value, file: file, tensor: name, index: nil)
            return Tensor(name: name, shape: [], values: .exact([scalar]), file: file)
        }
        let isMatrix = outer.contains { if case .array = $0 { return true } else { return false } }
        if !isMatrix {
            var values: [Rational] = []
            values.reserveCapacity(outer.count)
            for (i, element) in outer.enumerated() { values.append(try number(element, file: file, tensor: name, index: [i])) }
            return Tensor(name: name, shape: [outer.count], values: .exact(values), file: file)
        }
        var columns: Int? = nil
        var values: [Rational] = []
        for (i, row) in outer.enumerated() {
            guard case .array(let entries) = row else {
                throw ModelInputError(file: file, tensor: name, index: [i], reason: "expected a row (array); rows must all be arrays")
            }
            if let columns, entries.count != columns {
                throw ModelInputError(file: file, tensor: name, index: [i], reason: "row has \(entries.count) entries, row 0 has \(columns)")
            }
            columns = entries.count
            for (j, element) in entries.enumerated() {
                values.append(try number(element, file: file, tensor: name, index: [i, j]))
            }
        }
        return Tensor(name: name, shape: [outer.count, columns ?? 0], values: .exact(values), file: file)
    }
}

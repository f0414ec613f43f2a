import ExactNumbers
import JSONDocument
import ReluNetwork

/// Model JSON (SPEC §12): `{"W1": [[…]], "b1": […], "W2": [[…]], "b2": […],
/// "activation": "relu" | {"leaky_relu": γ}}`. Numbers are exact decimals,
/// strings are `"p/q"` or decimals (SPEC §8).
public enum ModelJSONReader {
    static let knownKeys: Set<String> = ["W1", "b1", "W2", "b2", "activation"]

    public static func read(path: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> ReluNetworkModel {
        let data = try RegularFile.map(path)
        return try parse([UInt8](data), file: path, options: options)
    }

    /// `options`: the activation when the document records none, or when it was
    /// given explicitly (`--activation` overrides the file).
    public static func parse(_ bytes: [UInt8], file: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> ReluNetworkModel {
        let (document, members) = try object(bytes, file: file)
        if document["layers"] != nil {
            // {"layers": …} of two layers is a two-layer model; deeper ones are refused there with the widths.
            return try parseLayered(bytes, file: file, options: options).twoLayerModel()
        }
        if let unknown = members.first(where: { !knownKeys.contains($0.0) }) {
            if unknown.0 == "W3" {
                throw ModelInputError(file: file, reason: "the document describes a network with more than one hidden layer (\"\(unknown.0)\"); this command reads one hidden layer (analyze and obstruct read any depth)")
            }
            throw ModelInputError(file: file, reason: "unknown key \"\(unknown.0)\" (known: W1, b1, W2, b2, activation)")
        }
        func tensor(_ name: String, required: Bool) throws(ModelInputError) -> Tensor? {
            guard let value = document[name], value != .null else {
                if required { throw ModelInputError(file: file, tensor: name, reason: "missing required key \"\(name)\"") }
                return nil
            }
            return try makeTensor(value, name: name, file: file)
        }
        // The command line overrides what the file records (and the file, the default).
        var activation = options.activation
        if let value = document["activation"] {
            let recorded = try parseActivation(value, file: file)
            if !options.activationGiven { activation = recorded }
        }
        guard let w1 = try tensor("W1", required: true), let w2 = try tensor("W2", required: true) else {
            throw ModelInputError(file: file, reason: "missing W1 or W2")
        }
        return try ReluNetworkModel(source: file, inputWeights: w1, hiddenBias: try tensor("b1", required: false),
                                    outputWeights: w2, outputBias: try tensor("b2", required: false), activation: activation)
    }

    /// The document as a JSON object and its members (a leading UTF-8
    /// byte-order mark, which Windows editors write, is not part of it).
    static func object(_ bytes: [UInt8], file: String) throws(ModelInputError) -> (JSONValue, [(String, JSONValue)]) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        } catch {
            throw ModelInputError(file: file, reason: error.description)
        }
        guard case .object(let members) = document else {
            throw ModelInputError(file: file, reason: "expected a JSON object with keys W1, W2 (and optionally b1, b2, activation)")
        }
        return (document, members)
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

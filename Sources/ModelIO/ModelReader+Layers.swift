import Foundation
import JSONDocument
import ReluNetwork

/// Networks of any depth (SPEC §12–§13.1): `W1, b1, …, WL, bL` in model JSON and
/// `.npy` directories, `{"layers": [{"W": …, "b": …}, …]}` in JSON, the chain
/// of 2-D tensors of an archive (`0.weight → 2.weight → 4.weight`), or
/// `--keys W1,b1,…,WL,bL`. Two-layer files read exactly as `read` reads them.
extension ModelReader {
    public static func readLayered(path: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> LayeredNetwork {
        var network = try readLayeredUnderLaw(path: path, options: options)
        guard !options.law.isGradientFlow else { return network }
        // SPEC §14: the law resolved for these widths; a count that does not match names the file.
        let resolved = options.law.resolved(widths: network.widths)
        if let problem = resolved.problem(widths: network.widths) { throw ModelInputError(file: path, reason: problem) }
        network.law = resolved
        return network
    }

    static func readLayeredUnderLaw(path: String, options: ModelReadOptions) throws(ModelInputError) -> LayeredNetwork {
        switch try source(path) {
        case .directory:
            let numbered = options.keys == .standard ? numberedWeights((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [], suffix: ".npy") : []
            let deep = options.keys.layers != nil || numbered.contains { $0 >= 3 }
            return deep ? try readNpyLayers(path, options: options) : LayeredNetwork(try readNpyDirectory(path, options: options))
        case .json(let bytes): return try ModelJSONReader.parseLayered(bytes, file: path, options: options)
        case .archive(let archive): return try readLayered(archive, options: options)
        }
    }

    /// `W1.npy [b1.npy] … WL.npy [bL.npy]` (or the `--keys` list).
    static func readNpyLayers(_ directory: String, options: ModelReadOptions) throws(ModelInputError) -> LayeredNetwork {
        if let interrupted = StagedDirectory.pending(in: directory).first {
            throw ModelInputError(file: directory, reason: "a repair of this directory was interrupted (\((interrupted as NSString).lastPathComponent) holds its checked tensors); `relutopo repair \(directory) -o \(directory) --in-place` finishes it")
        }
        func file(_ stem: String) -> String { (directory as NSString).appendingPathComponent(stem + ".npy") }
        var names: [(weights: String, bias: String?)] = []
        let explicit = options.keys.layers != nil
        if let given = options.keys.layers {
            names = given
        } else {
            // Every W<h>.npy of the directory, with no gap: W1 … WL.
            let numbered = numberedWeights((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [], suffix: ".npy")
            let depth = numbered.max() ?? 0
            if let missing = (1...max(depth, 2)).first(where: { !numbered.contains($0) }) {
                throw ModelInputError(file: directory, tensor: "W\(missing)", reason: "missing W\(missing).npy (the directory holds \(numbered.sorted().map { "W\($0).npy" }.joined(separator: ", ")); a model directory holds W1.npy … WL.npy with no gap)")
            }
            names = (1...depth).map { ("W\($0)", "b\($0)") }
        }
        for stem in names.flatMap({ [$0.weights, $0.bias].compactMap { $0 } }) {
            if let problem = TensorKeys.nameProblem(stem) { throw ModelInputError(file: directory, reason: problem) }
        }
        var layers: [LinearLayer] = []
        for (weights, bias) in names {
            guard FileIdentity.exists(file(weights)) else {
                throw ModelInputError(file: directory, tensor: weights, reason: "missing \(weights).npy")
            }
            let w = try NpyReader.readTensor(path: file(weights), name: weights)
            let b = try bias.flatMap { stem throws(ModelInputError) -> Tensor? in
                if FileIdentity.exists(file(stem)) { return try NpyReader.readTensor(path: file(stem), name: stem) }
                // A bias named in --keys is a file to read; '-' says absent.
                if explicit { throw ModelInputError(file: directory, tensor: stem, reason: "missing \(stem).npy (named by --keys; '-' says a bias is absent)") }
                return nil
            }
            layers.append(LinearLayer(weights: w, bias: b))
        }
        var network = try LayeredNetwork(source: directory, layers: layers, activation: options.activation)
        network.format = .npyDirectory
        network.tensorNames = zip(names, layers).map { ($0.0.weights, $0.1.bias == nil ? nil : $0.0.bias) }
        return network
    }

    /// The layers of an archive: `--keys` as a list, else the one chain of
    /// three or more 2-D tensors in natural name order, else the two-layer rules.
    static func readLayered(_ archive: TensorArchive, options: ModelReadOptions) throws(ModelInputError) -> LayeredNetwork {
        let catalogue = archive.catalogue
        let shapes = Dictionary(catalogue.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        var names: [(weights: String, bias: String?)]
        var autoDetected = false
        if let given = options.keys.layers {
            for name in given.flatMap({ [$0.weights, $0.bias].compactMap { $0 } }) where shapes[name] == nil {
                throw ModelInputError(file: archive.file, tensor: name, reason: "no tensor named \"\(name)\"")
            }
            names = given
        } else if options.keys.explicit {
            // A two-layer --keys names what is read, whatever else the file holds.
            return LayeredNetwork(try read(archive, options: options))
        } else {
            let numbered = numberedWeights(catalogue.map(\.name), suffix: "")
            let depth = numbered.max() ?? 0
            if depth >= 3 {
                if let missing = (1...depth).first(where: { !numbered.contains($0) }) {
                    throw ModelInputError(file: archive.file, tensor: "W\(missing)", reason: "no tensor named W\(missing) (the file holds \(numbered.sorted().map { "W\($0)" }.joined(separator: ", ")): the layers W1 … WL must have no gap)")
                }
                names = (1...depth).map { ("W\($0)", shapes["b\($0)"] != nil ? "b\($0)" : nil) }
            } else if depth < 2, let chain = chainOfLayers(catalogue) {
                // A layer's own bias (`x.weight` → `x.bias`) is read whatever its shape: a wrong one is refused, never passed over.
                names = chain.map { name in
                    let bias = name.hasSuffix("weight") ? String(name.dropLast("weight".count)) + "bias" : nil
                    return (name, bias.flatMap { shapes[$0] != nil ? $0 : nil })
                }
                autoDetected = true
            } else {
                return LayeredNetwork(try read(archive, options: options))
            }
        }
        var layers: [LinearLayer] = []
        for (weights, bias) in names {
            layers.append(LinearLayer(weights: try archive.tensor(named: weights),
                                      bias: try bias.map { name throws(ModelInputError) in try archive.tensor(named: name) }))
        }
        var network = try LayeredNetwork(source: archive.file, layers: layers, activation: options.activation)
        network.tensorNames = names
        network.autoDetected = autoDetected
        network.format = archive is NpzArchive ? .npz : (archive is TorchArchive ? .pytorch : .safetensors)
        return network
    }
}

extension ModelReader {
    /// The `h` of every `W<h><suffix>` among `names` (`W3.npy`, `W12`).
    static func numberedWeights(_ names: [String], suffix: String) -> Set<Int> {
        Set(names.compactMap { name -> Int? in
            guard name.hasPrefix("W"), name.hasSuffix(suffix) else { return nil }
            let digits = name.dropFirst().dropLast(suffix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0", digits.count <= 6 else { return nil }
            return Int(digits)
        })
    }

    /// The one chain of three or more layers in natural name order: 2-D weights
    /// whose shapes chain, the last possibly a 1-D `…weight` vector (e = 1).
    static func chainOfLayers(_ catalogue: [(name: String, shape: [Int])]) -> [String]? {
        let candidates = catalogue.filter { entry in
            (entry.shape.count == 2 && entry.shape.allSatisfy { $0 > 0 }) || (entry.shape.count == 1 && entry.name.hasSuffix("weight") && entry.shape[0] > 0)
        }.sorted { naturalOrder($0.name, $1.name) }
        guard candidates.count >= 3 else { return nil }
        for (index, (previous, next)) in zip(candidates, candidates.dropFirst()).enumerated() {
            guard previous.shape.count == 2 else { return nil }            // a vector only at the end
            let last = index == candidates.count - 2
            let fits = next.shape.count == 2 ? next.shape[1] == previous.shape[0] : last && next.shape[0] == previous.shape[0]
            guard fits else { return nil }
        }
        return candidates.map(\.name)
    }
}

extension ModelJSONReader {
    /// Model JSON of any depth: `W1, b1, …, WL, bL` or `{"layers": [{"W": …, "b": …}, …]}`;
    /// a two-layer document reads exactly as `parse` reads it.
    public static func parseLayered(_ bytes: [UInt8], file: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> LayeredNetwork {
        let (document, members) = try object(bytes, file: file)
        let hasLayers = document["layers"] != nil
        let depth = (1...).prefix { document["W\($0)"] != nil }.count
        guard hasLayers || depth >= 3 else { return LayeredNetwork(try parse(bytes, file: file, options: options)) }
        var activation = options.activation
        if let value = document["activation"], !options.activationGiven { activation = try parseActivation(value, file: file) }
        var layers: [LinearLayer] = []
        if hasLayers {
            if let other = members.first(where: { $0.0 != "layers" && $0.0 != "activation" }) {
                throw ModelInputError(file: file, reason: "unknown key \"\(other.0)\" beside \"layers\" (known: layers, activation)")
            }
            guard case .array(let entries)? = document["layers"] else {
                throw ModelInputError(file: file, tensor: "layers", reason: "expected an array of {\"W\": …, \"b\": …}")
            }
            for (h, entry) in entries.enumerated() {
                guard case .object(let fields) = entry, let w = entry["W"], w != .null else {
                    throw ModelInputError(file: file, tensor: "layers", index: [h], reason: "expected {\"W\": [[…]], \"b\": […]}")
                }
                if let other = fields.first(where: { $0.0 != "W" && $0.0 != "b" }) {
                    throw ModelInputError(file: file, tensor: "layers", index: [h], reason: "unknown key \"\(other.0)\" (known: W, b)")
                }
                let bias = entry["b"].flatMap { $0 == .null ? nil : $0 }
                layers.append(LinearLayer(weights: try makeTensor(w, name: "W\(h + 1)", file: file),
                                          bias: try bias.map { value throws(ModelInputError) in try makeTensor(value, name: "b\(h + 1)", file: file) }))
            }
        } else {
            let known = Set((1...depth).flatMap { ["W\($0)", "b\($0)"] } + ["activation"])
            if let other = members.first(where: { !known.contains($0.0) }) {
                throw ModelInputError(file: file, reason: "unknown key \"\(other.0)\" (known: W1 … W\(depth), b1 … b\(depth), activation)")
            }
            for h in 1...depth {
                guard let w = document["W\(h)"] else { continue }
                let bias = document["b\(h)"].flatMap { $0 == .null ? nil : $0 }
                layers.append(LinearLayer(weights: try makeTensor(w, name: "W\(h)", file: file),
                                          bias: try bias.map { value throws(ModelInputError) in try makeTensor(value, name: "b\(h)", file: file) }))
            }
        }
        return try LayeredNetwork(source: file, layers: layers, activation: activation)
    }
}

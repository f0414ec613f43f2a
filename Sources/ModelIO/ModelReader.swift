import Foundation
import ReluNetwork

/// Reads a MODEL argument: a `.json`, `.npz`, `.safetensors` or PyTorch file, or a
/// directory of `.npy` files (SPEC §12).
public enum ModelReader {
    public static func read(path: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> ReluNetworkModel {
        try applying(options.law, to: readUnderLaw(path: path, options: options))
    }

    /// SPEC §14: the law resolved for the model's widths and checked against
    /// them (a count that does not match is bad input naming the file).
    static func applying(_ law: TrainingLaw, to model: ReluNetworkModel) throws(ModelInputError) -> ReluNetworkModel {
        guard !law.isGradientFlow else { return model }
        let widths = [model.shape.inputs, model.shape.hidden, model.shape.outputs]
        let resolved = law.resolved(widths: widths)
        if let problem = resolved.problem(widths: widths) { throw ModelInputError(file: model.source, reason: problem) }
        var model = model
        model.law = resolved.neuronLaw(layer: 1, depth: 2)
        return model
    }

    static func readUnderLaw(path: String, options: ModelReadOptions) throws(ModelInputError) -> ReluNetworkModel {
        switch try source(path) {
        case .directory: return try readNpyDirectory(path, options: options)
        case .json(let bytes): return try ModelJSONReader.parse(bytes, file: path, options: options)
        case .archive(let archive): return try read(archive, options: options)
        }
    }

    /// What a MODEL path holds, decided in one place for every reader (two
    /// layers or any depth): a directory of `.npy` files, model JSON, or an
    /// archive of named tensors.
    enum Source {
        case directory
        case json([UInt8])
        case archive(any TensorArchive)
    }

    /// By extension first, then by content, so a misnamed file still reads: a
    /// ZIP is a torch file when it holds `<name>/data.pkl` (or is named like
    /// one: then a missing data.pkl is said so), else an `.npz`.
    static func source(_ path: String) throws(ModelInputError) -> Source {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelInputError(file: path, reason: "no such file or directory")
        }
        if isDirectory.boolValue { return .directory }
        let lower = path.lowercased()
        let torchName = [".pt", ".pth", ".bin"].contains(where: lower.hasSuffix)
        if lower.hasSuffix(".json") { return .json([UInt8](try RegularFile.map(path))) }
        if lower.hasSuffix(".safetensors") { return .archive(try SafetensorsArchive(path: path)) }
        let data = try RegularFile.map(path)
        let head = [UInt8](data.prefix(8))
        if lower.hasSuffix(".npz") || head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let zip = try ZipArchive(data: data, file: path, fileBacked: true)
            if TorchArchive.pickleEntry(in: zip) != nil || torchName {
                return .archive(try TorchArchive(zip: zip, fileBacked: true))
            }
            return .archive(try NpzArchive(archive: zip))
        }
        if TorchArchive.isLegacy(data.prefix(15)) { return .archive(try TorchArchive(data: data, file: path, fileBacked: true)) }
        if head.count == 8, data.count > 8, data[data.startIndex + 8] == UInt8(ascii: "{") {
            return .archive(try SafetensorsArchive(data: data, file: path, fileBacked: true))
        }
        if head.first == UInt8(ascii: "{") { return .json([UInt8](data)) }
        // Named like a torch file but none: the torch reader says how torch can convert it.
        if torchName { return .archive(try TorchArchive(data: data, file: path, fileBacked: true)) }
        throw ModelInputError(file: path, reason: "unrecognised model format: expected .json, .npz, .safetensors, a PyTorch .pt/.pth, or a directory holding W1.npy [b1.npy] W2.npy [b2.npy]")
    }

    /// A model from bytes in memory (`.npz`, `.safetensors`, a torch file, model JSON, or a
    /// single `.npy` read as `W1` of a network with `W2 = 1`): the entry point of
    /// the fuzzers (`Sources/relutopo-fuzz`), which must never trap.
    public static func read(bytes data: Data, format: ModelFormat, file: String, options: ModelReadOptions = ModelReadOptions()) throws(ModelInputError) -> ReluNetworkModel {
        switch format {
        case .npz: return try read(NpzArchive(data: data, file: file), options: options)
        case .safetensors: return try read(SafetensorsArchive(data: data, file: file), options: options)
        case .pytorch: return try read(TorchArchive(data: data, file: file), options: options)
        case .json: return try ModelJSONReader.parse([UInt8](data), file: file, options: options)
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
            guard FileIdentity.exists(path) else {
                // A bias named by --keys is a file to read ('-' says absent); the default names may be absent.
                if keys.explicit { throw ModelInputError(file: directory, tensor: stem, reason: "missing \(stem).npy (named by --keys; '-' says a bias is absent)") }
                return nil
            }
            return try NpyReader.readTensor(path: path, name: stem)
        }
        if keys == .standard && FileIdentity.exists(file("W3")) {
            throw ModelInputError(file: directory, tensor: "W3", reason: "the directory holds W3.npy: a network with more than one hidden layer; this command reads one hidden layer (analyze and obstruct read any depth)")
        }
        let w1Path = file(keys.inputWeights), w2Path = file(keys.outputWeights)
        guard FileIdentity.exists(w1Path) else {
            throw ModelInputError(file: directory, tensor: keys.inputWeights, reason: "missing \(keys.inputWeights).npy (a model directory holds W1.npy [b1.npy] W2.npy [b2.npy])")
        }
        guard FileIdentity.exists(w2Path) else {
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

extension ModelReader {
    /// Reads `W1, b1, W2, b2` out of an archive by the rules of `TensorSelection.choose`.
    static func read(_ archive: TensorArchive, options: ModelReadOptions) throws(ModelInputError) -> ReluNetworkModel {
        let selection = try TensorSelection.choose(archive.catalogue, keys: options.keys, file: archive.file)
        let w1 = try archive.tensor(named: selection.inputWeights)
        let b1 = try selection.hiddenBias.map { name throws(ModelInputError) in try archive.tensor(named: name) }
        let w2 = try archive.tensor(named: selection.outputWeights)
        let b2 = try selection.outputBias.map { name throws(ModelInputError) in try archive.tensor(named: name) }
        var model = try ReluNetworkModel(source: archive.file, inputWeights: w1, hiddenBias: b1, outputWeights: w2,
                                         outputBias: b2, activation: options.activation)
        model.selection = selection
        model.format = archive is NpzArchive ? .npz : (archive is TorchArchive ? .pytorch : .safetensors)
        return model
    }
}

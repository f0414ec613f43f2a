import ExactNumbers
import InvariantTopology
import ModelIO
import ReluNetwork

/// One `repair`: the SPEC §7 rescaling of a model read from a file, written in
/// the input's own format, re-read and checked exactly, and only then moved
/// into place (issue 12: a run writes only the output it was asked for,
/// atomically, never over another of its inputs).
public struct RepairJob: Sendable {
    /// What may be at the output path.
    public enum Target: Sendable, Equatable {
        /// A new file or directory: nothing may be there when the output is committed.
        case new
        /// Replace what is there (`--force`), but never an input of the run.
        case replace
        /// The input itself (`--in-place`); for a file, only if it is still the file that was read.
        case inPlace
    }

    public let model: ReluNetworkModel
    public let modelPath: String
    public let options: ModelReadOptions
    public let output: String
    public let target: Target
    /// Every file the run reads (the model, `--data`).
    public let inputs: RunInputs

    public init(model: ReluNetworkModel, modelPath: String, options: ModelReadOptions, output: String, target: Target, inputs: RunInputs) {
        self.model = model
        self.modelPath = modelPath
        self.options = options
        self.output = output
        self.target = target
        self.inputs = inputs
    }

    /// What a repair did.
    public struct Outcome: Sendable {
        public let plan: RepairPlan
        public let before: NetworkTopology
        public let after: NetworkTopology
        /// The model as written and re-read.
        public let written: ReluNetworkModel
        /// Tensors written in a wider type than the input's, with the reason.
        public let widened: [String]
    }

    /// Why the output path does not fit the flags: the words of a usage error.
    public struct TargetProblem: Error, Sendable {
        public let message: String
    }

    /// What `output` is for a repair of `modelPath`, or why it cannot be written.
    /// The model and the output are compared as files (device and inode,
    /// canonical paths), never as strings.
    public static func target(modelPath: String, output: String, inPlace: Bool, force: Bool, inputs: RunInputs) -> Result<Target, TargetProblem> {
        let sameFile = FileIdentity(path: modelPath).map { $0 == FileIdentity(path: output) } ?? false
            || ResolvedPath.existing(modelPath).map { $0 == ResolvedPath.prospective(output) } ?? false
        if sameFile {
            return inPlace ? .success(.inPlace) : .failure(TargetProblem(message: "OUT is the input model; pass --in-place to overwrite it"))
        }
        if let problem = inputs.conflict(writing: output) { return .failure(TargetProblem(message: "OUT \(output) \(problem); choose another path")) }
        if FileIdentity.exists(output) {
            return force ? .success(.replace) : .failure(TargetProblem(message: "\(output) exists; pass --force to replace it"))
        }
        return .success(.new)
    }

    /// Why `output`'s name does not fit the format the model is written in (the
    /// input's own), or nil: `.json`, `.npz` and `.safetensors` files keep their
    /// extension, and a `.npy` directory is not given a file extension.
    public static func extensionProblem(format: ModelFormat, output: String) -> String? {
        let name = (output.split(separator: "/").last.map(String.init) ?? output).lowercased()
        if format == .pytorch {
            return "-o \(output): relutopo reads PyTorch .pt files but does not write them; save the state dict as .safetensors (safetensors.torch.save_file(torch.load(path, weights_only=True), 'm.safetensors')) and repair that"
        }
        let fileExtensions: [ModelFormat: String] = [.json: ".json", .npz: ".npz", .safetensors: ".safetensors"]
        if let wanted = fileExtensions[format] {
            return name.hasSuffix(wanted) ? nil : "-o \(output): the model is written in its own format (\(format.rawValue)); name OUT *\(wanted)"
        }
        for (other, ext) in fileExtensions where name.hasSuffix(ext) {
            return "-o \(output): the model is a .npy directory and is written as one, not as \(other.rawValue); name OUT without the \(ext) extension"
        }
        return nil
    }

    var writer: RepairOutput { RepairOutput(modelPath: modelPath, output: output, target: target, inputs: inputs) }

    /// Rescales, stages, re-checks exactly and commits.
    public func run() throws -> Outcome {
        let shape = model.shape
        let d = shape.inputs, l = shape.hidden, e = shape.outputs
        let invariants = model.invariants()
        let plan = Repair.plan(squaredNorms: invariants.map { ($0.inputSquaredNorm ?? .zero, $0.outputSquaredNorm ?? .zero) })
        let exponents = plan.exponents
        let w1 = ScaledTensor(model.inputWeights) { exponents[$0 / d] }
        let b1 = model.hiddenBias.map { ScaledTensor($0) { exponents[$0] } }
        let w2 = ScaledTensor(model.outputWeights) { -exponents[$0 % l] }
        let b2 = model.outputBias.map { ScaledTensor($0) { _ in 0 } }
        let rewritten: [(tensor: Tensor, values: ScaledTensor)] = [(model.inputWeights, w1), (model.outputWeights, w2)]
            + [model.hiddenBias.flatMap { t in b1.map { (t, $0) } }, model.outputBias.flatMap { t in b2.map { (t, $0) } }].compactMap { $0 }

        /// Re-reads the staged model and checks it exactly: every parameter its
        /// rescaled value, every `c_k > 0` where `a_k ≠ 0`.
        func recheck(_ stagedPath: String) throws -> (ReluNetworkModel, NetworkTopology) {
            let written = try ModelReader.read(path: stagedPath, options: options)
            var exact = w1.equals(written.inputWeights) && w2.equals(written.outputWeights)
            if let b1, let tensor = written.hiddenBias { exact = exact && b1.equals(tensor) }
            if let b2, let tensor = written.outputBias { exact = exact && b2.equals(tensor) }
            exact = exact && (b1 == nil) == (written.hiddenBias == nil) && (b2 == nil) == (written.outputBias == nil)
            let after = NetworkTopology(model: written)
            let positive = after.neurons.allSatisfy { $0.invariant.inputSideIsZero || $0.sign > 0 }
            guard exact && positive else {
                throw OutputError(file: output, reason: "the written model failed its exact re-check (\(exact ? "some c_k ≤ 0" : "a parameter differs from its rescaled value")); nothing written")
            }
            return (written, after)
        }
        let keys = options.keys
        var absent: [String] = []
        if model.hiddenBias == nil, let name = keys.hiddenBias { absent.append(name) }
        if model.outputBias == nil, let name = keys.outputBias { absent.append(name) }
        let (checked, widened) = try writer.write(rewritten, format: model.format, absent: absent, json: {
            let rowsW1 = (0..<l).map { k in (0..<d).map { w1.rational(k * d + $0) } }
            let rowsW2 = (0..<e).map { i in (0..<l).map { w2.rational(i * l + $0) } }
            return ModelWriter.jsonBytes(w1: rowsW1, b1: b1.map { b in (0..<l).map(b.rational) },
                                         w2: rowsW2, b2: b2.map { b in (0..<(model.outputBias?.values.count ?? 0)).map(b.rational) },
                                         activation: model.activation)
        }, recheck: recheck)
        return Outcome(plan: plan, before: NetworkTopology(shape: shape, invariants: invariants),
                       after: checked.1, written: checked.0, widened: widened)
    }
}

/// Where a repair writes and what it may replace: the one write path of every
/// repair, whatever the depth.
struct RepairOutput {
    let modelPath: String
    let output: String
    let target: RepairJob.Target
    let inputs: RunInputs

    /// Writes the rescaled tensors in `format` (the input's own), staged beside
    /// OUT, re-checked by `recheck` on the staged copy, then committed: the one
    /// write path of every repair, whatever the depth. `absent`: tensor names
    /// (file stems) that must not exist in an `.npy` directory output.
    func write<Checked>(_ rewritten: [(tensor: Tensor, values: ScaledTensor)], format: ModelFormat, absent: [String],
                        json: () -> [UInt8], recheck: (String) throws -> Checked) throws -> (Checked, widened: [String]) {
        var widened: [String] = []
        /// The `.npy` image of a rescaled tensor, in its stored float type when every value fits, else wider.
        func npyImage(_ tensor: Tensor, _ name: String, _ values: ScaledTensor) throws -> [UInt8] {
            let preferred: NpyWriteType
            switch tensor.storedType {
            case .float16?: preferred = .float16
            case .float32?: preferred = .float32
            default: preferred = .float64
            }
            let written: (bytes: [UInt8], type: NpyWriteType)?
            switch values.values {
            case .doubles(let doubles): written = ModelWriter.npyBytesWidening(doubles: doubles, shape: tensor.shape, preferred: preferred)
            case .rationals(let rationals): written = ModelWriter.npyBytesWidening(rationals, shape: tensor.shape, preferred: preferred)
            }
            guard let written else {
                throw OutputError(file: output, reason: "tensor \(name): a rescaled value is not a binary64 number; nothing written")
            }
            let floatInput = tensor.storedType.map { [.float16, .float32, .float64].contains($0) } ?? false
            if written.type != preferred || !floatInput {
                widened.append("\(name): written as \(written.type.rawValue) (the input's \(tensor.storedType.map { "\($0)" } ?? "type") cannot hold every rescaled value exactly)")
            }
            return written.bytes
        }
        let replacement: StagedFile.Replacement
        switch target {
        case .new: replacement = .never
        case .replace: replacement = .anythingButInputs
        case .inPlace:
            guard let identity = FileIdentity(path: modelPath) else {
                throw OutputError(file: output, reason: "the input model is gone; nothing written")
            }
            replacement = .only(identity)
        }
        let checked: Checked
        if format == .npyDirectory {
            var files: [(name: String, bytes: [UInt8])] = []
            for (tensor, values) in rewritten { files.append((tensor.name + ".npy", try npyImage(tensor, tensor.name, values))) }
            let staged = try StagedDirectory(files, for: output, intoExisting: target != .new, absent: absent.map { $0 + ".npy" })
            do { checked = try recheck(staged.path) } catch { staged.discard(); throw error }
            try staged.commit(inputs: inputs, allowInputs: target == .inPlace)
        } else {
            let bytes: [UInt8]
            switch format {
            case .npz:
                var replacements: [String: [UInt8]] = [:]
                for (tensor, values) in rewritten { replacements[tensor.name] = try npyImage(tensor, tensor.name, values) }
                bytes = try ModelWriter.rewriteNpz(path: modelPath, replacements: replacements)
            case .safetensors:
                var replacements: [String: (type: SafetensorsWriteType, shape: [Int], bytes: [UInt8])] = [:]
                for (tensor, values) in rewritten {
                    let rationals = (0..<tensor.values.count).map(values.rational)
                    guard let payload = ModelWriter.safetensorsPayload(rationals, storedAs: tensor.storedType) else {
                        throw OutputError(file: output, reason: "tensor \(tensor.name): a rescaled value is not a binary64 number; nothing written")
                    }
                    if payload.type.rawValue != SafetensorsArchiveDType.name(of: tensor.storedType) {
                        widened.append("\(tensor.name): written as \(payload.type.rawValue) (the input's \(SafetensorsArchiveDType.name(of: tensor.storedType)) cannot hold every rescaled value exactly)")
                    }
                    replacements[tensor.name] = (payload.type, tensor.shape, payload.bytes)
                }
                bytes = try ModelWriter.rewriteSafetensors(path: modelPath, replacements: replacements)
            default:
                bytes = json()
            }
            let staged = try StagedFile.write(bytes, for: output)
            do { checked = try recheck(staged.path) } catch { staged.discard(); throw error }
            try staged.commit(replacing: replacement, inputs: inputs)
        }
        return (checked, widened)
    }
}

/// A tensor's intended values after rescaling by powers of two: binary64 when
/// every value is exactly representable (the usual case), else exact rationals.
struct ScaledTensor: Sendable {
    enum Values: Sendable {
        case doubles([Double])
        case rationals([Rational])
    }

    let values: Values

    /// `tensor` with element i multiplied by 2^exponent(i), exactly.
    init(_ tensor: Tensor, _ exponent: (Int) -> Int) {
        if let doubles = tensor.binaryValues() {
            var result = doubles
            var exact = true
            for i in result.indices {
                let j = exponent(i)
                guard j != 0 else { continue }
                let value = doubles[i] * Double(sign: .plus, exponent: j, significand: 1)
                // Exact iff finite and undoing the scaling gives the input back (no bits lost to underflow).
                if !value.isFinite || value * Double(sign: .plus, exponent: -j, significand: 1) != doubles[i] { exact = false; break }
                result[i] = value
            }
            if exact { values = .doubles(result); return }
        }
        values = .rationals((0..<tensor.values.count).map { tensor.exactValue(at: $0).timesPowerOfTwo(exponent($0)) })
    }

    func rational(_ i: Int) -> Rational {
        switch values {
        case .doubles(let values): return Rational(exactly: values[i]) ?? .zero
        case .rationals(let values): return values[i]
        }
    }

    /// Exactly the values of `tensor`?
    func equals(_ tensor: Tensor) -> Bool {
        switch values {
        case .doubles(let doubles):
            if let written = tensor.binaryValues() { return written == doubles }
            return tensor.values.count == doubles.count && (0..<doubles.count).allSatisfy { tensor.exactValue(at: $0) == rational($0) }
        case .rationals(let rationals):
            return tensor.values.count == rationals.count && (0..<rationals.count).allSatisfy { tensor.exactValue(at: $0) == rationals[$0] }
        }
    }
}

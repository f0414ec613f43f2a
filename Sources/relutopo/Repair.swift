import ArgumentParser
import ExactNumbers
import Foundation
import InvariantTopology
import ReluNetwork
import Symmetry

/// `relutopo repair MODEL -o OUT`: the function-preserving rescaling of SPEC §7,
/// written in the input's own format, re-read and verified exactly.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Rescale neurons by powers of two so that every c_k > 0 (same function), and write the result.",
        discussion: """
            Neuron k is scaled by α_k = 2^j (a_k → α a_k, v_k → v_k/α) with the smallest j such that \
            α⁴‖a_k‖² > ‖v_k‖²; neurons with c_k > 0 are left alone, and neurons with a_k = 0 cannot be \
            repaired (reported). The output keeps the input's format (.npy directory: each tensor's \
            dtype when every value fits it exactly, else float64; .json: exact "p/q"), is staged in a \
            temporary file, re-read and checked exactly (every c_k > 0 where a_k ≠ 0, every parameter \
            equal to its rescaled value), and only then moved into place.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the repaired model.", valueName: "OUT"))
    var output: String
    @Flag(name: .long, help: "Allow OUT to be the input itself.") var inPlace = false
    @Flag(name: .long, help: "Allow replacing an existing OUT (other than the input).") var force = false
    @Option(name: .long, help: ArgumentHelp("Measure the change of f on this CSV's feature columns (all but --target).", valueName: "CSV"))
    var data: String?
    @Option(name: .long, help: ArgumentHelp("Target column of --data, left out of the features.", valueName: "COLUMN"))
    var target: String?
    @Option(name: .long, help: "Random inputs (standard normal, seeded) to measure the change of f on without --data.")
    var samples: Int = 64
    @Option(name: .long, help: "Seed for the random inputs.") var seed: UInt64 = 0
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func validate() throws {
        guard samples >= 1 && samples <= 1_000_000 else { throw ValidationError("--samples must be between 1 and 1000000") }
        let input = URL(fileURLWithPath: modelOptions.model).standardizedFileURL.path
        let destination = URL(fileURLWithPath: output).standardizedFileURL.path
        if input == destination && !inPlace {
            throw ValidationError("OUT is the input model; pass --in-place to overwrite it")
        }
        if input != destination && FileManager.default.fileExists(atPath: destination) && !force {
            throw ValidationError("\(output) exists; pass --force to replace it")
        }
    }

    /// A tensor's intended values after rescaling: binary64 when every value is
    /// exactly representable (the usual case for powers of two), else exact rationals.
    enum Values {
        case doubles([Double])
        case rationals([Rational])

        func rational(_ i: Int) -> Rational {
            switch self {
            case .doubles(let values): return Rational(exactly: values[i]) ?? .zero
            case .rationals(let values): return values[i]
            }
        }

        /// Exactly the values of `tensor`?
        func equal(_ tensor: Tensor) -> Bool {
            switch self {
            case .doubles(let values):
                if let written = tensor.binaryValues() { return written == values }
                return tensor.values.count == values.count && (0..<values.count).allSatisfy { tensor.exactValue(at: $0) == rational($0) }
            case .rationals(let values):
                return tensor.values.count == values.count && (0..<values.count).allSatisfy { tensor.exactValue(at: $0) == values[$0] }
            }
        }
    }

    /// `tensor` with element i multiplied by 2^exponent(i), exactly.
    static func scaled(_ tensor: Tensor, _ exponent: (Int) -> Int) -> Values {
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
            if exact { return .doubles(result) }
        }
        return .rationals((0..<tensor.values.count).map { tensor.exactValue(at: $0).timesPowerOfTwo(exponent($0)) })
    }

    func run() throws {
        let options = try modelOptions.readOptions()
        let model = try modelOptions.load()
        let isDirectory = model.format == .npyDirectory
        let shape = model.shape
        let d = shape.inputs, l = shape.hidden
        // Read --data first: bad data must stop the command before anything is written.
        let inputs = try measurementInputs(d: d)
        let invariants = model.invariants()
        let plan = Repair.plan(squaredNorms: invariants.map { ($0.inputSquaredNorm ?? .zero, $0.outputSquaredNorm ?? .zero) })
        let exponents = plan.exponents
        let w1 = Self.scaled(model.inputWeights) { exponents[$0 / d] }
        let b1 = model.hiddenBias.map { Self.scaled($0) { exponents[$0] } }
        let w2 = Self.scaled(model.outputWeights) { -exponents[$0 % l] }
        let b2 = model.outputBias.map { Self.scaled($0) { _ in 0 } }

        // Stage the output in the input's format.
        var widened: [String] = []
        let staging: String
        /// The `.npy` image of a rescaled tensor, in its stored float type when every value fits, else wider.
        func npyImage(_ tensor: Tensor, _ name: String, _ values: Values) throws -> [UInt8] {
            let preferred: NpyWriteType
            switch tensor.storedType {
            case .float16?: preferred = .float16
            case .float32?: preferred = .float32
            default: preferred = .float64
            }
            let written: (bytes: [UInt8], type: NpyWriteType)?
            switch values {
            case .doubles(let doubles): written = ModelWriter.npyBytesWidening(doubles: doubles, shape: tensor.shape, preferred: preferred)
            case .rationals(let rationals): written = ModelWriter.npyBytesWidening(rationals, shape: tensor.shape, preferred: preferred)
            }
            guard let written else {
                throw ModelInputError(file: output, tensor: name, reason: "a rescaled value is not a binary64 number; nothing written")
            }
            let floatInput = tensor.storedType.map { [.float16, .float32, .float64].contains($0) } ?? false
            if written.type != preferred || !floatInput {
                widened.append("\(name): written as \(written.type.rawValue) (the input's \(tensor.storedType.map { "\($0)" } ?? "type") cannot hold every rescaled value exactly)")
            }
            return written.bytes
        }
        let rewritten: [(tensor: Tensor, values: Values)] = [(model.inputWeights, w1), (model.outputWeights, w2)]
            + [model.hiddenBias.flatMap { t in b1.map { (t, $0) } }, model.outputBias.flatMap { t in b2.map { (t, $0) } }].compactMap { $0 }
        switch model.format {
        case .npz:
            var replacements: [String: [UInt8]] = [:]
            for (tensor, values) in rewritten { replacements[tensor.name] = try npyImage(tensor, tensor.name, values) }
            staging = try ModelWriter.stageFile(try ModelWriter.rewriteNpz(path: modelOptions.model, replacements: replacements), for: output)
        case .safetensors:
            var replacements: [String: (type: SafetensorsWriteType, shape: [Int], bytes: [UInt8])] = [:]
            for (tensor, values) in rewritten {
                let rationals = (0..<tensor.values.count).map(values.rational)
                guard let payload = ModelWriter.safetensorsPayload(rationals, storedAs: tensor.storedType) else {
                    throw ModelInputError(file: output, tensor: tensor.name, reason: "a rescaled value is not a binary64 number; nothing written")
                }
                if payload.type.rawValue != SafetensorsArchiveDType.name(of: tensor.storedType) {
                    widened.append("\(tensor.name): written as \(payload.type.rawValue) (the input's \(SafetensorsArchiveDType.name(of: tensor.storedType)) cannot hold every rescaled value exactly)")
                }
                replacements[tensor.name] = (payload.type, tensor.shape, payload.bytes)
            }
            staging = try ModelWriter.stageFile(try ModelWriter.rewriteSafetensors(path: modelOptions.model, replacements: replacements), for: output)
        case .npyDirectory:
            let keys = options.keys
            func file(_ tensor: Tensor?, _ name: String?, _ values: Values?) throws -> (String, [UInt8])? {
                guard let tensor, let name, let values else { return nil }
                return (name + ".npy", try npyImage(tensor, name, values))
            }
            var files: [(String, [UInt8])] = []
            for entry in [try file(model.inputWeights, keys.inputWeights, w1), try file(model.hiddenBias, keys.hiddenBias, b1),
                          try file(model.outputWeights, keys.outputWeights, w2), try file(model.outputBias, keys.outputBias, b2)] {
                if let entry { files.append(entry) }
            }
            staging = try ModelWriter.stageDirectory(files, for: output)
        case .json:
            let e = shape.outputs
            let rowsW1 = (0..<l).map { k in (0..<d).map { w1.rational(k * d + $0) } }
            let rowsW2 = (0..<e).map { i in (0..<l).map { w2.rational(i * l + $0) } }
            let json = ModelWriter.jsonBytes(w1: rowsW1, b1: b1.map { b in (0..<l).map(b.rational) },
                                             w2: rowsW2, b2: b2.map { b in (0..<(model.outputBias?.values.count ?? 0)).map(b.rational) },
                                             activation: model.activation)
            staging = try ModelWriter.stageFile(json, for: output)
        }

        // Re-read what was written and check it exactly before moving it into place.
        let written: ReluNetworkModel
        do {
            written = try ModelReader.read(path: staging, options: options)
        } catch {
            ModelWriter.discard(staging: staging)
            throw error
        }
        var parametersExact = w1.equal(written.inputWeights) && w2.equal(written.outputWeights)
        if let b1, let tensor = written.hiddenBias { parametersExact = parametersExact && b1.equal(tensor) }
        if let b2, let tensor = written.outputBias { parametersExact = parametersExact && b2.equal(tensor) }
        parametersExact = parametersExact && (b1 == nil) == (written.hiddenBias == nil) && (b2 == nil) == (written.outputBias == nil)
        let after = NetworkTopology(model: written)
        let positiveWherePossible = after.neurons.allSatisfy { $0.invariant.inputSideIsZero || $0.sign > 0 }
        guard parametersExact && positiveWherePossible else {
            ModelWriter.discard(staging: staging)
            throw ModelInputError(file: output, reason: "the written model failed its exact re-check (\(parametersExact ? "some c_k ≤ 0" : "a parameter differs from its rescaled value")); nothing written")
        }
        try ModelWriter.commit(staging: staging, to: output)

        // The change of f, measured (0 for power-of-two factors).
        var largestChange = 0.0
        for (old, new) in zip(model.evaluate(inputs), written.evaluate(inputs)) {
            for (p, q) in zip(old, new) { largestChange = max(largestChange, abs(p - q)) }
        }
        let measuredOn = data.map { "\(inputs.count) rows of \($0)" } ?? "\(inputs.count) random inputs (standard normal, seed \(seed))"
        let before = NetworkTopology(shape: shape, invariants: invariants)
        let rescaled = exponents.filter { $0 > 0 }.count
        if json {
            func perReading(_ topology: NetworkTopology) -> JSONValue {
                .object(Reading.allCases.map { ($0.rawValue, .string(topology.componentCount($0).description)) })
            }
            Output.write(json: .object([
                ("input", .string(modelOptions.model)), ("output", .string(output)),
                ("format", .string(model.format.rawValue)),
                ("rescaled_neurons", .integer(rescaled)),
                ("exponents", .array(exponents.map(JSONValue.integer))),
                ("unrepairable_neurons", .array(plan.unrepairable.map(JSONValue.integer))),
                ("components_before", perReading(before)), ("components_after", perReading(after)),
                ("verified", .bool(true)),
                ("max_abs_change_f", .double(largestChange)), ("change_measured_on", .string(measuredOn)),
                ("notes", .array(widened.map { .string($0) })),
            ]))
        } else {
            var lines = ["wrote \(output) (\(model.format == .npyDirectory ? ".npy directory" : model.format == .json ? "model JSON" : "." + model.format.rawValue)); re-read and checked exactly"]
            lines.append("rescaled \(rescaled) of \(l) neurons by powers of two (largest α = 2^\(exponents.max() ?? 0))")
            lines.append("components: \(formatBig(before.componentCount(.topological))) before, \(formatBig(after.componentCount(.topological))) after (topological reading)")
            if !plan.unrepairable.isEmpty {
                lines.append("cannot repair \(plan.unrepairable.count) neuron(s) with a_k = 0 (c_k = −‖v_k‖² for every rescaling): \(plan.unrepairable.prefix(10).map(String.init).joined(separator: ", "))")
            }
            lines.append("largest change of f: \(largestChange) on \(measuredOn)")
            lines.append(contentsOf: widened.map { "note: " + $0 })
            Output.write(lines.joined(separator: "\n") + "\n")
        }
    }

    /// Feature rows of --data (read by the shared rule of `CSVDataSet`), or seeded standard-normal inputs.
    func measurementInputs(d: Int) throws -> [[Double]] {
        if let data {
            let dataSet = try CSVDataSet.read(path: data, target: target, inputs: d, model: modelOptions.model)
            return (0..<dataSet.samples).map { Array(dataSet.features[($0 * d)..<(($0 + 1) * d)]) }
        }
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) * 0x1p-53
        }
        return (0..<samples).map { _ in
            (0..<d).map { _ in (-2 * Foundation.log(uniform())).squareRoot() * Foundation.cos(2 * Double.pi * uniform()) }
        }
    }
}

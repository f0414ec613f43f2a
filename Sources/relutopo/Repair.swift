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
    var samples: Int = 256
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

    func run() throws {
        let options = try modelOptions.readOptions()
        let model = try modelOptions.load()
        let isDirectory = !modelOptions.model.lowercased().hasSuffix(".json")
        let neurons = model.exactNeurons()
        let plan = Repair.plan(neurons)
        let repaired = plan.apply(to: neurons)
        let shape = model.shape
        let d = shape.inputs
        let w1 = repaired.map { Array($0.a.prefix(d)) }
        let b1 = shape.hasHiddenBias ? repaired.map { $0.a[d] } : nil
        let w2 = (0..<shape.outputs).map { i in repaired.map { $0.v[i] } }
        let b2 = model.outputBias.map { _ in model.exactOutputBias() }

        // Stage the output in the input's format.
        var widened: [String] = []
        let staging: String
        if isDirectory {
            let keys = options.keys
            func file(_ tensor: Tensor?, _ name: String?, _ values: [Rational], _ shapeOut: [Int]) throws -> (String, [UInt8])? {
                guard let tensor, let name else { return nil }
                let preferred: NpyWriteType
                switch tensor.storedType {
                case .float16?: preferred = .float16
                case .float32?: preferred = .float32
                default: preferred = .float64
                }
                guard let (bytes, type) = ModelWriter.npyBytesWidening(values, shape: shapeOut, preferred: preferred) else {
                    throw ModelInputError(file: output, tensor: name, reason: "a rescaled value is outside the binary64 range; nothing written")
                }
                if type != preferred || tensor.storedType.map({ [.float16, .float32, .float64].contains($0) }) == false {
                    widened.append("\(name): written as \(type.rawValue) (the input's \(tensor.storedType.map { "\($0)" } ?? "type") cannot hold every rescaled value exactly)")
                }
                return (name + ".npy", bytes)
            }
            var files: [(String, [UInt8])] = []
            if let entry = try file(model.inputWeights, keys.inputWeights, w1.flatMap { $0 }, [shape.hidden, d]) { files.append(entry) }
            if let b1, let entry = try file(model.hiddenBias, keys.hiddenBias, b1, [shape.hidden]) { files.append(entry) }
            if let entry = try file(model.outputWeights, keys.outputWeights, w2.flatMap { $0 }, model.outputWeights.shape) { files.append(entry) }
            if let b2, let entry = try file(model.outputBias, keys.outputBias, b2, model.outputBias?.shape ?? [b2.count]) { files.append(entry) }
            staging = try ModelWriter.stageDirectory(files, for: output)
        } else {
            staging = try ModelWriter.stageFile(ModelWriter.jsonBytes(w1: w1, b1: b1, w2: w2, b2: b2, activation: model.activation), for: output)
        }

        // Re-read what was written and check it exactly before moving it into place.
        let written: ReluNetworkModel
        do {
            written = try ModelReader.read(path: staging, options: options)
        } catch {
            ModelWriter.discard(staging: staging)
            throw error
        }
        let writtenNeurons = written.exactNeurons()
        let parametersExact = writtenNeurons == repaired && written.exactOutputBias() == model.exactOutputBias()
        let after = NetworkTopology(model: written)
        let positiveWherePossible = zip(after.neurons, writtenNeurons).allSatisfy { neuron, exact in
            exact.a.allSatisfy(\.isZero) || neuron.sign > 0
        }
        guard parametersExact && positiveWherePossible else {
            ModelWriter.discard(staging: staging)
            throw ModelInputError(file: output, reason: "the written model failed its exact re-check (\(parametersExact ? "some c_k ≤ 0" : "a parameter differs from its rescaled value")); nothing written")
        }
        try ModelWriter.commit(staging: staging, to: output)

        // The change of f, measured (0 for power-of-two factors).
        let inputs = try measurementInputs(d: d)
        var largestChange = 0.0
        for x in inputs {
            for (old, new) in zip(model.evaluate(x), written.evaluate(x)) { largestChange = max(largestChange, abs(old - new)) }
        }
        let measuredOn = data.map { "\(inputs.count) rows of \($0)" } ?? "\(inputs.count) random inputs (standard normal, seed \(seed))"
        let before = NetworkTopology(model: model)
        let rescaled = plan.exponents.filter { $0 > 0 }.count
        if json {
            func perReading(_ topology: NetworkTopology) -> JSONValue {
                .object(Reading.allCases.map { ($0.rawValue, .string(topology.componentCount($0).description)) })
            }
            Output.write(json: .object([
                ("input", .string(modelOptions.model)), ("output", .string(output)),
                ("format", .string(isDirectory ? "npy-directory" : "json")),
                ("rescaled_neurons", .integer(rescaled)),
                ("exponents", .array(plan.exponents.map(JSONValue.integer))),
                ("unrepairable_neurons", .array(plan.unrepairable.map(JSONValue.integer))),
                ("components_before", perReading(before)), ("components_after", perReading(after)),
                ("verified", .bool(true)),
                ("max_abs_change_f", .double(largestChange)), ("change_measured_on", .string(measuredOn)),
                ("notes", .array(widened.map { .string($0) })),
            ]))
        } else {
            var lines = ["wrote \(output) (\(isDirectory ? ".npy directory" : "model JSON")); re-read and checked exactly"]
            lines.append("rescaled \(rescaled) of \(shape.hidden) neurons by powers of two (largest α = 2^\(plan.exponents.max() ?? 0))")
            lines.append("components: \(formatBig(before.componentCount(.topological))) before, \(formatBig(after.componentCount(.topological))) after (topological reading)")
            if !plan.unrepairable.isEmpty {
                lines.append("cannot repair \(plan.unrepairable.count) neuron(s) with a_k = 0 (c_k = −‖v_k‖² for every rescaling): \(plan.unrepairable.prefix(10).map(String.init).joined(separator: ", "))")
            }
            lines.append("largest change of f: \(largestChange) on \(measuredOn)")
            lines.append(contentsOf: widened.map { "note: " + $0 })
            Output.write(lines.joined(separator: "\n") + "\n")
        }
    }

    /// Feature rows of --data, or seeded standard-normal inputs.
    func measurementInputs(d: Int) throws -> [[Double]] {
        if let data {
            let table = try CSVTable.read(path: data)
            var columns = Array(0..<table.header.count)
            if let target {
                guard let index = table.header.firstIndex(of: target) ?? Int(target).flatMap({ table.header.indices.contains($0) ? $0 : nil }) else {
                    throw ModelInputError(file: data, tensor: target, reason: "no such column")
                }
                columns.removeAll { $0 == index }
            }
            guard columns.count == d else {
                throw ModelInputError(file: data, reason: "\(columns.count) feature columns, the model has d = \(d) inputs")
            }
            var rows: [[Double]] = []
            for name in columns.map({ table.header[$0] }) {
                let column = try table.exactColumn(name).map(\.doubleValue)
                if rows.isEmpty { rows = column.map { [$0] } } else { for i in rows.indices { rows[i].append(column[i]) } }
            }
            return rows
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

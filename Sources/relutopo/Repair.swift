import ArgumentParser
import ExactNumbers
import InvariantTopology
import ModelIO
import Randomness
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

    @Argument(help: ArgumentHelp(
        "A model: a .safetensors state dict, an .npz, a .json file, or a directory holding W1.npy [b1.npy] W2.npy [b2.npy] (a PyTorch .pt is read but not written: convert it to .safetensors first).",
        valueName: "MODEL"))
    var modelPath: String

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var lawOptions: LawOptions
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

    /// The files this run reads: the output may replace none of them.
    var inputs: RunInputs { RunInputs([modelPath, data, lawOptions.inputFile]) }

    /// Where the output really goes: a symbolic link to a file or a directory is
    /// followed (the link stays a link); a device, a FIFO or a dangling link is
    /// refused by `validate()`.
    var destination: String {
        switch ResolvedPath.output(output) {
        case .success(.new(let path)), .success(.file(let path)), .success(.directory(let path)): return path
        case .success(.stream), .failure: return output
        }
    }

    func validate() throws {
        switch ResolvedPath.output(output) {
        case .failure(let error): throw ValidationError("-o \(error.description)")
        case .success(.stream): throw ValidationError("-o \(output): a repaired model is written to a file or a directory, not to a device or a FIFO")
        default: break
        }
        guard samples >= 1 && samples <= 1_000_000 else { throw ValidationError("--samples must be between 1 and 1000000") }
        if case .failure(let problem) = RepairJob.target(modelPath: modelPath, output: destination, inPlace: inPlace, force: force, inputs: inputs) {
            throw ValidationError(problem.message)
        }
    }

    func run() throws {
        let destination = self.destination
        StagedFile.removeStale(for: destination)
        // A repair of this directory that a kill interrupted is finished first (its files were checked).
        var finished: [String] = []
        if FileIdentity.isDirectory(destination) { finished = try StagedDirectory.finishInterrupted(in: destination) }
        if let power = modelOptions.activation?.power, power != Rational(1) {
            throw ValidationError("--activation relu^\(power): repair rescales a → αa, o → o/α, which keeps the function for relu and leaky_relu only (relu^p needs o/α^p; docs/THEORY.md §14.3)")
        }
        let network = try modelOptions.loadLayered(modelPath, lawOptions: lawOptions)
        guard network.law.hasLaw else {
            throw ValidationError("--weight-decays: the layers decay at different rates η_h·λ_h, so gradient flow conserves no c and a repair has nothing to aim at (docs/THEORY.md §14.4)")
        }
        if let problem = RepairJob.extensionProblem(format: network.format, output: destination) { throw ValidationError(problem) }
        if network.depth > 2 { return try runDeep(network, destination: destination, finished: finished) }
        let model = try network.twoLayerModel()
        // Read --data first: bad data must stop the command before anything is written.
        let measurement = try measurementInputs(d: model.shape.inputs)
        let inputs = self.inputs
        // Checked again: another run may have created OUT since `validate()` (an output failure, not a usage error).
        let target: RepairJob.Target
        switch RepairJob.target(modelPath: modelPath, output: destination, inPlace: inPlace, force: force, inputs: inputs) {
        case .success(let found): target = found
        case .failure(let problem): throw OutputError(file: output, reason: "changed while the model was read: \(problem.message); nothing written")
        }
        let outcome = try RepairJob(model: model, modelPath: modelPath, options: network.readOptions(modelOptions), output: destination, target: target, inputs: inputs).run()
        let notes = finished.map { "finished an interrupted repair (\($0))" } + outcome.widened
        let change = Repair.largestChange(from: model, to: outcome.written, on: measurement)
        let measuredOn = data.map { "\(measurement.count) rows of \($0)" } ?? "\(measurement.count) random inputs (standard normal, seed \(seed))"
        if json {
            try Output.write(report: LawTagged(report: RepairReport(input: modelPath, output: output, format: model.format, outcome, change: change, measuredOn: measuredOn, notes: notes), law: LawReport(network.law, parameterization: lawOptions.parameterization)))
        } else {
            Output.write(LawReport.line(network.law) + text(model, outcome, change: change, measuredOn: measuredOn, notes: notes))
        }
    }

    /// SPEC §13.7: one t for the whole network, every layer scaled by its power of two.
    func runDeep(_ network: LayeredNetwork, destination: String, finished: [String]) throws {
        let measurement = try measurementInputs(d: network.widths[0])
        let inputs = self.inputs
        let target: RepairJob.Target
        switch RepairJob.target(modelPath: modelPath, output: destination, inPlace: inPlace, force: force, inputs: inputs) {
        case .success(let found): target = found
        case .failure(let problem): throw OutputError(file: output, reason: "changed while the model was read: \(problem.message); nothing written")
        }
        let outcome = try RepairJob.runDeep(network, modelPath: modelPath, options: network.readOptions(modelOptions), output: destination,
                                            target: target, inputs: inputs)
        var change = 0.0
        for (old, new) in zip(network.evaluate(measurement), outcome.written.evaluate(measurement)) {
            for (p, q) in zip(old, new) { change = max(change, abs(p - q)) }
        }
        let measuredOn = data.map { "\(measurement.count) rows of \($0)" } ?? "\(measurement.count) random inputs (standard normal, seed \(seed))"
        let notes = finished.map { "finished an interrupted repair (\($0))" } + outcome.widened
        if json {
            try Output.write(report: LawTagged(report: DeepRepairReport(input: modelPath, output: output, outcome, change: change, measuredOn: measuredOn, notes: notes), law: LawReport(network.law, parameterization: lawOptions.parameterization)))
            return
        }
        let plan = outcome.plan
        var lines = ["wrote \(output); re-read and checked exactly"]
        lines.append(plan.t == 0 ? "nothing to rescale: every c > 0 already (or a neuron's input side is zero)"
                     : "every layer rescaled by powers of two (t = \(plan.t)): W_h × 2^(\(plan.weightExponents.map(String.init).joined(separator: ", "))), b_h × 2^(\(plan.biasExponents.map(String.init).joined(separator: ", ")))")
        lines.append("components: \(outcome.before.componentCount) before, \(outcome.after.componentCount) after")
        if !plan.unrepairable.isEmpty {
            lines.append("cannot repair \(plan.unrepairable.count) neuron(s) whose input weights are all zero: \(plan.unrepairable.prefix(10).map { "(\($0.layer), \($0.index))" }.joined(separator: ", "))")
        }
        if outcome.after.lockedCount > 0 {
            lines.append("\(outcome.after.lockedCount) weight(s) stay locked (a width-1 bottleneck or a dead neuron; certificates in --json or `relutopo analyze OUT`)")
        }
        lines.append("largest change of f: \(change) on \(measuredOn)")
        lines.append(contentsOf: notes.map { "note: " + $0 })
        Output.write(LawReport.line(network.law) + lines.joined(separator: "\n") + "\n")
    }

    func text(_ model: ReluNetworkModel, _ outcome: RepairJob.Outcome, change: Double, measuredOn: String, notes: [String]) -> String {
        let exponents = outcome.plan.exponents
        var lines = ["wrote \(output) (\(model.format == .npyDirectory ? ".npy directory" : model.format == .json ? "model JSON" : "." + model.format.rawValue)); re-read and checked exactly"]
        lines.append("rescaled \(exponents.filter { $0 > 0 }.count) of \(model.shape.hidden) neurons by powers of two (largest α = 2^\(exponents.max() ?? 0))")
        lines.append("components: \(formatBig(outcome.before.componentCount(.topological))) before, \(formatBig(outcome.after.componentCount(.topological))) after (topological reading)")
        if !outcome.plan.unrepairable.isEmpty {
            lines.append("cannot repair \(outcome.plan.unrepairable.count) neuron(s) with a_k = 0 (c_k = −‖v_k‖² for every rescaling): \(outcome.plan.unrepairable.prefix(10).map(String.init).joined(separator: ", "))")
        }
        lines.append("largest change of f: \(change) on \(measuredOn)")
        lines.append(contentsOf: notes.map { "note: " + $0 })
        return lines.joined(separator: "\n") + "\n"
    }

    /// Feature rows of --data (read by the shared rule of `CSVDataSet`), or seeded standard-normal inputs.
    func measurementInputs(d: Int) throws -> [[Double]] {
        if let data {
            let dataSet = try CSVDataSet.read(path: data, target: target, inputs: d, model: modelPath)
            return (0..<dataSet.samples).map { Array(dataSet.features[($0 * d)..<(($0 + 1) * d)]) }
        }
        return NormalSampler.shared.rows(samples, dimension: d, seed: seed)
    }
}

import ArgumentParser
import ExactNumbers
import Foundation
import ModelIO
import ReluNetwork

/// The training setup whose conservation law a command uses (SPEC §14.1–§14.2):
/// per-layer learning rates, fixed multipliers (explicit or NTK) and node
/// scales. All exact; `relu^p` comes with `--activation`.
struct LawOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Per-layer learning rates η_1,…,η_L relative to each other (exact: 1,1/4 or 1,0.25): the law becomes ‖a‖²/η_h − ‖o‖²/η_{h+1} (docs/THEORY.md §14.1).",
        valueName: "η1,…,ηL"),
        transform: LawOptions.rationals)
    var lrScales: [Rational]?

    @Option(name: .long, help: ArgumentHelp(
        "Fixed per-layer multipliers ρ_1²,…,ρ_L² (stored weight = ρ·trained, as in μP): the law becomes ‖a‖²/ρ_h² − ‖o‖²/ρ_{h+1}² (docs/THEORY.md §14.2).",
        valueName: "ρ1²,…,ρL²"),
        transform: LawOptions.rationals)
    var multipliers: [Rational]?

    @Option(name: .long, help: "Parameterisation of the stored weights: 'standard', or 'ntk' (stored W_h = trained/√n_{h−1}: ρ_h² = 1/n_{h−1}, times any --multipliers).")
    var parameterization: TrainingLaw.Parameterization = .standard

    @Option(name: .long, help: ArgumentHelp(
        "Weight decay λ_1,…,λ_L per layer (exact, ≥ 0), applied as optimisers do: equal η_h·λ_h keep the law up to the factor e^{−2μt}; unequal ones leave no law, and verdicts are not_applicable (docs/THEORY.md §14.4).",
        valueName: "λ1,…,λL"),
        transform: LawOptions.nonNegativeRationals)
    var weightDecays: [Rational]?

    @Option(name: .long, help: ArgumentHelp(
        "Per-neuron scales λ_k of the last hidden layer (f = Σ λ_k v_k σ(a_k·x)): a 1-D .npy file, the key of a tensor stored in the model (.npz, .safetensors, .pt, or KEY.npy in a model directory), or an exact list 1,1/2,…; the output side counts ‖o‖²/λ_k² (docs/THEORY.md §14.2).",
        valueName: "FILE.npy|KEY|λ1,…"))
    var nodeScales: String?

    /// A 1-D tensor of positive scales, exact; otherwise the file, tensor and index.
    static func positiveScales(_ tensor: Tensor, file: String) throws -> [Rational] {
        guard tensor.shape.count == 1 else {
            throw ModelInputError(file: file, tensor: tensor.name, reason: "shape \(tensor.shape): one λ per neuron of the last hidden layer (a 1-D array)")
        }
        let values = (0..<tensor.values.count).map { tensor.exactValue(at: $0) }
        if let bad = values.firstIndex(where: { $0.signum <= 0 }) {
            throw ModelInputError(file: file, tensor: tensor.name, index: [bad], reason: "λ = \(values[bad]) is not positive")
        }
        return values
    }

    /// A comma-separated list of exact numbers, each `> 0` (or `≥ 0` with `allowZero`).
    static func rationals(_ text: String, allowZero: Bool) throws -> [Rational] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            guard let value = try? Rational(parsing: item.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("'\(item)' is not an exact number (write 1/4 or 0.25)")
            }
            guard value.signum > 0 || (allowZero && value.isZero) else {
                throw ValidationError("\(value) is not \(allowZero ? "≥ 0" : "positive"): every \(allowZero ? "decay" : "scale") must be \(allowZero ? "≥ 0" : "> 0")")
            }
            return value
        }
    }

    static func rationals(_ text: String) throws -> [Rational] { try rationals(text, allowZero: false) }

    static func nonNegativeRationals(_ text: String) throws -> [Rational] { try rationals(text, allowZero: true) }

    /// The file `--node-scales FILE.npy` names, if any: an input of the run,
    /// which no output of the run may replace.
    var inputFile: String? {
        guard let nodeScales, nodeScales.hasSuffix(".npy") || FileManager.default.fileExists(atPath: nodeScales) else { return nil }
        return nodeScales
    }

    /// The law these flags describe, with the degree `power` of the activation;
    /// `model` is the file a `--node-scales KEY` is read from.
    func law(power: Rational, model: String? = nil) throws -> TrainingLaw {
        var scales: [Rational]? = nil
        if let nodeScales {
            if inputFile != nil {
                scales = try LawOptions.positiveScales(try NpyReader.readTensor(path: nodeScales, name: "node scales"), file: nodeScales)
            } else if let model, nodeScales.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "." || $0.isNumber }), nodeScales.first?.isLetter == true {
                // A key: the tensor of that name beside the model's weights.
                scales = try LawOptions.positiveScales(try ModelReader.readTensor(path: model, key: nodeScales), file: model)
            } else {
                do { scales = try LawOptions.rationals(nodeScales) } catch let error as ValidationError {
                    throw ValidationError("--node-scales: \(error.message) (give a .npy file, a tensor key of the model, or a list λ1,λ2,…)")
                }
            }
        }
        return TrainingLaw(learningRates: lrScales, multipliers: multipliers, nodeScales: scales, power: power,
                           parameterization: parameterization, weightDecays: weightDecays)
    }
}

extension TrainingLaw.Parameterization: ExpressibleByArgument {}

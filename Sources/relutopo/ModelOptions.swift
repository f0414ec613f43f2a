import ArgumentParser
import ExactNumbers
import ModelIO
import ReluNetwork

/// Options shared by every command that reads a MODEL (SPEC §12).
struct ModelOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "A model: a .safetensors state dict, an .npz, a .json file, or a directory holding W1.npy [b1.npy] W2.npy [b2.npy].",
        valueName: "MODEL"))
    var model: String

    @Option(name: .long, help: ArgumentHelp(
        "Names of W1,b1,W2,b2 in the model (keys of a .safetensors/.npz, file stems in a directory); '-' for an absent bias. Without it: W1…b2 if present, else the one chaining pair of linear layers.",
        valueName: "W1,b1,W2,b2"))
    var keys: String?

    @Option(name: .long, help: ArgumentHelp(
        "Activation for formats that do not record one: 'relu' or 'leaky_relu:γ' (0 ≤ γ < 1).",
        valueName: "σ"))
    var activation: String = "relu"

    func validate() throws {
        _ = try readOptions()
    }

    func readOptions() throws -> ModelReadOptions {
        try ModelOptions.readOptions(keys: keys, activation: activation)
    }

    /// Parses `--keys` and `--activation` (shared by every command that reads models).
    static func readOptions(keys: String?, activation: String) throws -> ModelReadOptions {
        var options = ModelReadOptions()
        if let keys {
            guard let parsed = TensorKeys(parsing: keys) else {
                throw ValidationError("--keys " + (TensorKeys.parsingProblem(keys) ?? "expects four comma-separated names W1,b1,W2,b2 ('-' for an absent bias), got '\(keys)'"))
            }
            options.keys = parsed
        }
        if activation == "relu" {
            options.activation = .relu
        } else if activation.hasPrefix("leaky_relu:"),
                  let slope = try? Rational(parsing: String(activation.dropFirst("leaky_relu:".count))),
                  let leaky = Activation.leaky(slope) {
            options.activation = leaky
        } else {
            throw ValidationError("--activation expects 'relu' or 'leaky_relu:γ' with 0 ≤ γ < 1, got '\(activation)'")
        }
        return options
    }

    func load() throws -> ReluNetworkModel {
        try ModelReader.read(path: model, options: readOptions())
    }
}

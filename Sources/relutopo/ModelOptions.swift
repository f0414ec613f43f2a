import ArgumentParser
import ExactNumbers
import ModelIO
import ReluNetwork

/// How a command reads its models (SPEC §12): the tensor names and the
/// activation, the same for every MODEL it is given (`equiv A B`,
/// `obstruct --init … --teacher …`).
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Names of W1,b1,W2,b2 in the model (keys of a .safetensors/.npz/.pt, file stems in a directory); '-' for an absent bias; deeper networks (analyze, obstruct, equiv, repair, flow): W1,b1,W2,b2,W3,b3,…. Without it: W1…b2 (W1…WL) if present, else the one chain of linear layers.",
        valueName: "W1,b1,W2,b2"),
        transform: TensorKeys.init(argument:))
    var keys: TensorKeys?

    @Option(name: .long, help: ArgumentHelp(
        "Activation for formats that do not record one: 'relu' (the default) or 'leaky_relu:γ' (0 ≤ γ < 1); given, it overrides the one a model JSON records.",
        valueName: "σ"))
    var activation: Activation?

    /// The options of `ModelReader`.
    var readOptions: ModelReadOptions {
        ModelReadOptions(keys: keys ?? .standard, activation: activation ?? .relu, activationGiven: activation != nil)
    }

    /// Reads the two-layer model at `path` with these options.
    func load(_ path: String) throws -> ReluNetworkModel {
        if readOptions.keys.layers != nil {
            return try ModelReader.readLayered(path: path, options: readOptions).twoLayerModel()
        }
        return try ModelReader.read(path: path, options: readOptions)
    }

    /// Reads a network of any depth (SPEC §13): `analyze`, `obstruct`, `flow`, ….
    func loadLayered(_ path: String) throws -> LayeredNetwork {
        try ModelReader.readLayered(path: path, options: readOptions)
    }
}

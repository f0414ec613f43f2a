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
        "Activation for formats that do not record one: 'relu' (the default), 'leaky_relu:γ' (0 ≤ γ < 1), or 'relu^p' (max(0, z)^p, p ≥ 1; analyze, obstruct --data, trace, flow --data: the law ‖a‖² − p‖o‖² of docs/THEORY.md §14.3); given, it overrides the one a model JSON records.",
        valueName: "σ"))
    var activation: ActivationChoice?

    /// The options of `ModelReader`, with the law of `law` (SPEC §14).
    func readOptions(law: TrainingLaw = .gradientFlow) -> ModelReadOptions {
        ModelReadOptions(keys: keys ?? .standard, activation: activation?.activation ?? .relu, activationGiven: activation != nil, law: law)
    }

    /// The options of a command without laws: `relu^p` is refused there.
    var readOptions: ModelReadOptions {
        get throws {
            if let activation, activation.power != Rational(1) {
                throw ValidationError("--activation relu^\(activation.power): this command takes relu and leaky_relu; the law of relu^p is read by analyze, obstruct --data, trace and flow --data (docs/THEORY.md §14.3)")
            }
            return readOptions()
        }
    }

    /// Reads the two-layer model at `path` with these options.
    func load(_ path: String) throws -> ReluNetworkModel {
        let options = try readOptions
        if options.keys.layers != nil {
            return try ModelReader.readLayered(path: path, options: options).twoLayerModel()
        }
        return try ModelReader.read(path: path, options: options)
    }

    /// Reads a network of any depth (SPEC §13) under plain gradient flow (`flow`, `equiv` without law flags).
    func loadLayered(_ path: String) throws -> LayeredNetwork {
        try ModelReader.readLayered(path: path, options: try readOptions)
    }

    /// Reads a network of any depth under the law of `lawOptions` (SPEC §14).
    func loadLayered(_ path: String, lawOptions: LawOptions) throws -> LayeredNetwork {
        let power = activation?.power ?? Rational(1)
        let network = try ModelReader.readLayered(path: path, options: readOptions(law: try lawOptions.law(power: power, model: path)))
        // The law's weights p^{h−1} compound over the layers: bound their size (docs/THEORY.md §14.3).
        let digits = power.numerator.magnitude.description.count + power.denominator.description.count
        if power != Rational(1), (network.depth - 2) * digits > 1_200 {
            throw ValidationError("--activation relu^\(digits > 24 ? "p (\(digits) digits)" : power.description): the law weighs layer h by p^(h−1), which over \(network.depth) layers would need \(network.depth - 2) × \(digits) digits; give a p with fewer digits or a shallower network")
        }
        return network
    }
}

/// `--activation relu | leaky_relu:γ | relu^p`: the activation read, and the
/// degree `p` of `max(0, z)^p` (1 otherwise), which only changes the law.
struct ActivationChoice: ExpressibleByArgument {
    let activation: Activation
    let power: Rational

    init?(argument: String) {
        if argument.hasPrefix("relu^") {
            // p ≥ 1: below 1 σ' is unbounded at 0 and the flow can reach (and leave) an apex in finite time (docs/THEORY.md §14.3).
            guard let p = try? Rational(parsing: String(argument.dropFirst("relu^".count))), p >= Rational(1) else { return nil }
            activation = .relu
            power = p
        } else {
            guard let plain = Activation(argument: argument) else { return nil }
            activation = plain
            power = Rational(1)
        }
    }

    var defaultValueDescription: String { power == Rational(1) ? activation.defaultValueDescription : "relu^\(power)" }
}

extension LayeredNetwork {
    /// Read options that re-read a written copy of this network under its own
    /// law (SPEC §14: `repair` re-checks its output as it checked the input).
    func readOptions(_ options: ModelOptions) -> ModelReadOptions { options.readOptions(law: law) }
}

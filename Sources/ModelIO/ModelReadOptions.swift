import ReluNetwork

/// How to read a model file (SPEC §12).
public struct ModelReadOptions: Sendable {
    /// Names of `W1, b1, W2, b2` inside the file (`nil` entries for absent
    /// tensors). In a directory the names are file stems (`W1` → `W1.npy`).
    public var keys: TensorKeys
    /// Activation for formats that do not record one (`.npy` directories).
    public var activation: Activation
    /// Whether the user gave `activation` (`--activation`): it then overrides the
    /// one a model JSON records (the file's used to win in silence).
    public var activationGiven: Bool

    /// The training setup's conservation law (SPEC §14), applied to every
    /// model read with these options (so a re-read output gets the same law).
    public var law: TrainingLaw

    public init(keys: TensorKeys = .standard, activation: Activation = .relu, activationGiven: Bool = false,
                law: TrainingLaw = .gradientFlow) {
        self.keys = keys
        self.activation = activation
        self.activationGiven = activationGiven
        self.law = law
    }
}

/// Which tensors of an archive are `W1, b1, W2, b2` (SPEC §12 `--keys`), and how that was decided.
public struct TensorSelection: Sendable, Equatable {
    public var inputWeights: String
    public var hiddenBias: String?
    public var outputWeights: String
    public var outputBias: String?
    /// Chosen by shape because the file has no `W1`/`W2` and no `--keys` was given.
    public var autoDetected: Bool

    public init(inputWeights: String, hiddenBias: String?, outputWeights: String, outputBias: String?, autoDetected: Bool) {
        self.inputWeights = inputWeights
        self.hiddenBias = hiddenBias
        self.outputWeights = outputWeights
        self.outputBias = outputBias
        self.autoDetected = autoDetected
    }

    /// `W1 = fc1.weight, b1 = fc1.bias, W2 = fc2.weight, b2 = fc2.bias`.
    public var description: String {
        "W1 = \(inputWeights), b1 = \(hiddenBias ?? "-"), W2 = \(outputWeights), b2 = \(outputBias ?? "-")"
    }
}

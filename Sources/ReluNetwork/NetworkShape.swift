/// Sizes of a two-layer network (SPEC §1).
public struct NetworkShape: Sendable, Equatable {
    /// `d`.
    public var inputs: Int
    /// `l`.
    public var hidden: Int
    /// `e`.
    public var outputs: Int
    public var hasHiddenBias: Bool
    public var hasOutputBias: Bool

    public init(inputs: Int, hidden: Int, outputs: Int, hasHiddenBias: Bool, hasOutputBias: Bool) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.hasHiddenBias = hasHiddenBias
        self.hasOutputBias = hasOutputBias
    }

    /// `m`: the length of a neuron's input side `a_k = (w_k, b_k)` (SPEC §1).
    public var inputSideDimension: Int { inputs + (hasHiddenBias ? 1 : 0) }
}

/// One architecture of a sweep: `d` inputs, `l` hidden neurons, `e` outputs,
/// hidden and output biases on or off (SPEC §1).
public struct Architecture: Sendable, Hashable, Codable {
    public var inputs: Int
    public var hidden: Int
    public var outputs: Int
    public var bias: Bool

    public init(inputs: Int, hidden: Int, outputs: Int, bias: Bool) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.bias = bias
    }

    /// `m`: the input side's dimension (`d`, or `d + 1` with a hidden bias).
    public var inputSideDimension: Int { inputs + (bias ? 1 : 0) }

    /// `log₂ β₀` of the invariant set (topological reading, SPEC §3–§4) with
    /// `negative` neurons at `c < 0` and `positive` at `c > 0` (a `c = 0` neuron's
    /// cone is connected): a `c < 0` neuron has 2 components iff `e = 1`, a
    /// `c > 0` one iff `m = 1`.
    public func log2Components(negative: Int, positive: Int) -> Double {
        Double((outputs == 1 ? negative : 0) + (inputSideDimension == 1 ? positive : 0))
    }
}

/// A teacher's output-sign counts `(n⁺, n⁻)` for the obstruction probability of SPEC §6.1.
public struct TeacherSigns: Sendable, Hashable, CustomStringConvertible {
    public var positive: Int
    public var negative: Int

    public init(positive: Int, negative: Int) {
        self.positive = positive
        self.negative = negative
    }

    /// `n⁺/n⁻`, the form `--teacher` takes.
    public var description: String { "\(positive)/\(negative)" }

    /// Parses `n⁺/n⁻` (non-negative integers, not both zero).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let p = Int(parts[0]), let n = Int(parts[1]), p >= 0, n >= 0, p + n >= 1, p + n <= 1 << 20 else { return nil }
        self.init(positive: p, negative: n)
    }

    /// SPEC §6.1 for `e = 1`: the padded teacher fits the component iff
    /// `max(0, n⁺ − p⁺) + max(0, n⁻ − p⁻) ≤ u`.
    @inlinable
    public func isObstructed(lockedPositive: Int, lockedNegative: Int, free: Int) -> Bool {
        Swift.max(0, positive - lockedPositive) + Swift.max(0, negative - lockedNegative) > free
    }
}

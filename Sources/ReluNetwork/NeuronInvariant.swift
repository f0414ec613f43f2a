import ExactNumbers

/// The exact conserved quantity of one hidden neuron and the facts about its
/// point that topology needs (SPEC §2, §3).
public struct NeuronInvariant: Sendable, Equatable {
    /// `c_k = ‖a_k‖² − ‖v_k‖²`, exact (SPEC §2).
    public let c: Rational
    /// `a_k = 0`.
    public let inputSideIsZero: Bool
    /// `v_k = 0`.
    public let outputSideIsZero: Bool
    /// Sign of the single input-side scalar when `m = 1`, else nil (SPEC §3, input lock).
    public let inputScalarSign: Int?
    /// Sign of the single output scalar when `e = 1`, else nil (SPEC §3, output lock).
    public let outputScalarSign: Int?

    public init(c: Rational, inputSideIsZero: Bool, outputSideIsZero: Bool,
                inputScalarSign: Int?, outputScalarSign: Int?) {
        self.c = c
        self.inputSideIsZero = inputSideIsZero
        self.outputSideIsZero = outputSideIsZero
        self.inputScalarSign = inputScalarSign
        self.outputScalarSign = outputScalarSign
    }

    /// The neuron sits at the apex `a = 0, v = 0` of the cone `Q(0)`.
    public var isAtApex: Bool { inputSideIsZero && outputSideIsZero }
}

/// Exact `Σ x²` over a mix of binary64 and rational entries: binary64 squares go
/// to a long accumulator (`ExactSquareSum`, no rounding), rationals to GMP.
struct MixedSquareSum {
    var binary = ExactSquareSum()
    var exact = Rational.zero
    var hasExact = false

    mutating func add(_ tensor: Tensor, at index: Int) {
        switch tensor.values {
        case .binary64(let values): binary.addSquare(of: values[index])
        case .exact(let values):
            exact += values[index].squared
            hasExact = true
        }
    }

    mutating func reset() {
        binary.reset()
        if hasExact { exact = .zero; hasExact = false }
    }

    /// `self − other`, exact.
    func difference(minus other: MixedSquareSum) -> Rational {
        let binaryPart = binary.difference(minus: other.binary)
        guard hasExact || other.hasExact else { return binaryPart }
        return binaryPart + exact - other.exact
    }

    var isZero: Bool { binary.isZero && exact.isZero }
}

extension ReluNetworkModel {
    /// The exact invariants `c_k` of every neuron, in neuron order (SPEC §2).
    ///
    /// Binary weights (the common case: `.npy`) never become rationals one by
    /// one: each square is added exactly into a fixed-point accumulator, and only
    /// the final sum is turned into a GMP rational.
    public func invariants() -> [NeuronInvariant] {
        var inputSum = MixedSquareSum()
        var outputSum = MixedSquareSum()
        var result: [NeuronInvariant] = []
        result.reserveCapacity(shape.hidden)
        let d = shape.inputs
        for k in 0..<shape.hidden {
            inputSum.reset()
            outputSum.reset()
            if case .binary64(let weights) = inputWeights.values {
                weights.withUnsafeBufferPointer { buffer in
                    let row = UnsafeBufferPointer(rebasing: buffer[(k * d)..<(k * d + d)])
                    for x in row { inputSum.binary.addSquare(of: x) }
                }
            } else {
                for j in 0..<d { inputSum.add(inputWeights, at: inputWeightIndex(neuron: k, input: j)) }
            }
            if let hiddenBias { inputSum.add(hiddenBias, at: k) }
            for i in 0..<shape.outputs { outputSum.add(outputWeights, at: outputWeightIndex(output: i, neuron: k)) }

            let m = shape.inputSideDimension
            var inputScalarSign: Int? = nil
            if m == 1 {  // d = 1 and no hidden bias (d ≥ 1 is checked at construction)
                inputScalarSign = inputWeights.sign(at: inputWeightIndex(neuron: k, input: 0))
            }
            let outputScalarSign: Int? = shape.outputs == 1 ? outputWeights.sign(at: k) : nil
            result.append(NeuronInvariant(
                c: inputSum.difference(minus: outputSum),
                inputSideIsZero: inputSum.isZero,
                outputSideIsZero: outputSum.isZero,
                inputScalarSign: inputScalarSign,
                outputScalarSign: outputScalarSign))
        }
        return result
    }
}

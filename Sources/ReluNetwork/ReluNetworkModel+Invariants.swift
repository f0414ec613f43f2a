import Dispatch
import Foundation
import ExactNumbers

extension ReluNetworkModel {
    /// The exact invariants `c_k` of every neuron, in neuron order (SPEC §2).
    ///
    /// Binary weights (the common case: `.npy`) never become rationals one by
    /// one: each square is added exactly into a fixed-point accumulator, and only
    /// the final sum is turned into a GMP rational.
    ///
    /// Wide layers are split into contiguous neuron ranges computed on all
    /// cores; the result is the same array in the same order.
    public func invariants() -> [NeuronInvariant] {
        let hidden = shape.hidden
        let work = hidden * (shape.inputSideDimension + shape.outputs)
        let workers = work >= 1 << 16 ? min(ChunkedRange.processors, 16, hidden) : 1
        return Array(ChunkedRange(count: hidden, chunks: workers).map(invariants(of:)).joined())
    }

    /// The invariants of the neurons in `neurons`, in order.
    func invariants(of neurons: Range<Int>) -> [NeuronInvariant] {
        var inputSum = MixedSquareSum()
        var outputSum = MixedSquareSum()
        var result: [NeuronInvariant] = []
        result.reserveCapacity(neurons.count)
        let d = shape.inputs
        var row = [Double](repeating: 0, count: d)   // one widened row of packed weights, reused
        for k in neurons {
            inputSum.reset()
            outputSum.reset()
            switch inputWeights.values {
            case .binary64(let weights):
                _ = weights.withUnsafeBufferPointer { buffer in
                    inputSum.binary.addSquares(of: UnsafeBufferPointer(rebasing: buffer[(k * d)..<(k * d + d)]))
                }
            case .packed(let weights) where weights.format == .float32:
                _ = weights.withRawBytes((k * d)..<(k * d + d)) { inputSum.binary.addSquares(ofFloat32LittleEndian: $0) }
                weights.releasePages((k * d)..<(k * d + d))
            case .packed(let weights) where weights.format == .float64:
                _ = weights.withRawBytes((k * d)..<(k * d + d)) { inputSum.binary.addSquares(ofFloat64LittleEndian: $0) }
                weights.releasePages((k * d)..<(k * d + d))
            case .packed(let weights):
                row.withUnsafeMutableBufferPointer { buffer in
                    weights.copy((k * d)..<(k * d + d), into: buffer)
                    _ = inputSum.binary.addSquares(of: UnsafeBufferPointer(buffer))
                }
                weights.releasePages((k * d)..<(k * d + d))
            case .exact:
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
            let inputSideIsZero = inputSum.isZero, outputSideIsZero = outputSum.isZero
            var a2 = inputSum.value(), b2 = outputSum.value()
            if !law.isStandard { (a2, b2) = law.weighted(input: a2, output: b2, neuron: k) }   // SPEC §14
            result.append(NeuronInvariant(
                c: a2 - b2,
                inputSideIsZero: inputSideIsZero,
                outputSideIsZero: outputSideIsZero,
                inputScalarSign: inputScalarSign,
                outputScalarSign: outputScalarSign,
                inputSquaredNorm: a2, outputSquaredNorm: b2))
        }
        return result
    }
}

import CBLAS

/// The work of one field evaluation between its two matrix products (SPEC
/// §9.1, §9.2a), as one pass over the samples.
///
/// Everything from `z_i` to `G_i = b_i ⊙ σ'` depends on sample i alone, so a
/// block of four rows goes through all of it while it sits in L1: σ(z), the
/// outputs, the loss and residuals, `∇b2`, `∇W2`, `∇b1`, `G`. The plain loops
/// over the `n × l` buffers (146 KB each on breast cancer with l = 32) that
/// did this before cost more than both `cblas_dgemm`s together; this pass
/// costs about half of them (Notes/BENCHMARKS.md, "Right-hand side cost").
/// The loops run on raw pointers with wrapping index arithmetic, four pairs at
/// a time (`FieldLanes`), without branches on the pattern or inside a row.
/// Every sum keeps the order of the plain loops before it (`DeepFlowProblem`'s
/// order too): lanes run across k, never inside one sum, so the field's
/// numbers do not change.
extension FlowProblem {
    /// What the pass leaves besides `G` (written over z) and the gradient's `∇W2`, `∇b1`.
    struct SamplePass {
        /// `Σ_i ℓ_i / n`, without weight decay.
        var loss: Double
        /// Pairs `i·l + k` on the other side of their kink than the pattern says
        /// (`state·z < 0`, `ActivationState.isCrossed`), sample-major.
        var crossed: [Int]
        /// Sliding pairs `i·l + k` with their `b_ik = (r_i·v_k)/n`, sample-major.
        var sliding: [(pair: Int, back: Double)]
    }

    /// `X W1ᵀ` (`n × l`, no hidden bias) with one `cblas_dgemm` into a buffer that
    /// is not zeroed first (`β = 0`: BLAS does not read it).
    func inputProduct(_ theta: [Double]) -> [Double] {
        let n = Int32(samples), di = Int32(d), li = Int32(l), offset = w1Offset
        return [Double](unsafeUninitializedCapacity: samples * l) { z, count in
            theta.withUnsafeBufferPointer { t in
                inputs.withUnsafeBufferPointer { x in
                    guard let tb = t.baseAddress, let xb = x.baseAddress, let zp = z.baseAddress else { return }
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, li, di, 1, xb, di, tb + offset, di, 0, zp, li)
                }
            }
            count = samples * l
        }
    }

    /// The pass: `buffer` holds z (`n × l`; without the hidden bias when
    /// `addBias`) and is left holding `G` (sliding pairs 0). Adds `∇W2 = (1/n)RᵀH`,
    /// `∇b1 = 1ᵀG` and `∇b2 = (1/n)1ᵀR` to `gradient`. `pattern.signs` gives the states as numbers.
    func samplePass(_ buffer: inout [Double], pattern: ActivationPattern, _ theta: [Double], addBias: Bool,
                    gradient: inout [Double]) -> SamplePass {
        var residual = [Double](repeating: 0, count: samples * e)   // r = ∂ℓ/∂f, n × e
        // Scratch: σ(z)·state² of a block's four rows, their outputs, zeros for
        // the bias when z has it already, and a sink for ∇b1 without a hidden bias.
        var scratch = [Double](repeating: 0, count: 4 * l + 4 * e + 2 * l)
        var sliding: [(pair: Int, back: Double)] = []
        var total = 0.0
        var crossed: [Int] = []
        buffer.withUnsafeMutableBufferPointer { zb in
            pattern.signs.withUnsafeBufferPointer { sb in
                theta.withUnsafeBufferPointer { tb in
                    targets.withUnsafeBufferPointer { yb in
                        residual.withUnsafeMutableBufferPointer { rb in
                            gradient.withUnsafeMutableBufferPointer { gb in
                                scratch.withUnsafeMutableBufferPointer { cb in
                                    guard let z = zb.baseAddress, let s = sb.baseAddress, let t = tb.baseAddress, let y = yb.baseAddress,
                                          let r = rb.baseAddress, let g = gb.baseAddress, let c = cb.baseAddress else { return }
                                    let block = c, blockOutputs = c + 4 * l, zeros = blockOutputs + 4 * e, sink = zeros + l
                                    let pointers = PassPointers(z: z, signs: s, theta: t, targets: y, residual: r, gradient: g,
                                                                block: block, outputs: blockOutputs,
                                                                bias: addBias ? t + b1Offset : UnsafePointer(zeros),
                                                                biasGradient: hiddenBias ? g + b1Offset : sink)
                                    total = passRows(pointers, crossed: &crossed, sliding: &sliding)
                                }
                            }
                        }
                    }
                }
            }
        }
        return SamplePass(loss: total / Double(samples), crossed: crossed, sliding: sliding)
    }

    /// Where the pass reads and writes.
    struct PassPointers {
        /// z, overwritten by G row by row.
        let z: UnsafeMutablePointer<Double>
        let signs: UnsafePointer<Double>, theta: UnsafePointer<Double>, targets: UnsafePointer<Double>
        let residual: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>
        /// σ(z)·state² of the block's rows (`4 × l`) and their outputs (`4 × e`).
        let block: UnsafeMutablePointer<Double>, outputs: UnsafeMutablePointer<Double>
        /// The hidden bias added to z (zeros when z has it already).
        let bias: UnsafePointer<Double>
        /// Where `1ᵀG` is summed: `∇b1`, or scratch without a hidden bias.
        let biasGradient: UnsafeMutablePointer<Double>
    }

    /// `samplePass` on raw pointers, four rows at a time; every running value a
    /// local (values reached through the closures' captures were kept in memory
    /// and cost as much as the arithmetic). Returns `Σ_i ℓ_i`; lists the crossed pairs.
    func passRows(_ p: PassPointers, crossed: inout [Int], sliding: inout [(pair: Int, back: Double)]) -> Double {
        let rows = samples, width = l, outs = e
        let biased = outputBias, outputBiasOffset = b2Offset, inverse = 1 / Double(samples)
        var total = 0.0
        var first = 0
        while first < rows {
            let count = min(4, rows &- first)
            for row in 0..<count {
                let i = first &+ row
                if hiddenRow(p.z + i &* width, signs: p.signs + i &* width, bias: p.bias, into: p.block + row &* width) {
                    for k in 0..<width where p.signs[i &* width &+ k] * (p.z[i &* width &+ k] + p.bias[k]) < 0 { crossed.append(i &* width &+ k) }
                }
            }
            blockOutputs(p.block, rows: count, theta: p.theta, into: p.outputs)
            for row in 0..<count {   // in order of (i, o), as `lossAndResidual` and `addBiasAndDecay` sum
                for o in 0..<outs {
                    let index = (first &+ row) &* outs &+ o
                    let (term, residual) = loss.termAndResidual(p.outputs[row &* outs &+ o], target: p.targets[index])
                    total += term
                    p.residual[index] = residual
                    if biased { p.gradient[outputBiasOffset &+ o] += residual * inverse }
                }
            }
            if outs == 1 && count == 4 && (0..<4).allSatisfy({ p.residual[first &+ $0] != 0 }) {
                backBlockSingleOutput(first, p, sliding: &sliding)
            } else {
                for row in 0..<count {
                    let i = first &+ row
                    if outs == 1 {
                        backRowSingleOutput(i, hidden: p.block + row &* width, residual: p.residual[i], p, sliding: &sliding)
                    } else {
                        backRow(i, hidden: p.block + row &* width, p, sliding: &sliding)
                    }
                }
            }
            first &+= count
        }
        return total
    }

    /// `∇W1 += Gᵀ X` (`l × d`): one `cblas_dgemm` above `blasThreshold`, plain
    /// loops (skipping zero entries of `G`) below it. `∇b1` is not touched.
    func accumulateInputWeights(_ g: [Double], into gradient: inout [Double]) {
        if samples * d * l >= FlowProblem.blasThreshold {
            let n = Int32(samples), di = Int32(d), li = Int32(l), offset = w1Offset
            g.withUnsafeBufferPointer { gb in
                inputs.withUnsafeBufferPointer { x in
                    gradient.withUnsafeMutableBufferPointer { out in
                        guard let gp = gb.baseAddress, let xb = x.baseAddress, let op = out.baseAddress else { return }
                        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, li, di, n, 1, gp, li, xb, di, 1, op + offset, di)
                    }
                }
            }
        } else {
            let rows = samples, width = l, columns = d, offset = w1Offset
            g.withUnsafeBufferPointer { gb in
                inputs.withUnsafeBufferPointer { xb in
                    gradient.withUnsafeMutableBufferPointer { out in
                        guard let gp = gb.baseAddress, let x = xb.baseAddress, let o = out.baseAddress else { return }
                        for i in 0..<rows {
                            for k in 0..<width {
                                let value = gp[i &* width &+ k]
                                if value == 0 { continue }
                                let target = o + offset + k &* columns, source = x + i &* columns
                                for j in 0..<columns { target[j] += value * source[j] }
                            }
                        }
                    }
                }
            }
        }
    }
}

import CBLAS

/// The work of one field evaluation between its two matrix products (SPEC
/// §9.1, §9.2a), as one pass over the samples.
///
/// Everything from `z_i` to `G_i = b_i ⊙ σ'` depends on sample i alone, so a
/// block of four rows goes through all of it while it sits in L1: σ(z), the
/// outputs, the loss and residuals, `∇W2`, `∇b1`, `G`. Separate passes over the
/// `n × l` buffers (146 KB each on breast cancer with l = 32) cost more than
/// both `cblas_dgemm`s together (Notes/BENCHMARKS.md, "Right-hand side cost").
/// The loops run on raw pointers with wrapping index arithmetic and two lanes
/// (`FieldLanes`), without branches on the pattern. Every sum keeps the order
/// of the plain loops before it (`DeepFlowProblem`'s order too): lanes run
/// across k, never inside one sum, so the field's numbers do not change.
extension FlowProblem {
    /// What the pass leaves besides `G` (written over z) and the gradient's `∇W2`, `∇b1`.
    struct SamplePass {
        /// `Σ_i ℓ_i / n`, without weight decay.
        var loss: Double
        /// `r = ∂ℓ/∂f`, `n × e`.
        var residual: [Double]
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
    /// `addBias`) and is left holding `G` (sliding pairs 0). Adds `∇W2 = (1/n)RᵀH`
    /// and `∇b1 = 1ᵀG` to `gradient`. `pattern.signs` gives the states as numbers.
    func samplePass(_ buffer: inout [Double], pattern: ActivationPattern, _ theta: [Double], addBias: Bool,
                    gradient: inout [Double]) -> SamplePass {
        var residual = [Double](repeating: 0, count: samples * e)
        var block = [Double](repeating: 0, count: 4 * l)     // σ(z)·state² of a block's rows
        var outputsOfBlock = [Double](repeating: 0, count: 4 * e)
        var sliding: [(pair: Int, back: Double)] = []
        var total = 0.0
        var crossed: [Int] = []
        buffer.withUnsafeMutableBufferPointer { zb in
            pattern.signs.withUnsafeBufferPointer { sb in
                theta.withUnsafeBufferPointer { tb in
                    targets.withUnsafeBufferPointer { yb in
                        residual.withUnsafeMutableBufferPointer { rb in
                            gradient.withUnsafeMutableBufferPointer { gb in
                                block.withUnsafeMutableBufferPointer { hb in
                                    outputsOfBlock.withUnsafeMutableBufferPointer { fb in
                                        guard let z = zb.baseAddress, let s = sb.baseAddress, let t = tb.baseAddress, let y = yb.baseAddress,
                                              let r = rb.baseAddress, let g = gb.baseAddress, let h = hb.baseAddress, let f = fb.baseAddress
                                        else { return }
                                        total = passRows(z, signs: s, theta: t, targets: y, residual: r, gradient: g, block: h, outputs: f,
                                                         addBias: addBias, crossed: &crossed, sliding: &sliding)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return SamplePass(loss: total / Double(samples), residual: residual, crossed: crossed, sliding: sliding)
    }

    /// `samplePass` on raw pointers, four rows at a time; every running value a
    /// local (values reached through the closures' captures were kept in memory
    /// and cost as much as the arithmetic). Returns `Σ_i ℓ_i`; lists the crossed pairs.
    func passRows(_ z: UnsafeMutablePointer<Double>, signs s: UnsafePointer<Double>, theta t: UnsafePointer<Double>,
                  targets y: UnsafePointer<Double>, residual r: UnsafeMutablePointer<Double>, gradient g: UnsafeMutablePointer<Double>,
                  block h: UnsafeMutablePointer<Double>, outputs f: UnsafeMutablePointer<Double>, addBias: Bool,
                  crossed: inout [Int], sliding: inout [(pair: Int, back: Double)]) -> Double {
        let rows = samples, width = l, outs = e
        var total = 0.0
        var first = 0
        while first < rows {
            let count = min(4, rows &- first)
            for row in 0..<count {
                let i = first &+ row
                if hiddenRow(z + i &* width, signs: s + i &* width, theta: t, addBias: addBias, into: h + row &* width) {
                    listCrossed(z + i &* width, signs: s + i &* width, theta: t, addBias: addBias, row: i, into: &crossed)
                }
            }
            blockOutputs(h, rows: count, theta: t, into: f)
            for index in 0..<(count &* outs) {   // in order of (i, o), as `lossAndResidual` sums
                let (term, residual) = loss.termAndResidual(f[index], target: y[first &* outs &+ index])
                total += term
                r[first &* outs &+ index] = residual
            }
            for row in 0..<count {
                let i = first &+ row
                if outs == 1 {
                    backRowSingleOutput(i, hidden: h + row &* width, signs: s + i &* width, residual: r[i], theta: t,
                                        into: z + i &* width, gradient: g, sliding: &sliding)
                } else {
                    backRow(i, hidden: h + row &* width, signs: s + i &* width, residual: r + i &* outs, theta: t,
                            into: z + i &* width, gradient: g, sliding: &sliding)
                }
            }
            first &+= count
        }
        return total
    }

    /// One row of the hidden layer under the frozen pattern: `σ(z + b)·state²`
    /// (0 on the kink, where σ(0) = 0; `state²` a factor, not a branch: the
    /// states follow the data, so branches on them mispredict). Returns whether
    /// some pair has `state·z < 0` (`ActivationState.isCrossed`): the stepper's
    /// crossing test at this state, for free.
    @inline(__always)
    func hiddenRow(_ z: UnsafePointer<Double>, signs s: UnsafePointer<Double>, theta t: UnsafePointer<Double>, addBias: Bool,
                   into h: UnsafeMutablePointer<Double>) -> Bool {
        let width = l, b = t + b1Offset, gamma = FieldLanes(repeating: slope)
        var crossed = FieldMask(repeating: false)
        var k = 0
        while k &+ 2 <= width {
            let pre = FieldLanes(z[k], z[k &+ 1]) + (addBias ? FieldLanes(b[k], b[k &+ 1]) : FieldLanes())
            let value = FieldLanes.hidden(pre, state: FieldLanes(s[k], s[k &+ 1]), slope: gamma, crossed: &crossed)
            h[k] = value[0]
            h[k &+ 1] = value[1]
            k &+= 2
        }
        if k < width {   // odd width: the last pair in a lane of its own (state 0 pads the other)
            let pre = FieldLanes(z[k] + (addBias ? b[k] : 0), 0)
            h[k] = FieldLanes.hidden(pre, state: FieldLanes(s[k], 0), slope: gamma, crossed: &crossed)[0]
        }
        return any(crossed)
    }

    /// Appends the pairs of row i with `state·z < 0` (z as `hiddenRow` takes it)
    /// to `crossed`; asked only for a row where `hiddenRow` found one.
    func listCrossed(_ z: UnsafePointer<Double>, signs s: UnsafePointer<Double>, theta t: UnsafePointer<Double>, addBias: Bool,
                     row i: Int, into crossed: inout [Int]) {
        let b = t + b1Offset
        for k in 0..<l where s[k] * (z[k] + (addBias ? b[k] : 0)) < 0 { crossed.append(i &* l &+ k) }
    }

    /// `f_io = b2_o + Σ_k W2_ok h_ik` for the block's rows (`rows × e`), each
    /// sum in order of k; four rows at once are four independent chains of additions.
    @inline(__always)
    func blockOutputs(_ h: UnsafePointer<Double>, rows: Int, theta t: UnsafePointer<Double>, into f: UnsafeMutablePointer<Double>) {
        let width = l, outs = e
        for o in 0..<outs {
            let w = t + w2Offset + o &* width
            let start = outputBias ? t[b2Offset + o] : 0
            if rows == 4 {
                let h1 = h + width, h2 = h1 + width, h3 = h2 + width
                var s0 = start, s1 = start, s2 = start, s3 = start
                for k in 0..<width {
                    let weight = w[k]
                    s0 += weight * h[k]
                    s1 += weight * h1[k]
                    s2 += weight * h2[k]
                    s3 += weight * h3[k]
                }
                f[o] = s0
                f[outs &+ o] = s1
                f[2 &* outs &+ o] = s2
                f[3 &* outs &+ o] = s3
            } else {
                for row in 0..<rows {
                    let hr = h + row &* width
                    var sum = start
                    for k in 0..<width { sum += w[k] * hr[k] }
                    f[row &* outs &+ o] = sum
                }
            }
        }
    }

    /// Sample i's backward step, one output: `∇W2 += (r_i/n) h_i`, `b_ik =
    /// (r_i/n)·v_k`, `G_ik = b_ik σ'` (σ' = 1, γ for states 1, −1; 0 for sliding
    /// pairs, which are set aside with their `b` for the multipliers) into
    /// `back`; with a hidden bias, `∇b1 += G_i`. One loop over k (`backRow`'s
    /// numbers, bit for bit: `b = 0 + (r_i/n)·v_k` as there).
    @inline(__always)
    func backRowSingleOutput(_ i: Int, hidden h: UnsafePointer<Double>, signs s: UnsafePointer<Double>, residual: Double,
                             theta t: UnsafePointer<Double>, into back: UnsafeMutablePointer<Double>, gradient g: UnsafeMutablePointer<Double>,
                             sliding: inout [(pair: Int, back: Double)]) {
        let width = l, lanes = l / 2, odd = l % 2 == 1
        let scaled = residual * (1 / Double(samples))
        let w = t + w2Offset, gw = g + w2Offset, gb = g + b1Offset, biased = hiddenBias
        let factor = FieldLanes(repeating: scaled), gamma = FieldLanes(repeating: slope)
        var onKink = FieldMask(repeating: false)
        for lane in 0..<lanes {
            let k = 2 &* lane
            let state = FieldLanes(s[k], s[k &+ 1])
            var b = FieldLanes()
            if scaled != 0 {
                let weights = FieldLanes(gw[k], gw[k &+ 1]) + factor * FieldLanes(h[k], h[k &+ 1])
                gw[k] = weights[0]
                gw[k &+ 1] = weights[1]
                b = FieldLanes() + factor * FieldLanes(w[k], w[k &+ 1])
            }
            let value = FieldLanes.derivativeTimes(b, state: state, slope: gamma, onKink: &onKink)
            back[k] = value[0]
            back[k &+ 1] = value[1]
            if biased {
                let bias = FieldLanes(gb[k], gb[k &+ 1]) + value
                gb[k] = bias[0]
                gb[k &+ 1] = bias[1]
            }
        }
        if odd {   // the other lane padded with state 1 (not on a kink)
            let k = width &- 1
            var b = 0.0
            if scaled != 0 {
                gw[k] += scaled * h[k]
                b = 0 + scaled * w[k]
            }
            let value = FieldLanes.derivativeTimes(FieldLanes(b, 0), state: FieldLanes(s[k], 1), slope: gamma, onKink: &onKink)[0]
            back[k] = value
            if biased { gb[k] += value }
        }
        guard any(onKink) else { return }
        for k in 0..<width where s[k] == 0 { sliding.append((i &* width &+ k, scaled != 0 ? 0 + scaled * w[k] : 0)) }
    }

    /// Sample i's backward step for e outputs: `∇W2 += (1/n) r_i h_i`, `b_ik =
    /// (r_i·v_k)/n`, then `G_ik = b_ik σ'` as in `backRowSingleOutput`, pass by pass.
    @inline(__always)
    func backRow(_ i: Int, hidden h: UnsafePointer<Double>, signs s: UnsafePointer<Double>, residual r: UnsafePointer<Double>,
                 theta t: UnsafePointer<Double>, into back: UnsafeMutablePointer<Double>, gradient g: UnsafeMutablePointer<Double>,
                 sliding: inout [(pair: Int, back: Double)]) {
        let width = l, inverse = 1 / Double(samples), gamma = slope
        for k in 0..<width { back[k] = 0 }
        for o in 0..<e {
            let scaled = r[o] * inverse
            if scaled == 0 { continue }
            let w = t + w2Offset + o &* width, gw = g + w2Offset + o &* width
            for k in 0..<width {
                gw[k] += scaled * h[k]
                back[k] += scaled * w[k]
            }
        }
        for k in 0..<width {
            back[k] *= s[k] < 0 ? gamma : 1
            if s[k] == 0 {
                sliding.append((i &* width &+ k, back[k]))
                back[k] = 0
            }
        }
        guard hiddenBias else { return }
        let gb = g + b1Offset
        for k in 0..<width { gb[k] += back[k] }
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

/// Two doubles, the lanes of the field's pass (SSE2's width: the build targets
/// baseline x86-64; LLVM turns these selects into compares and masks, not branches).
typealias FieldLanes = SIMD2<Double>
/// A comparison of two `FieldLanes`.
typealias FieldMask = SIMDMask<SIMD2<Int64>>

extension FieldLanes {
    /// `σ(z)·state²` lane by lane, with `max(z, 0)` and `min(z, 0)` as Swift's
    /// `max`/`min` take them (NaN stays NaN, −0 gives +0): the numbers of the
    /// scalar `(max(z, 0) + γ·min(z, 0))·state²`. Marks the lanes with `state·z < 0` in `crossed`.
    @inline(__always) static func hidden(_ z: FieldLanes, state: FieldLanes, slope: FieldLanes, crossed: inout FieldMask) -> FieldLanes {
        let zero = FieldLanes(), one = FieldLanes(repeating: 1)
        crossed .|= state * z .< zero
        let positive = z.replacing(with: zero, where: z .<= zero)   // max(z, 0) = 0 ≥ z ? 0 : z
        let negative = z.replacing(with: zero, where: z .> zero)    // min(z, 0) = 0 < z ? 0 : z
        return (positive + slope * negative) * one.replacing(with: zero, where: state .== zero)
    }

    /// `b·σ'` with the sliding pairs' lanes 0: `b·γ` for state −1, `b·1` for
    /// state 1, 0 for state 0 (as the scalar `b *= state == −1 ? γ : 1` and then
    /// 0 on the kink); marks the state-0 lanes in `onKink`.
    @inline(__always) static func derivativeTimes(_ b: FieldLanes, state: FieldLanes, slope: FieldLanes, onKink: inout FieldMask) -> FieldLanes {
        let zero = FieldLanes(), one = FieldLanes(repeating: 1)
        let kink = state .== zero
        onKink .|= kink
        return (b * one.replacing(with: slope, where: state .< zero)).replacing(with: zero, where: kink)
    }
}

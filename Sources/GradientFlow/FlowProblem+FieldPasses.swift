import CBLAS

/// The work of one field evaluation between its two matrix products (SPEC
/// §9.1, §9.2a), as one pass over the samples.
///
/// Everything from `z_i` to `G_i = b_i ⊙ σ'` depends on sample i alone, so a
/// block of four rows goes through all of it while it sits in L1: σ(z), the
/// outputs, the loss and residuals, `∇b2`, `∇W2`, `∇b1`, `G`. Separate passes over the
/// `n × l` buffers (146 KB each on breast cancer with l = 32) cost more than
/// both `cblas_dgemm`s together (Notes/BENCHMARKS.md, "Right-hand side cost").
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

    /// One row of the hidden layer under the frozen pattern: `σ(z + b)·state²`
    /// (0 on the kink, where σ(0) = 0; `state²` a factor, not a branch: the
    /// states follow the data, so branches on them mispredict). Returns whether
    /// some pair has `state·(z + b) < 0` (`ActivationState.isCrossed`): the
    /// stepper's crossing test at this state, for free. (Adding zeros where z
    /// has its bias already is harmless: it only turns a −0 into +0, which
    /// neither σ nor the test can tell apart.)
    @inline(__always)
    func hiddenRow(_ z: UnsafePointer<Double>, signs s: UnsafePointer<Double>, bias b: UnsafePointer<Double>,
                   into h: UnsafeMutablePointer<Double>) -> Bool {
        let width = l, gamma = FieldLanes(repeating: slope)
        var crossed = FieldMask(repeating: false)
        var k = 0
        while k &+ 4 <= width {   // two lane pairs per turn of the loop
            crossed .|= hiddenLanes(z + k, signs: s + k, bias: b + k, into: h + k, count: 2, slope: gamma)
            let next = k &+ 2
            crossed .|= hiddenLanes(z + next, signs: s + next, bias: b + next, into: h + next, count: 2, slope: gamma)
            k &+= 4
        }
        while k < width {   // a padded lane has state 0: neither a value nor a crossing
            crossed .|= hiddenLanes(z + k, signs: s + k, bias: b + k, into: h + k, count: min(2, width &- k), slope: gamma)
            k &+= 2
        }
        return any(crossed)
    }

    /// `hiddenRow` for the `count` (≤ 2) pairs from k on; returns the lanes with `state·z < 0`.
    @inline(__always)
    func hiddenLanes(_ z: UnsafePointer<Double>, signs s: UnsafePointer<Double>, bias b: UnsafePointer<Double>,
                     into h: UnsafeMutablePointer<Double>, count: Int, slope: FieldLanes) -> FieldMask {
        var crossed = FieldMask(repeating: false)
        let pre = FieldLanes(z, count) + FieldLanes(b, count)
        FieldLanes.hidden(pre, state: FieldLanes(s, count), slope: slope, crossed: &crossed).store(h, count)
        return crossed
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

    /// `backRowSingleOutput` for the four samples of a block at once (every
    /// `r_i ≠ 0`), lane pair by lane pair: ∇W2's and ∇b1's lanes are loaded and
    /// stored once per block instead of once per sample, each still summed in
    /// order of i.
    @inline(__always)
    func backBlockSingleOutput(_ first: Int, _ p: PassPointers, sliding: inout [(pair: Int, back: Double)]) {
        let width = l, inverse = 1 / Double(samples)
        let w = p.theta + w2Offset, gw = p.gradient + w2Offset, gb = p.biasGradient, gamma = FieldLanes(repeating: slope)
        let r = p.residual + first
        let f0 = FieldLanes(repeating: r[0] * inverse), f1 = FieldLanes(repeating: r[1] * inverse)
        let f2 = FieldLanes(repeating: r[2] * inverse), f3 = FieldLanes(repeating: r[3] * inverse)
        let h0 = UnsafePointer(p.block), h1 = h0 + width, h2 = h1 + width, h3 = h2 + width
        let s0 = p.signs + first &* width, s1 = s0 + width, s2 = s1 + width, s3 = s2 + width
        let b0 = p.z + first &* width, b1 = b0 + width, b2 = b1 + width, b3 = b2 + width
        var kink0 = FieldMask(repeating: false), kink1 = kink0, kink2 = kink0, kink3 = kink0
        /// The four samples' `count` lanes from k on.
        @inline(__always) func lanes(_ k: Int, _ count: Int) -> (FieldMask, FieldMask, FieldMask, FieldMask) {
            let weights = FieldLanes(w + k, count)
            var weightsGradient = FieldLanes(gw + k, count), biasGradient = FieldLanes(gb + k, count)
            let kinks = (FieldLanes.backSample(f0, h0 + k, s0 + k, b0 + k, count, weights: weights, slope: gamma,
                                               weightsGradient: &weightsGradient, biasGradient: &biasGradient),
                         FieldLanes.backSample(f1, h1 + k, s1 + k, b1 + k, count, weights: weights, slope: gamma,
                                               weightsGradient: &weightsGradient, biasGradient: &biasGradient),
                         FieldLanes.backSample(f2, h2 + k, s2 + k, b2 + k, count, weights: weights, slope: gamma,
                                               weightsGradient: &weightsGradient, biasGradient: &biasGradient),
                         FieldLanes.backSample(f3, h3 + k, s3 + k, b3 + k, count, weights: weights, slope: gamma,
                                               weightsGradient: &weightsGradient, biasGradient: &biasGradient))
            weightsGradient.store(gw + k, count)
            biasGradient.store(gb + k, count)
            return kinks
        }
        var k = 0
        while k &+ 2 <= width {
            let kinks = lanes(k, 2)
            kink0 .|= kinks.0
            kink1 .|= kinks.1
            kink2 .|= kinks.2
            kink3 .|= kinks.3
            k &+= 2
        }
        if k < width {
            let kinks = lanes(k, 1)
            kink0 .|= kinks.0
            kink1 .|= kinks.1
            kink2 .|= kinks.2
            kink3 .|= kinks.3
        }
        guard any(kink0 .| kink1 .| kink2 .| kink3) else { return }
        for row in 0..<4 {
            let i = first &+ row, s = p.signs + i &* width, scaled = r[row] * inverse
            for k in 0..<width where s[k] == 0 { sliding.append((i &* width &+ k, 0 + scaled * w[k])) }
        }
    }

    /// Sample i's backward step, one output: `∇W2 += (r_i/n) h_i`, `b_ik =
    /// (r_i/n)·v_k`, `G_ik = b_ik σ'` (σ' = 1, γ for states 1, −1; 0 for sliding
    /// pairs, which are set aside with their `b` for the multipliers) over z's
    /// row, and `1ᵀG += G_i`. One loop over k (`backRow`'s numbers, bit for bit:
    /// `b = 0 + (r_i/n)·v_k` as there; with `r_i = 0`, b = 0 and ∇W2 stays).
    @inline(__always)
    func backRowSingleOutput(_ i: Int, hidden h: UnsafePointer<Double>, residual: Double, _ p: PassPointers,
                             sliding: inout [(pair: Int, back: Double)]) {
        let width = l, scaled = residual * (1 / Double(samples))
        let w = p.theta + w2Offset, gw = p.gradient + w2Offset, gb = p.biasGradient
        let back = p.z + i &* width, s = UnsafePointer(p.signs + i &* width)
        let factor = FieldLanes(repeating: scaled), gamma = FieldLanes(repeating: slope)
        var onKink = FieldMask(repeating: false)
        if scaled != 0 {
            var k = 0
            while k &+ 4 <= width {
                onKink .|= backLanes(k, 2, moving: true, factor: factor, slope: gamma, hidden: h, weights: w, signs: s,
                                     weightsGradient: gw, back: back, biasGradient: gb)
                onKink .|= backLanes(k &+ 2, 2, moving: true, factor: factor, slope: gamma, hidden: h, weights: w, signs: s,
                                     weightsGradient: gw, back: back, biasGradient: gb)
                k &+= 4
            }
            while k < width {
                onKink .|= backLanes(k, min(2, width &- k), moving: true, factor: factor, slope: gamma, hidden: h, weights: w, signs: s,
                                     weightsGradient: gw, back: back, biasGradient: gb)
                k &+= 2
            }
        } else {
            var k = 0
            while k < width {
                onKink .|= backLanes(k, min(2, width &- k), moving: false, factor: factor, slope: gamma, hidden: h, weights: w, signs: s,
                                     weightsGradient: gw, back: back, biasGradient: gb)
                k &+= 2
            }
        }
        guard any(onKink) else { return }
        for k in 0..<width where s[k] == 0 { sliding.append((i &* width &+ k, scaled != 0 ? 0 + scaled * w[k] : 0)) }
    }

    /// `backRowSingleOutput` for the `count` (≤ 2) pairs from k on (`moving`: r_i ≠ 0);
    /// returns the lanes on a kink. Padded lanes have state 1 (not on a kink).
    @inline(__always)
    func backLanes(_ k: Int, _ count: Int, moving: Bool, factor: FieldLanes, slope: FieldLanes, hidden h: UnsafePointer<Double>,
                   weights w: UnsafePointer<Double>, signs s: UnsafePointer<Double>, weightsGradient gw: UnsafeMutablePointer<Double>,
                   back: UnsafeMutablePointer<Double>, biasGradient gb: UnsafeMutablePointer<Double>) -> FieldMask {
        var b = FieldLanes(), onKink = FieldMask(repeating: false)
        if moving {
            (FieldLanes(gw + k, count) + factor * FieldLanes(h + k, count)).store(gw + k, count)
            b = FieldLanes() + factor * FieldLanes(w + k, count)
        }
        let value = FieldLanes.derivativeTimes(b, state: FieldLanes(s + k, count, pad: 1), slope: slope, onKink: &onKink)
        value.store(back + k, count)
        (FieldLanes(gb + k, count) + value).store(gb + k, count)
        return onKink
    }

    /// Sample i's backward step for e outputs: `∇W2 += (1/n) r_i h_i`, `b_ik =
    /// (r_i·v_k)/n`, then `G_ik = b_ik σ'` as in `backRowSingleOutput`, pass by pass.
    @inline(__always)
    func backRow(_ i: Int, hidden h: UnsafePointer<Double>, _ p: PassPointers, sliding: inout [(pair: Int, back: Double)]) {
        let width = l, inverse = 1 / Double(samples), gamma = slope
        let back = p.z + i &* width, s = p.signs + i &* width, r = p.residual + i &* e
        for k in 0..<width { back[k] = 0 }
        for o in 0..<e {
            let scaled = r[o] * inverse
            if scaled == 0 { continue }
            let w = p.theta + w2Offset + o &* width, gw = p.gradient + w2Offset + o &* width
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
        for k in 0..<width { p.biasGradient[k] += back[k] }
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
/// baseline x86-64; LLVM turns these selects into compares and masks, not
/// branches; with four-double vectors it shuffled every mask between halves).
typealias FieldLanes = SIMD2<Double>
/// A comparison of two `FieldLanes`.
typealias FieldMask = SIMDMask<SIMD2<Int64>>

extension FieldLanes {
    /// `p[0..<count]` (count ≤ 2) in the first lanes, `pad` in the other.
    @inline(__always) init(_ p: UnsafePointer<Double>, _ count: Int, pad: Double = 0) {
        self.init(p[0], count > 1 ? p[1] : pad)
    }

    @inline(__always) init(_ p: UnsafeMutablePointer<Double>, _ count: Int, pad: Double = 0) {
        self.init(UnsafePointer(p), count, pad: pad)
    }

    /// Writes the first `count` lanes to `p[0..<count]`.
    @inline(__always) func store(_ p: UnsafeMutablePointer<Double>, _ count: Int) {
        p[0] = self[0]
        if count > 1 { p[1] = self[1] }
    }

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

    /// One sample's lanes of `backBlockSingleOutput`: `∇W2 += (r/n)·h`,
    /// `G = (0 + (r/n)·v)·σ'` stored at `back`, `∇b1 += G`; returns the lanes on
    /// a kink (a padded lane has state 1).
    @inline(__always) static func backSample(_ factor: FieldLanes, _ h: UnsafePointer<Double>, _ s: UnsafePointer<Double>,
                                             _ back: UnsafeMutablePointer<Double>, _ count: Int, weights: FieldLanes, slope: FieldLanes,
                                             weightsGradient: inout FieldLanes, biasGradient: inout FieldLanes) -> FieldMask {
        var onKink = FieldMask(repeating: false)
        weightsGradient = weightsGradient + factor * FieldLanes(h, count)
        let value = derivativeTimes(FieldLanes() + factor * weights, state: FieldLanes(s, count, pad: 1), slope: slope, onKink: &onKink)
        value.store(back, count)
        biasGradient = biasGradient + value
        return onKink
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

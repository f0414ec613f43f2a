/// The per-row steps of the field's pass (`FlowProblem+FieldPasses.swift`):
/// the hidden layer of one sample, the outputs of a block of four, and the
/// backward step, four pairs per turn on `FieldLanes`. Every sum runs in the
/// order of the plain loops it replaces (lanes across k, never inside a sum).
extension FlowProblem {
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
}

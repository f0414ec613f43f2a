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

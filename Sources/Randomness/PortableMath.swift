/// `exp` and `log` built from IEEE-754 basic operations only (+, −, ×, ÷ and
/// exact scaling by powers of two), so that they return the same bits on every
/// machine — unlike libm, whose last bit differs between implementations.
/// The normal sampler's tables and rejection tests use them; that is what makes
/// a seeded Monte Carlo run reproducible bit for bit everywhere. Accuracy is
/// about one ulp (tested against libm), which is all the sampler needs.
public enum PortableMath {
    /// ln 2 split as in fdlibm: `ln2High` has 32 trailing zero bits, so `k·ln2High`
    /// is exact for every exponent `k`; `ln2Low` carries the rest.
    @usableFromInline static let ln2High = 6.93147180369123816490e-01
    @usableFromInline static let ln2Low = 1.90821492927058770002e-10

    /// Natural logarithm of a positive finite `x` (`-∞` at 0, NaN below).
    @inlinable
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var exponent = Int(x.exponent)
        var f = x.significand          // in [1, 2), exact
        if f > 1.4142135623730951 {    // bring f into [√½, √2]
            f *= 0.5
            exponent += 1
        }
        let s = (f - 1) / (f + 1)
        let s2 = s * s
        // 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), |s| ≤ 0.1716: 11 terms reach 2⁻⁵⁶.
        var series = 1.0 / 23.0
        series = series * s2 + 1.0 / 21.0
        series = series * s2 + 1.0 / 19.0
        series = series * s2 + 1.0 / 17.0
        series = series * s2 + 1.0 / 15.0
        series = series * s2 + 1.0 / 13.0
        series = series * s2 + 1.0 / 11.0
        series = series * s2 + 1.0 / 9.0
        series = series * s2 + 1.0 / 7.0
        series = series * s2 + 1.0 / 5.0
        series = series * s2 + 1.0 / 3.0
        let logF = 2 * s + 2 * s * s2 * series
        let k = Double(exponent)
        return k * ln2High + (k * ln2Low + logF)
    }

    /// `e^x`; 0 below −745.2, `+∞` above 709.79.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        guard x.isFinite else { return x.isNaN ? x : (x > 0 ? x : 0) }
        if x > 709.782712893384 { return .infinity }
        if x < -745.2 { return 0 }
        let k = (x * 1.4426950408889634).rounded(.toNearestOrEven)
        let r = (x - k * ln2High) - k * ln2Low        // |r| ≤ 0.3466
        // Taylor polynomial of degree 13: remainder below 2⁻⁵⁷ on |r| ≤ 0.347.
        var p = 1.0 / 6_227_020_800.0
        p = p * r + 1.0 / 479_001_600.0
        p = p * r + 1.0 / 39_916_800.0
        p = p * r + 1.0 / 3_628_800.0
        p = p * r + 1.0 / 362_880.0
        p = p * r + 1.0 / 40_320.0
        p = p * r + 1.0 / 5_040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        let value = 1 + (r + r * r * p)
        // Scale by 2^k in two exact steps (k can reach −1075, below the normal range).
        let k1 = Int(k) / 2, k2 = Int(k) - Int(k) / 2
        return value * Double(sign: .plus, exponent: k1, significand: 1) * Double(sign: .plus, exponent: k2, significand: 1)
    }
}

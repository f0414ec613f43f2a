#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 with Box–Muller normals over libm's `log` and `cos`.
///
/// It exists so that outputs drawn with it stay reproducible: the teacher
/// inputs and the train/test split of `relutopo flow` (`FlowData`), the
/// weight-decay check of `relutopo verify`, and the property tests' data.
/// The integers are the same on every machine; the normals go through libm,
/// whose last bit can differ between implementations. Everything new draws
/// normals with `NormalSampler` (the portable ziggurat), which cannot.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(state: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    /// Uniform in (0, 1): `(top 53 bits + ½)·2⁻⁵³`.
    public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

    /// Standard normal (Box–Muller, the cosine branch; two uniforms per variate).
    public mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

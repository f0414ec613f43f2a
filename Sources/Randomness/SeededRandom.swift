/// SplitMix64 with normals from the one sampler (`NormalSampler`, the
/// portable ziggurat): the stream of the teacher inputs and the train/test
/// split of `relutopo flow` (`FlowData`), the weight-decay check of
/// `relutopo verify`, and the property tests' data. Integers and normals are
/// the same bits on every machine (the Box–Muller normals it drew before went
/// through libm's `log` and `cos`, whose last bit can differ).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(state: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    /// Standard normal.
    public mutating func normal() -> Double { NormalSampler.shared.next(&generator) }
}

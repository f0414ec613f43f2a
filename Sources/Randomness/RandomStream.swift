/// SplitMix64 (Steele, Lea, Flood 2014): the seeding generator of the
/// xoshiro family, also a good 64-bit mixing function. Reference outputs for
/// seed 0 begin `0xE220A8397B1DCDAF` (tested).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256++ (Blackman, Vigna 2019): the generator behind every random
/// number relutopo draws. Its output depends only on the 256-bit state, so the
/// numbers are the same on every machine.
public struct Xoshiro256PlusPlus: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator whose state is four consecutive SplitMix64 outputs from `seed`
    /// (the seeding the xoshiro authors recommend; never all-zero).
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s0 &+ s3) << 23 | (s0 &+ s3) >> 41) &+ s0
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }
}

extension RandomNumberGenerator {
    /// A uniform double in `[0, 1)`: the top 53 bits of one draw times 2⁻⁵³ (exact).
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in `(0, 1]` (for logarithms).
    @inlinable
    public mutating func nextUnitOpenAtZero() -> Double {
        Double((next() >> 11) &+ 1) * 0x1p-53
    }
}

/// Where the random numbers of one Monte Carlo sample come from.
///
/// Every sample has its own stream, keyed by `(seed, cell, sample index)`:
/// `Xoshiro256PlusPlus(seed: mix(seed, cell, index))`. A sample's numbers
/// therefore do not depend on how samples are split across threads or
/// machines, on which other cells a run contains, or on the order in which
/// they run — the property `--shard` and `sweep merge` rely on. The cell key
/// is a 64-bit FNV-1a hash of the cell's text identity
/// (`scheme|d|l|e|bias`), not Swift's per-process randomised `Hasher`.
public struct SampleStreams: Sendable, Hashable {
    public let seed: UInt64
    public let cellKey: UInt64

    public init(seed: UInt64, cellIdentity: String) {
        self.seed = seed
        self.cellKey = SampleStreams.fnv1a(cellIdentity)
    }

    /// The generator for sample `index`.
    @inlinable
    public func stream(_ index: Int) -> Xoshiro256PlusPlus {
        var mixer = SplitMix64(state: seed ^ 0x6A09_E667_F3BC_C908)
        let a = mixer.next() ^ cellKey
        var second = SplitMix64(state: a)
        let b = second.next() ^ UInt64(truncatingIfNeeded: index)
        return Xoshiro256PlusPlus(seed: b)
    }

    /// FNV-1a, 64-bit, over the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

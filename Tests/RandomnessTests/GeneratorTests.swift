import Testing
@testable import Randomness

/// The generators are `RandomNumberGenerator`s with one normal sampler (the
/// portable ziggurat), whatever the stream.
@Suite struct GeneratorTests {
    @Test func generatorsWorkWithTheStandardLibrary() {
        var splitMix = SplitMix64(state: 1), xoshiro = Xoshiro256PlusPlus(seed: 1)
        for _ in 0..<100 {
            #expect((0..<10).contains(Int.random(in: 0..<10, using: &splitMix)))
            #expect((0..<10).contains(Int.random(in: 0..<10, using: &xoshiro)))
        }
        var copy = xoshiro
        #expect(xoshiro.nextUnit() == Double(copy.next() >> 11) * 0x1p-53)
        #expect(xoshiro.nextUnitOpenAtZero() == Double((copy.next() >> 11) + 1) * 0x1p-53)
    }

    /// `rows` is the sampler's variates, row by row, from `Xoshiro256PlusPlus(seed:)`.
    @Test func rowsAreTheVariatesOfOneStream() {
        var generator = Xoshiro256PlusPlus(seed: 5)
        let expected = (0..<3).map { _ in (0..<4).map { _ in NormalSampler.shared.next(&generator) } }
        #expect(NormalSampler.shared.rows(3, dimension: 4, seed: 5) == expected)
        #expect(NormalSampler.shared.rows(0, dimension: 4, seed: 5).isEmpty)
    }

    /// SplitMix64 integers, and normals from the one sampler over that stream
    /// (the ziggurat, pinned on its own in NormalSamplerTests): flow's teacher
    /// inputs and split are drawn with it.
    @Test func seededRandomIsSplitMixWithTheOneSampler() {
        var random = SeededRandom(seed: 42), reference = SplitMix64(state: 42)
        #expect((0..<8).map { _ in random.next() } == (0..<8).map { _ in reference.next() })
        var normals = SeededRandom(seed: 42), stream = SplitMix64(state: 42)
        let expected = (0..<1000).map { _ in NormalSampler.shared.next(&stream).bitPattern }
        #expect((0..<1000).map { _ in normals.normal().bitPattern } == expected)
    }
}

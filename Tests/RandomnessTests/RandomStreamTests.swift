import Foundation
import Testing
@testable import Randomness
import TestSupport

@Suite struct RandomStreamTests {
    @Test func splitMixMatchesItsPublishedFirstOutput() {
        var generator = SplitMix64(state: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    }

    /// Against an independent Python implementation (Tests/Fixtures/probabilities/make_reference_tables.py).
    @Test func xoshiroMatchesTheReferenceImplementation() throws {
        let url = Fixtures.url("probabilities/xoshiro256pp.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count == 4)
        for line in lines {
            let parts = line.split(separator: ":")
            let seed = try #require(UInt64(parts[0]))
            let expected = parts[1].split(separator: " ").compactMap { UInt64($0, radix: 16) }
            var generator = Xoshiro256PlusPlus(seed: seed)
            #expect((0..<8).map { _ in generator.next() } == expected, "seed \(seed)")
        }
    }

    @Test func streamsDependOnSeedCellAndIndexOnly() {
        let a = SampleStreams(seed: 7, cellIdentity: "kaiming_normal|3|4|1|false")
        let b = SampleStreams(seed: 7, cellIdentity: "kaiming_normal|3|4|1|false")
        var first = a.stream(12), second = b.stream(12)
        #expect(first.next() == second.next())
        var other = a.stream(13), otherCell = SampleStreams(seed: 7, cellIdentity: "kaiming_normal|3|5|1|false").stream(12)
        var again = a.stream(12)
        let reference = again.next()
        #expect(other.next() != reference)
        #expect(otherCell.next() != reference)
        // FNV-1a 64 of "a" is a published test vector.
        #expect(SampleStreams.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
    }

    @Test func portableMathAgreesWithLibmToTwoUlps() {
        var generator = Xoshiro256PlusPlus(seed: 3)
        for _ in 0..<20_000 {
            let x = (generator.nextUnit() - 0.5) * 1400
            let expected = Foundation.exp(x), actual = PortableMath.exp(x)
            if expected > 0x1p-1022 && expected.isFinite {
                #expect(Swift.abs(actual - expected) <= 2 * expected.ulp, "exp(\(x))")
            }
            let y = Foundation.exp((generator.nextUnit() - 0.5) * 1400)
            if y > 0 && y.isFinite {
                let logExpected = Foundation.log(y)
                #expect(Swift.abs(PortableMath.log(y) - logExpected) <= 2 * Swift.max(logExpected.magnitude.ulp, 0x1p-60), "log(\(y))")
            }
        }
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.exp(0) == 1)
        #expect(PortableMath.exp(-800) == 0)
        #expect(PortableMath.exp(710) == .infinity)
    }

    /// The normal sampler passes a Kolmogorov–Smirnov test against Φ, has the
    /// right moments, and its tail path (|x| > R) fires at the rate 2Φ(−R).
    @Test func zigguratIsStandardNormal() {
        var generator = Xoshiro256PlusPlus(seed: 2026)
        let n = 200_000
        var values = (0..<n).map { _ in NormalSampler.shared.next(&generator) }
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        #expect(Swift.abs(mean) < 4 / Double(n).squareRoot())
        #expect(Swift.abs(variance - 1) < 4 * (2 / Double(n)).squareRoot())
        values.sort()
        var ks = 0.0
        for (i, x) in values.enumerated() {
            let cdf = 0.5 * erfc(-x / 2.0.squareRoot())
            ks = Swift.max(ks, Swift.abs(cdf - Double(i) / Double(n)), Swift.abs(cdf - Double(i + 1) / Double(n)))
        }
        // Critical value at the 0.1% level: 1.95/√n.
        #expect(ks < 1.95 / Double(n).squareRoot(), "KS statistic \(ks)")
        let r = NormalSampler.tailStart
        let tailExpected = erfc(r / 2.0.squareRoot()) * Double(n)
        let tail = Double(values.filter { Swift.abs($0) > r }.count)
        #expect(Swift.abs(tail - tailExpected) < 4 * tailExpected.squareRoot() + 1, "tail \(tail) vs \(tailExpected)")
    }

    @Test func zigguratTablesAreAConsistentZiggurat() {
        let sampler = NormalSampler.shared
        #expect(sampler.edges.count == 257)
        for i in 1..<256 { #expect(sampler.edges[i] > sampler.edges[i + 1]) }
        // Each layer i ≥ 1 has area V: x_i (f(x_{i+1}) − f(x_i)) = V, with f(x) = exp(−x²/2).
        for i in 1..<255 {
            let area = sampler.edges[i] * (exp(-0.5 * sampler.edges[i + 1] * sampler.edges[i + 1]) - exp(-0.5 * sampler.edges[i] * sampler.edges[i]))
            #expect(Swift.abs(area / NormalSampler.layerArea - 1) < 1e-9, "layer \(i)")
        }
    }
}

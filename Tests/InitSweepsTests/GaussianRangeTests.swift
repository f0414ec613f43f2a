import Foundation
import Testing
import Randomness
@testable import InitSweeps

/// `gaussian(s1, s2)` at extreme scales: the sign of `c = ‖a‖² − ‖v‖²` does not
/// change when a and v are scaled together, so P(c < 0) depends on s2/s1 only.
/// Before the fix, s2 > 1e154 made every variance ∞ (every neuron "c = 0") and
/// s1, s2 < 1e-162 divided by a zero variance.
@Suite struct GaussianRangeTests {
    static let architecture = Architecture(inputs: 1, hidden: 3, outputs: 1, bias: false)
    static let streams = SampleStreams(seed: 5, cellIdentity: "gaussian-range")

    func tally(_ scheme: InitScheme, count: Int = 4000) -> MonteCarloTally {
        MonteCarloCell(scheme: scheme, architecture: Self.architecture, teachers: [], streams: Self.streams).tally(count: count, threads: 1)
    }

    /// Scaling (s1, s2) by 2^-600 scales every draw by 2^-600 exactly: the same random
    /// numbers give the same signs, hence bit-identical tallies.
    @Test func powerOfTwoScalingGivesIdenticalTallies() {
        let reference = tally(.gaussian(inputStd: 3, outputStd: 5, biasStd: 3))
        for shift in [-600, -1000, 600, 1000] {
            let s = Foundation.scalbn(1.0, shift)
            let scaled = tally(.gaussian(inputStd: 3 * s, outputStd: 5 * s, biasStd: 3 * s))
            #expect(scaled == reference, "scale 2^\(shift)")
        }
        #expect(reference.zeroNeurons == 0 && reference.undecidedSamples == 0)
    }

    /// gaussian(1e-200, 1e-200) against gaussian(1, 1) on the same streams. With
    /// m = e = 1, |a| and |v| are i.i.d., so P(c < 0) = 1/2 by symmetry (closed form
    /// I_{1/2}(1/2, 1/2) = 1/2); the Monte Carlo estimate is within 4 SE of it.
    @Test func tinyEqualScalesBehaveLikeUnitScales() throws {
        let tiny = tally(.gaussian(inputStd: 1e-200, outputStd: 1e-200, biasStd: 1e-200))
        let unit = tally(.gaussian(inputStd: 1, outputStd: 1, biasStd: 1))
        #expect(tiny.zeroNeurons == 0 && tiny.samples == 4000)
        // Same random numbers, draws N·s rounded: signs can differ only at a rounding tie
        // (probability ~1e-15 per neuron); for this seed they do not.
        #expect(tiny.pathologicalNeurons == unit.pathologicalNeurons)
        let estimate = try #require(tiny.pathological(hidden: 3))
        let se = (0.25 / Double(4000 * 3)).squareRoot()
        #expect(abs(estimate.value - 0.5) <= 4 * se)
        for scale in [1e-200, 1e-170, 1e200] {
            let forms = try #require(ClosedFormProbabilities(scheme: .gaussian(inputStd: scale, outputStd: scale, biasStd: scale), architecture: Self.architecture))
            #expect(abs(forms.pathological - 0.5) < 1e-12, "closed form at s = \(scale)")
        }
    }

    /// gaussian(1, 1e200): x = s2²/(s1² + s2²) = 1/(1 + 1e-400), and for m = e = 1
    /// P(c < 0) = (2/π)·arcsin(√x) = 1 − O(1e-200): 1 in binary64. Every drawn neuron
    /// is pathological (|a| ≥ |v| has probability ~6e-201).
    @Test func hugeOutputScaleMakesEveryNeuronPathological() throws {
        let result = tally(.gaussian(inputStd: 1, outputStd: 1e200, biasStd: 1))
        #expect(result.zeroNeurons == 0)
        #expect(result.pathologicalNeurons == 3 * 4000)
        let forms = try #require(ClosedFormProbabilities(scheme: .gaussian(inputStd: 1, outputStd: 1e200, biasStd: 1), architecture: Self.architecture))
        #expect(forms.pathological == 1)
        // And the mirror image: s1 = 1e200, s2 = 1 gives P(c < 0) = 0.
        let mirror = tally(.gaussian(inputStd: 1e200, outputStd: 1, biasStd: 1e200))
        #expect(mirror.pathologicalNeurons == 0 && mirror.zeroNeurons == 0)
        #expect(try #require(ClosedFormProbabilities(scheme: .gaussian(inputStd: 1e200, outputStd: 1, biasStd: 1e200), architecture: Self.architecture)).pathological == 0)
    }

    /// The closed form's x is an exact rational: s1 = 3e-170, s2 = 4e-170 gives x = 16/25
    /// (binary64's 3e-170 and 4e-170 are not exactly 3:4, so to ~1e-16).
    @Test func closedFormXIsExactAtTinyScales() throws {
        let law = try #require(InitScheme.gaussian(inputStd: 3e-170, outputStd: 4e-170, biasStd: 3e-170).gaussianLaw(d: 2, l: 1, e: 1, bias: false))
        #expect(abs(law.x - 16.0 / 25) < 1e-15)
        #expect(abs(law.complement - 9.0 / 25) < 1e-15)
    }
}

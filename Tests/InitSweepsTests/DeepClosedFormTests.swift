import Foundation
import Testing
import ExactNumbers
@testable import InitSweeps

/// SPEC §13.9's per-layer marginals, against hand computations and, for
/// `L = 2`, against SPEC §10's two-layer law written out independently.
@Suite struct DeepClosedFormTests {
    /// SPEC §10 by hand for `[d, l, e]`: `(m', x)` with `x = s2²/(s1² + s2²)`;
    /// nil where no closed form exists.
    static func twoLayerByHand(_ scheme: InitScheme, d: Int, l: Int, e: Int, bias: Bool) -> (m: Int, x: Double)? {
        switch scheme {
        case .kaimingNormal:
            return (d, (2.0 / Double(l)) / (2.0 / Double(d) + 2.0 / Double(l)))   // = d/(d + l)
        case .xavierNormal:
            let v1 = 2.0 / Double(d + l), v2 = 2.0 / Double(l + e)
            return (d, v2 / (v1 + v2))
        case let .gaussian(s1, s2, sb):
            if bias && sb != 0 && sb != s1 { return nil }
            return (d + (bias && sb != 0 ? 1 : 0), s2 * s2 / (s1 * s1 + s2 * s2))
        default:
            return nil
        }
    }

    /// `L = 2`: the first layer of the deep law is SPEC §10's law, and the deep
    /// closed forms of `[d, l, e]` give the two-layer `P(c_k < 0)` bit for bit.
    @Test func twoLayerWidthsGiveTheTwoLayerLaw() throws {
        let schemes: [InitScheme] = [.kaimingNormal, .xavierNormal, .kaimingUniform, .xavierUniform, .pytorchDefault,
                                     .gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0.5), .gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0),
                                     .gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0.3), .gaussian(inputStd: 3, outputStd: 0.25, biasStd: 3)]
        var checked = 0
        for scheme in schemes {
            for (d, l, e) in [(1, 1, 1), (1, 10, 1), (3, 4, 1), (7, 2, 3), (784, 1024, 1), (2, 5, 10)] {
                for bias in [false, true] {
                    let deep = scheme.gaussianLaw(layer: 1, widths: [d, l, e], bias: bias)
                    let byHand = Self.twoLayerByHand(scheme, d: d, l: l, e: e, bias: bias)
                    #expect((deep == nil) == (byHand == nil), "\(scheme) \(d),\(l),\(e) bias \(bias)")
                    guard let deep, let byHand else { continue }
                    #expect(deep.inputEntries == byHand.m && deep.outputEntries == e)
                    #expect(Swift.abs(deep.x - byHand.x) <= 4 * Double.ulpOfOne * byHand.x, "\(scheme): x \(deep.x) vs \(byHand.x)")
                    let two = try #require(ClosedFormProbabilities(scheme: scheme, architecture: Architecture(inputs: d, hidden: l, outputs: e, bias: bias)))
                    let forms = DeepClosedForms(scheme: scheme, architecture: DeepArchitecture(widths: [d, l, e], bias: bias))
                    #expect(forms.negative(layer: 1) == two.pathological, "\(scheme) \(d),\(l),\(e) bias \(bias)")
                    checked += 1
                }
            }
        }
        #expect(checked == 66)   // 6 schemes × 12, less gaussian(0.5, 1, 0.3) with a bias
    }

    /// Hand values: `I_{1/2}(1, 1) = 1/2`, `I_{1/2}(1, 1/2) = 1 − √½`, `I_x(a, 1) = x^a`, `I_{1/2}(a, a) = 1/2`.
    @Test func deepMarginalsByHand() throws {
        func p(_ scheme: InitScheme, _ widths: [Int], bias: Bool = false) -> [Double?] {
            let forms = DeepClosedForms(scheme: scheme, architecture: DeepArchitecture(widths: widths, bias: bias))
            return (1..<(widths.count - 1)).map { forms.negative(layer: $0) }
        }
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { Swift.abs($0 - b) <= 1e-14 } ?? false }
        // kaiming_normal [2, 2, 2, 1]: τ_h² = 2/n_{h−1} = 1 everywhere, x = 1/2.
        let kaiming = p(.kaimingNormal, [2, 2, 2, 1])
        #expect(close(kaiming[0], 0.5) && close(kaiming[1], 1 - 0.5.squareRoot()), "\(kaiming)")
        // xavier_normal [3, 5, 2, 2]: τ₁² = 2/8, τ₂² = 2/7, τ₃² = 2/4.
        // Layer 1: x = (2/7)/(2/8 + 2/7) = 8/15, m = 3, n₂ = 2: (8/15)^{3/2}. Layer 2: x = (1/2)/(2/7 + 1/2) = 7/11, m = 5: (7/11)^{5/2}.
        let xavier = p(.xavierNormal, [3, 5, 2, 2])
        #expect(close(xavier[0], Foundation.pow(8.0 / 15, 1.5)) && close(xavier[1], Foundation.pow(7.0 / 11, 2.5)), "\(xavier)")
        // gaussian(0.5, 2, 0.5) with biases [3, 4, 2, 2]: hidden layers s1 = 0.5, output layer s2 = 2, bias = s1 joins m.
        // Layer 1: x = 1/2, m = 4, n₂ = 2: I_{1/2}(2, 1) = 1/4. Layer 2: x = 4/(1/4 + 4) = 16/17, m = 5, n₃ = 2: (16/17)^{5/2}.
        let gaussian = p(.gaussian(inputStd: 0.5, outputStd: 2, biasStd: 0.5), [3, 4, 2, 2], bias: true)
        #expect(close(gaussian[0], 0.25) && close(gaussian[1], Foundation.pow(16.0 / 17, 2.5)), "\(gaussian)")
        // Symmetric: gaussian(1, 1) [4, 4, 4, 4]: x = 1/2, a = b = 2 in both layers: 1/2.
        #expect(p(.gaussian(inputStd: 1, outputStd: 1, biasStd: 1), [4, 4, 4, 4]).allSatisfy { close($0, 0.5) })
        // No closed form: uniform entries, or a bias of another variance.
        #expect(p(.pytorchDefault, [3, 4, 4, 1]).allSatisfy { $0 == nil })
        #expect(p(.gaussian(inputStd: 0.5, outputStd: 2, biasStd: 0.3), [3, 4, 4, 1], bias: true).allSatisfy { $0 == nil })
        #expect(p(.kaimingNormal, [3, 4, 4, 1], bias: true).allSatisfy { $0 != nil })   // zero biases: closed form, m = n_{h−1}
    }

    /// Lock-count closed forms (no width-1 hidden layer, d ≥ 2 or a bias):
    /// `q ~ Bin(n_{L−1}, p)` for `e = 1`, `q = 0` for `e ≥ 2`, none otherwise.
    @Test func lockLawOnlyWithoutBottlenecks() throws {
        let p = 1 - 0.5.squareRoot()   // kaiming_normal [2, 2, 2, 1], last layer
        let forms = DeepClosedForms(scheme: .kaimingNormal, architecture: DeepArchitecture(widths: [2, 2, 2, 1], bias: false))
        #expect(try Swift.abs(#require(forms.lockedProbability) - (1 - (1 - p) * (1 - p))) < 1e-15)
        #expect(try Swift.abs(#require(forms.expectedComponents) - (1 + p) * (1 + p)) < 1e-14)
        #expect(try Swift.abs(#require(forms.meanLocked) - 2 * p) < 1e-15)
        #expect(try Swift.abs(#require(forms.outputLockedOneSign) - 2 * (p / 2) * (p / 2)) < 1e-16)
        let withBias = DeepClosedForms(scheme: .kaimingNormal, architecture: DeepArchitecture(widths: [2, 2, 2, 1], bias: true))
        #expect(withBias.outputLockedOneSign == 0)
        let wide = DeepClosedForms(scheme: .kaimingNormal, architecture: DeepArchitecture(widths: [3, 4, 4, 2], bias: false))
        #expect(wide.lockLaw == DeepClosedForms.LockLaw.none && wide.lockedProbability == 0 && wide.expectedComponents == 1 && wide.outputLockedOneSign == nil)
        for widths in [[3, 1, 4, 1], [3, 4, 1, 1], [1, 4, 4, 1]] {
            #expect(DeepClosedForms(scheme: .kaimingNormal, architecture: DeepArchitecture(widths: widths, bias: false)).lockLaw == nil, "\(widths)")
        }
        // d = 1 with a bias: no fan-in-1 lock, the closed form holds.
        #expect(DeepClosedForms(scheme: .kaimingNormal, architecture: DeepArchitecture(widths: [1, 4, 4, 1], bias: true)).lockLaw != nil)
        // log₁₀ E[2^q] stays finite where (1 + p)^n overflows: gaussian(1, 1000) makes p ≈ 1 on 2000 neurons.
        let huge = DeepClosedForms(scheme: .gaussian(inputStd: 1, outputStd: 1000, biasStd: 1), architecture: DeepArchitecture(widths: [2, 3, 2000, 1], bias: false))
        let log10 = try #require(huge.log10ExpectedComponents), last = try #require(huge.negative(layer: 2))
        #expect(last > 0.99 && Swift.abs(log10 - 2000 * Foundation.log10(1 + last)) < 1e-9 * log10 && log10 > 600)
        #expect(huge.expectedComponents == .infinity)
        // P(q ≥ 1) where 1 − p rounds to 1: kaiming_normal 784,1024,1024,1 has p ≈ 2.6e-156, so P ≈ 1024 p (not 0).
        let kaiming784 = DeepClosedForms(scheme: .kaimingNormal, architecture: DeepArchitecture(widths: [784, 1024, 1024, 1], bias: false))
        let tiny = try #require(kaiming784.negative(layer: 2)), locked = try #require(kaiming784.lockedProbability)
        #expect(tiny > 0 && tiny < 1e-150 && Swift.abs(locked - 1024 * tiny) <= 1e-12 * locked, "\(tiny) \(locked)")
    }

    /// `E[2^q]` exactly from a histogram, with hand values: `q = 0, 0, 0, 2` gives
    /// `2^q = 1, 1, 1, 4`: mean 7/4, sample variance 9/4, SE √(9/16) = 3/4; `P(q ≥ 1) = 1/4`, `E[q] = 1/2`.
    @Test func lockStatisticsByHand() throws {
        var tally = DeepMonteCarloTally(hiddenLayers: 2)
        tally.samples = 4
        tally.lockHistogram = [0: 3, 2: 1]
        let statistics = LockStatistics(tally)
        #expect(statistics.meanPower == Rational(numerator: BigInt(7), denominator: BigInt(4)))
        #expect(statistics.meanPowerStandardError == 0.75)
        #expect(statistics.locked.value == 0.25 && statistics.mean.value == 0.5)
        // Σ count·2^q assembled word by word equals the sum of BigInt powers (carries across words included).
        let terms = [(0, 5), (63, 3), (64, 1), (127, (1 << 40) - 1), (128, 7), (1000, 2)]
        let expected = terms.reduce(BigInt.zero) { $0 + BigInt($1.1) * BigInt.powerOfTwo($1.0) }
        #expect(LockStatistics.sum(terms.map { (exponent: $0.0, count: $0.1) }) == expected)
        // log₁₀ beyond binary64: 2^5000/3.
        let big = Rational(numerator: BigInt.powerOfTwo(5000), denominator: BigInt(3)) ?? .zero
        #expect(Swift.abs(LockStatistics.log10(big) - (5000 * Foundation.log10(2.0) - Foundation.log10(3.0))) < 1e-9)
    }

    /// Wilson 95 % bounds: 0/10 → [0, z²/(n + z²)] = [0, 0.27754…]; 10/10 → [0.72246…, 1]; 5/10 by the formula.
    @Test func wilsonIntervalByHand() {
        let z2 = 1.959963984540054 * 1.959963984540054
        let zero = Estimate.wilson95(0, of: 10)
        #expect(zero.lower == 0 && Swift.abs(zero.upper - z2 / (10 + z2)) < 1e-15)
        let all = Estimate.wilson95(10, of: 10)
        #expect(all.upper == 1 && Swift.abs(all.lower - 10 / (10 + z2)) < 1e-15)
        let half = Estimate.wilson95(5, of: 10)
        #expect(Swift.abs(half.lower - (0.5 - 1.959963984540054 * (0.25 * 10 + z2 / 4).squareRoot() / (10 + z2))) < 1e-15)
        #expect(Swift.abs(half.lower + half.upper - 1) < 1e-15)
    }
}

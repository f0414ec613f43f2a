import Foundation
import Testing
import ExactNumbers
import InvariantTopology
import Randomness
import ReluNetwork
@testable import InitSweeps

/// Sweeps under a training law (SPEC §14.1–§14.3, §13.9, issue 16). A law
/// with `w_h = 1/(η_h ρ_h²) = σ_h²` reads the drawn weights as if layer `h`
/// had been drawn with `σ_h` times its deviation, so it must agree with the
/// plain sweep of that scheme: closed forms exactly, Monte Carlo sample by
/// sample on the same random numbers.
@Suite struct SweepLawTests {
    /// `P(c < 0)` and `x` of a two-layer closed form.
    static func closed(_ scheme: InitScheme, _ d: Int, _ l: Int, _ e: Int, bias: Bool, law: TrainingLaw = .gradientFlow) throws -> GaussianNeuronLaw {
        try #require(scheme.gaussianLaw(d: d, l: l, e: e, bias: bias, law: law.resolved(widths: [d, l, e])))
    }

    /// (1) Two layers: `η_h ρ_h² = 1/σ_h²` (split between the learning rates and
    /// the multipliers in several ways) equals `gaussian(σ_1 s1, σ_2 s2, σ_1 sb)`:
    /// the same `x` and the same probabilities, bit for bit (the products are exact).
    @Test func twoLayerLawEqualsRescaledSchemeExactly() throws {
        let cases: [(s1: Double, s2: Double, sb: Double, σ1: Double, σ2: Double)] = [
            (0.5, 2, 0.5, 3, 0.25), (1, 1, 0, 0.5, 5), (0.75, 0.125, 0.75, 7, 0.5), (2, 3, 2, 1, 1.5),
        ]
        for c in cases {
            let scheme = InitScheme.gaussian(inputStd: c.s1, outputStd: c.s2, biasStd: c.sb)
            let rescaled = InitScheme.gaussian(inputStd: c.σ1 * c.s1, outputStd: c.σ2 * c.s2, biasStd: c.σ1 * c.sb)
            let w1 = try #require(Rational(exactly: c.σ1)).squared, w2 = try #require(Rational(exactly: c.σ2)).squared
            let laws = [
                TrainingLaw(learningRates: [Rational(1) / w1, Rational(1) / w2]),
                TrainingLaw(multipliers: [Rational(1) / w1, Rational(1) / w2]),
                TrainingLaw(learningRates: [Rational(2), Rational(1) / w2], multipliers: [Rational(1) / (w1 * Rational(2)), Rational(1)]),
            ]
            for (d, l, e) in [(1, 3, 1), (2, 3, 1), (4, 2, 3)] {
                for bias in [false, true] {
                    let plain = try Self.closed(rescaled, d, l, e, bias: bias)
                    for law in laws {
                        let weighted = try Self.closed(scheme, d, l, e, bias: bias, law: law)
                        #expect(weighted == plain, "\(scheme) \(law) d=\(d) l=\(l) e=\(e) bias \(bias)")
                        let architecture = Architecture(inputs: d, hidden: l, outputs: e, bias: bias)
                        let a = try #require(ClosedFormProbabilities(scheme: scheme, architecture: architecture, law: law.resolved(widths: [d, l, e])))
                        let b = try #require(ClosedFormProbabilities(scheme: rescaled, architecture: architecture))
                        #expect(a.pathological == b.pathological && a.expectedComponents == b.expectedComponents
                                && a.multipleEffectiveComponents == b.multipleEffectiveComponents)
                        #expect(a.teacherObstruction(TeacherSigns(positive: 1, negative: 1)) == b.teacherObstruction(TeacherSigns(positive: 1, negative: 1)))
                    }
                }
            }
        }
    }

    /// (1) Any depth: `w = (σ², …, σ², τ²)` equals `gaussian(σ s1, τ s2, σ sb)`
    /// layer by layer, and the lock law too.
    @Test func deepLawEqualsRescaledSchemeExactly() throws {
        let scheme = InitScheme.gaussian(inputStd: 0.5, outputStd: 1.5, biasStd: 0.5)
        let rescaled = InitScheme.gaussian(inputStd: 1.5, outputStd: 0.75, biasStd: 1.5)   // σ = 3, τ = 1/2
        for widths in [[3, 4, 4, 1], [2, 5, 3, 2, 1], [1, 2, 2]] {
            let L = widths.count - 1
            let law = TrainingLaw(learningRates: Array(repeating: Rational(1) / Rational(9), count: L - 1) + [Rational(4)])
            for bias in [false, true] {
                let architecture = DeepArchitecture(widths: widths, bias: bias)
                let weighted = DeepClosedForms(scheme: scheme, architecture: architecture, law: law)
                let plain = DeepClosedForms(scheme: rescaled, architecture: architecture)
                #expect(weighted.laws == plain.laws, "\(widths) bias \(bias)")
                #expect(weighted.laws.allSatisfy { $0 != nil })
                #expect(weighted.lockedProbability == plain.lockedProbability && weighted.expectedComponents == plain.expectedComponents)
                #expect(weighted.outputLockedOneSign == plain.outputLockedOneSign)
            }
        }
    }

    /// (2) By hand, kaiming_normal, d = 2, l = 3, e = 1 (τ_1² = 2/2 = 1, τ_2² = 2/3,
    /// m = 2, so P(c < 0) = I_x(1, 1/2) = 1 − √(1 − x)):
    /// * `--lr-scales 1,2`: w = (1, 1/2), x = (1/3)/(1 + 1/3) = 1/4, p = 1 − √3/2;
    /// * `--parameterization ntk`: ρ² = (1/2, 1/3), w = (2, 3), x = 2/(2 + 2) = 1/2, p = 1 − √(1/2);
    /// * `--activation relu^3`: w = (1, 3), x = 2/(1 + 2) = 2/3, p = 1 − √(1/3);
    /// * plain: x = (2/3)/(5/3) = 2/5, p = 1 − √(3/5).
    /// E[#components] = (1 + p)³ (e = 1, m ≥ 2).
    @Test func handValuesForTwoLayers() throws {
        let cases: [(TrainingLaw, Double, Double)] = [
            (TrainingLaw(learningRates: [Rational(1), Rational(2)]), 0.25, 1 - 3.0.squareRoot() / 2),
            (TrainingLaw(parameterization: .ntk), 0.5, 1 - 0.5.squareRoot()),
            (TrainingLaw(power: Rational(3)), 2.0 / 3, 1 - (1.0 / 3).squareRoot()),
            (TrainingLaw.gradientFlow, 0.4, 1 - 0.6.squareRoot()),
        ]
        let architecture = Architecture(inputs: 2, hidden: 3, outputs: 1, bias: false)
        for (law, x, p) in cases {
            let neuron = try Self.closed(.kaimingNormal, 2, 3, 1, bias: false, law: law)
            #expect(neuron.x == x, "\(law.formula)")
            let forms = try #require(ClosedFormProbabilities(scheme: .kaimingNormal, architecture: architecture, law: law.resolved(widths: [2, 3, 1])))
            #expect(Swift.abs(forms.pathological - p) < 1e-15, "\(law.formula): \(forms.pathological) vs \(p)")
            #expect(Swift.abs(forms.expectedComponents - Foundation.pow(1 + p, 3)) < 1e-14)
        }
    }

    /// (3) relu^4 at depth 3: w_h = 4^{h−1} = (1, 4, 16). By hand, `x_h = 4τ_{h+1}²/(τ_h² + 4τ_{h+1}²)`:
    /// gaussian(1/2, 3/2) gives τ = (1/2, 1/2, 3/2), x_1 = 4/5, x_2 = 9/(1/4 + 9) = 36/37 — and
    /// layer by layer the plain laws of gaussian(1/2, 1) on [d, n_1, n_2] and gaussian(1/2, 3) on the net.
    @Test func reluPowerFourIsLayerVariancesTimesFourToTheH() throws {
        let scheme = InitScheme.gaussian(inputStd: 0.5, outputStd: 1.5, biasStd: 0)
        let widths = [3, 4, 2, 1]
        let law = TrainingLaw(power: Rational(4))
        let forms = DeepClosedForms(scheme: scheme, architecture: DeepArchitecture(widths: widths, bias: true), law: law)
        let first = try #require(forms.laws[0]), second = try #require(forms.laws[1])
        #expect(first.x == 0.8 && first.complement == 0.2)
        #expect(second.x == 36.0 / 37 && second.complement == 1.0 / 37)
        #expect(first == InitScheme.gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0).gaussianLaw(layer: 1, widths: [3, 4, 2], bias: true))
        #expect(second == InitScheme.gaussian(inputStd: 0.5, outputStd: 3, biasStd: 0).gaussianLaw(layer: 2, widths: widths, bias: true))
    }

    /// The exact invariants of a drawn network under weights `w_h` (rational
    /// sums, independent of the Monte Carlo's column blocks and `ExactSquareSum`).
    static func weightedInvariants(_ network: (weights: [[Double]], biases: [[Double]]), widths n: [Int], bias: Bool,
                                   weights w: [Rational]) throws -> [[Rational]] {
        var c: [[Rational]] = []
        for h in 1..<(n.count - 1) {
            var layer: [Rational] = []
            for k in 0..<n[h] {
                var input = Rational.zero, output = Rational.zero
                for j in 0..<n[h - 1] { input += try #require(Rational(exactly: network.weights[h - 1][k * n[h - 1] + j])).squared }
                if bias { input += try #require(Rational(exactly: network.biases[h - 1][k])).squared }
                for i in 0..<n[h + 1] { output += try #require(Rational(exactly: network.weights[h][i * n[h] + k])).squared }
                layer.append(w[h - 1] * input - w[h] * output)
            }
            c.append(layer)
        }
        return c
    }

    /// (3) and (1) for the Monte Carlo at depth ≥ 3, sample by sample: under
    /// relu^4 (w = 4^{h−1}) the tally of each sample is that of the same draws
    /// with `W_h` (and `b_h`) multiplied by 2^{h−1} — the scheme with layer
    /// variances × 4^{h−1}, on the same normals (the products are exact) — whose
    /// invariants and locks are recomputed by the plain rational sums and the
    /// cut enumeration. Likewise for `--lr-scales` with non-power-of-two weights,
    /// against rational weighted sums.
    @Test func deepMonteCarloEqualsRescaledDrawsSampleBySample() throws {
        var samples = 0, differ = 0
        for (scheme, widths, bias) in [(InitScheme.kaimingNormal, [2, 3, 2, 1], false), (.gaussian(inputStd: 1, outputStd: 0.5, biasStd: 1), [2, 1, 3, 1], true),
                                       (.xavierUniform, [1, 2, 1, 2, 1], false), (.pytorchDefault, [3, 2, 2, 1], true)] {
            let depth = widths.count - 1
            let architecture = DeepArchitecture(widths: widths, bias: bias)
            let layerBias = [false] + Array(repeating: bias, count: depth)
            let power = TrainingLaw(power: Rational(4))
            let rates = TrainingLaw(learningRates: (1...depth).map { Rational(1) / Rational($0 * 2 + 1) })   // w = 3, 5, 7, …
            for law in [power, rates] {
                let cell = DeepMonteCarloCell(scheme: scheme, architecture: architecture, seed: 4, law: law)
                let plainCell = DeepMonteCarloCell(scheme: scheme, architecture: architecture, seed: 4)
                for index in 0..<60 {
                    let network = cell.network(sample: index)
                    #expect(network.weights == plainCell.network(sample: index).weights, "the law does not change the draws")
                    let c: [[Rational]]
                    if law == power {
                        // Layer h drawn with 2^{h−1} times the deviation: exact in binary64.
                        let scaled = (weights: network.weights.enumerated().map { h, m in m.map { Foundation.scalbn($0, h) } },
                                      biases: network.biases.enumerated().map { h, b in b.map { Foundation.scalbn($0, h) } })
                        c = try DeepMonteCarloTests.invariants(scaled, widths: widths, bias: bias)
                    } else {
                        c = try Self.weightedInvariants(network, widths: widths, bias: bias, weights: (1...depth).map { law.layerWeight($0) })
                    }
                    let brute = try #require(FlowPolytopeLocks(widths: widths, bias: layerBias, invariants: c).lockedByCutEnumeration())
                    let tally = cell.tally(samples: index..<(index + 1))
                    #expect(tally.lockHistogram == [brute.count: 1], "\(scheme) \(widths) \(law.formula) sample \(index)")
                    #expect(tally.negative == c.map { $0.filter { $0.signum < 0 }.count })
                    if tally != plainCell.tally(samples: index..<(index + 1)) { differ += 1 }
                    samples += 1
                }
            }
        }
        #expect(samples == 4 * 2 * 60)
        #expect(differ >= 40, "the law changed the outcome of only \(differ) samples")
    }

    /// (1) Two layers, sample by sample on the same streams: the law
    /// `w = (4^a, 4^b)` on gaussian(s1, s2, sb) gives the tally of
    /// gaussian(2^a s1, 2^b s2, 2^a sb) — every draw is the same normal times a
    /// power of two, so every exact sign agrees. Only the count of signs the
    /// filter left to exact arithmetic may differ.
    @Test func twoLayerMonteCarloEqualsRescaledSchemeExactly() {
        let streams = SampleStreams(seed: 12, cellIdentity: "sweep-law")
        var changed = 0
        for (a, b) in [(1, 0), (0, -1), (2, 3), (-3, 1)] {
            let scheme = InitScheme.gaussian(inputStd: 0.75, outputStd: 1.25, biasStd: 0.5)
            let rescaled = InitScheme.gaussian(inputStd: Foundation.scalbn(0.75, a), outputStd: Foundation.scalbn(1.25, b), biasStd: Foundation.scalbn(0.5, a))
            let law = TrainingLaw(learningRates: [Rational(1).timesPowerOfTwo(-2 * a), Rational(1).timesPowerOfTwo(-2 * b)])
            for (d, l, e, bias) in [(1, 4, 1, false), (3, 3, 1, true), (2, 2, 3, false), (1, 5, 1, true)] {
                let architecture = Architecture(inputs: d, hidden: l, outputs: e, bias: bias)
                let teachers = [TeacherSigns(positive: 1, negative: 1), TeacherSigns(positive: 2, negative: 0)]
                var weighted = MonteCarloCell(scheme: scheme, architecture: architecture, teachers: teachers, streams: streams, law: law).tally(count: 3000, threads: 2)
                var plain = MonteCarloCell(scheme: rescaled, architecture: architecture, teachers: teachers, streams: streams).tally(count: 3000, threads: 2)
                let unweighted = MonteCarloCell(scheme: scheme, architecture: architecture, teachers: teachers, streams: streams).tally(count: 3000, threads: 2)
                if unweighted.pathologicalNeurons != weighted.pathologicalNeurons { changed += 1 }
                weighted.exactFallbacks = 0
                plain.exactFallbacks = 0
                #expect(weighted == plain, "a = \(a), b = \(b), d=\(d) l=\(l) e=\(e) bias \(bias)")
            }
        }
        #expect(changed == 16)
    }

    /// Monte Carlo under a law agrees with the law's closed form within 4 SE
    /// (non-power-of-two weights: the predicate and the closed form are
    /// independent derivations of the same law).
    @Test func monteCarloAgreesWithTheLawsClosedForms() throws {
        let laws = [TrainingLaw(learningRates: [Rational(1), Rational(3)]), TrainingLaw(parameterization: .ntk),
                    TrainingLaw(multipliers: [Rational(2), Rational(1) / Rational(5)], power: Rational(3) / Rational(2))]
        for scheme in [InitScheme.kaimingNormal, .xavierNormal, .gaussian(inputStd: 0.3, outputStd: 1, biasStd: 0.3)] {
            for (d, l, e, bias) in [(2, 3, 1, false), (1, 2, 1, true), (3, 2, 2, false)] {
                for law in laws {
                    let resolved = law.resolved(widths: [d, l, e])
                    let architecture = Architecture(inputs: d, hidden: l, outputs: e, bias: bias)
                    let forms = try #require(ClosedFormProbabilities(scheme: scheme, architecture: architecture, law: resolved))
                    let tally = MonteCarloCell(scheme: scheme, architecture: architecture, teachers: [], seed: 3, law: resolved).tally(count: 8000, threads: 2)
                    let estimate = try #require(tally.pathological(hidden: l)).value
                    let se = (forms.pathological * (1 - forms.pathological) / Double(8000 * l)).squareRoot()
                    #expect(Swift.abs(estimate - forms.pathological) <= 4 * se + 1e-12, "\(scheme) \(law.formula) d=\(d) l=\(l) e=\(e) bias \(bias)")
                }
            }
        }
    }

    /// The weighted predicate's filter never disagrees with exact arithmetic,
    /// including near ties (`Σa² = rΣv²` up to one ulp) and extreme ratios
    /// (outside the filter's range every sign is exact).
    @Test func weightedFilterAgreesWithExactSigns() throws {
        var generator = SampleStreams(seed: 1, cellIdentity: "weighted-filter").stream(0)
        var decided = 0
        for (input, output) in [(Rational(1), Rational(3)), (Rational(7) / Rational(2), Rational(1) / Rational(9)), (Rational(1), Rational(1).timesPowerOfTwo(200)),
                                (Rational(1).timesPowerOfTwo(-1100), Rational(1)), (Rational(5), Rational(4))] {
            let predicate = WeightedSquareNormDifference(inputWeight: input, outputWeight: output)
            for trial in 0..<400 {
                let m = 1 + Int(generator.nextUnit() * 5), e = 1 + Int(generator.nextUnit() * 3)
                var a = (0..<m).map { _ in 2 * generator.nextUnit() - 1 }
                let v = (0..<e).map { _ in 2 * generator.nextUnit() - 1 }
                if trial % 2 == 0, let r = predicate.ratio {
                    // A near tie: set a_0 so that Σa² ≈ r Σv².
                    let target = r * v.reduce(0) { $0 + $1 * $1 } - a.dropFirst().reduce(0) { $0 + $1 * $1 }
                    if target > 0 { a[0] = target.squareRoot().nextUp }
                }
                let exact = try #require(a.withUnsafeBufferPointer { pa in v.withUnsafeBufferPointer { pv in predicate.exactSign(pa, minus: pv) } })
                var plainA = ExactSquareSum(), plainV = ExactSquareSum()
                _ = plainA.addSquares(of: a)
                _ = plainV.addSquares(of: v)
                #expect(exact == (input * plainA.value() - output * plainV.value()).signum)
                if let filtered = a.withUnsafeBufferPointer({ pa in v.withUnsafeBufferPointer { pv in predicate.filteredSign(pa, minus: pv) } }) {
                    #expect(filtered == exact, "w = (\(input), \(output)), a = \(a), v = \(v)")
                    decided += 1
                }
            }
        }
        #expect(decided > 500)
        #expect(WeightedSquareNormDifference(inputWeight: Rational(1), outputWeight: Rational(1).timesPowerOfTwo(200)).ratio == nil)
    }
}

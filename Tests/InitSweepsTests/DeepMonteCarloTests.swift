import Foundation
import Testing
import ExactNumbers
import InvariantTopology
@testable import InitSweeps

/// SPEC §13.9's Monte Carlo: exact invariants and locks per sample, checked
/// against an independent computation (rational sums and the cut enumeration
/// of SPEC §13.3) and, without bottlenecks, against the closed forms.
@Suite struct DeepMonteCarloTests {
    /// `c_{h,k}` of a drawn network by rational arithmetic (no `ExactSquareSum`).
    static func invariants(_ network: (weights: [[Double]], biases: [[Double]]), widths n: [Int], bias: Bool) throws -> [[Rational]] {
        let depth = n.count - 1
        var c: [[Rational]] = []
        for h in 1..<depth {
            var layer: [Rational] = []
            for k in 0..<n[h] {
                var input = Rational.zero, output = Rational.zero
                for j in 0..<n[h - 1] { input += try #require(Rational(exactly: network.weights[h - 1][k * n[h - 1] + j])).squared }
                if bias { input += try #require(Rational(exactly: network.biases[h - 1][k])).squared }
                for i in 0..<n[h + 1] { output += try #require(Rational(exactly: network.weights[h][i * n[h] + k])).squared }
                layer.append(input - output)
            }
            c.append(layer)
        }
        return c
    }

    /// The exact invariants of the Monte Carlo (row sums, column blocks of 8,
    /// `ExactSquareSum`) equal rational sums, on widths that are not multiples of 8.
    @Test func invariantsEqualRationalSums() throws {
        for (scheme, widths, bias) in [(InitScheme.pytorchDefault, [5, 9, 17, 3], true), (.kaimingNormal, [3, 20, 11, 1], false),
                                       (.gaussian(inputStd: 1e-200, outputStd: 3e-200, biasStd: 1e-200), [2, 3, 1, 4, 2], true)] {
            let cell = DeepMonteCarloCell(scheme: scheme, architecture: DeepArchitecture(widths: widths, bias: bias), seed: 8)
            var work = DeepMonteCarloCell.Workspace(cell.architecture)
            for index in 0..<5 {
                let expected = try Self.invariants(cell.network(sample: index), widths: widths, bias: bias)
                let computed = try #require(cell.invariants(sample: index, &work))
                #expect(computed == expected, "\(scheme) \(widths) sample \(index)")
            }
        }
    }

    /// Width-1 bottlenecks make chained locks (SPEC §13.3): per sample, the
    /// tally's `q`, negatives and §13.5 event equal the cut enumeration's on
    /// rational invariants.
    @Test func bottleneckLocksMatchCutEnumeration() throws {
        var chained = 0, samples = 0, events = 0
        for scheme in [InitScheme.kaimingNormal, .pytorchDefault, .gaussian(inputStd: 1, outputStd: 1.5, biasStd: 0.5)] {
            for widths in [[1, 1, 1, 1], [2, 1, 1, 1], [2, 1, 3, 1], [1, 2, 1, 2, 1], [3, 1, 1, 2, 1], [1, 1, 2, 1, 1, 1], [2, 2, 1, 2]] {
                for bias in [false, true] {
                    let architecture = DeepArchitecture(widths: widths, bias: bias)
                    let cell = DeepMonteCarloCell(scheme: scheme, architecture: architecture, seed: 3)
                    let depth = widths.count - 1
                    for index in 0..<40 {
                        let network = cell.network(sample: index)
                        let c = try Self.invariants(network, widths: widths, bias: bias)
                        let polytope = FlowPolytopeLocks(widths: widths, bias: [false] + Array(repeating: bias, count: depth), invariants: c)
                        let brute = try #require(polytope.lockedByCutEnumeration())
                        let tally = cell.tally(samples: index..<(index + 1))
                        #expect(tally.lockHistogram == [brute.count: 1], "\(scheme) \(widths) bias \(bias) sample \(index): \(tally.lockHistogram) vs \(brute.count)")
                        #expect(tally.negative == c.map { $0.filter { $0.signum < 0 }.count })
                        let outputs = network.weights[depth - 1]
                        let event = widths[depth] == 1 && !bias && (0..<widths[depth - 1]).allSatisfy { brute.contains([depth, 0, $0]) }
                            && Set(outputs.map { $0 > 0 }).count == 1
                        #expect(tally.outputLockedOneSign == (event ? 1 : 0), "\(widths) sample \(index)")
                        if polytope.locks.contains(where: { $0.certificate.count > 1 }) { chained += 1 }
                        if event { events += 1 }
                        samples += 1
                    }
                }
            }
        }
        #expect(samples == 3 * 7 * 2 * 40)
        // The cases exercise chains (certificates of several neurons) and the output-lock event.
        #expect(chained >= 20, "\(chained) samples with a chained lock")
        #expect(events >= 20, "\(events) samples in the §13.5 event")
    }

    /// The chain `d = n_h = e = 1` (no bias): a contiguous `X = {i…j}` has one
    /// edge in (`w_i`) and one out (`w_{j+1}`) and `Σ_X c = w_i² − w_{j+1}²`,
    /// other sets cross more edges; so every weight but the smallest in
    /// absolute value is locked, `q = L − 1`, in every sample (by hand, not by
    /// `FlowPolytopeLocks`).
    @Test func chainLocksAllButTheSmallestWeight() {
        for scheme in [InitScheme.kaimingNormal, .pytorchDefault, .gaussian(inputStd: 1, outputStd: 3, biasStd: 0)] {
            for depth in 3...9 {
                let architecture = DeepArchitecture(widths: Array(repeating: 1, count: depth + 1), bias: false)
                let tally = DeepMonteCarloCell(scheme: scheme, architecture: architecture, seed: 2).tally(count: 200, threads: 2)
                #expect(tally.lockHistogram == [depth - 1: 200], "\(scheme) L = \(depth): \(tally.lockHistogram)")
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var scheme: InitScheme
        var widths: [Int]
        var bias: Bool
        var testDescription: String { "\(scheme) \(widths) bias=\(bias)" }
    }

    /// Architectures without a width-1 hidden layer whose every closed form is well inside (0, 1).
    static let grid: [Case] = [
        Case(scheme: .kaimingNormal, widths: [3, 4, 4, 1], bias: false),
        Case(scheme: .xavierNormal, widths: [2, 3, 3, 1], bias: true),
        Case(scheme: .gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0.5), widths: [3, 2, 3, 2, 1], bias: true),
        Case(scheme: .gaussian(inputStd: 1, outputStd: 2, biasStd: 0), widths: [2, 2, 2, 1], bias: false),
        Case(scheme: .kaimingNormal, widths: [1, 3, 2, 1], bias: true),
        Case(scheme: .kaimingNormal, widths: [3, 3, 3, 2], bias: false),
    ]

    /// With every hidden width ≥ 2 (and d ≥ 2 or a bias), SPEC §13.3's
    /// corollary gives `q ~ Bin(n_{L−1}, p_{L−1})`: `P(q ≥ 1) = 1 − (1 − p)^n`,
    /// `E[2^q] = (1 + p)^n`, `E[q] = np`, the §13.5 event `2 (p/2)^n`. The Monte
    /// Carlo (which knows nothing of this) agrees within 4 standard errors of
    /// the closed form, as do the per-layer fractions of `c < 0`.
    @Test(arguments: grid)
    func monteCarloAgreesWithClosedForms(_ testCase: Case) throws {
        let samples = 20_000
        let architecture = DeepArchitecture(widths: testCase.widths, bias: testCase.bias)
        let forms = DeepClosedForms(scheme: testCase.scheme, architecture: architecture)
        let tally = DeepMonteCarloCell(scheme: testCase.scheme, architecture: architecture, seed: 21).tally(count: samples, threads: 2)
        #expect(tally.samples == samples && tally.undecidedSamples == 0 && tally.zeroNeurons == 0)
        func within4SE(_ estimate: Double, _ truth: Double, standardError: Double, _ what: String) {
            #expect(Swift.abs(estimate - truth) <= 4 * standardError + 1e-12, "\(what): MC \(estimate) vs closed form \(truth) (SE \(standardError))")
        }
        func proportion(_ count: Int, _ trials: Int, _ truth: Double, _ what: String) {
            within4SE(Double(count) / Double(trials), truth, standardError: (truth * (1 - truth) / Double(trials)).squareRoot(), what)
        }
        for h in architecture.hiddenLayers {
            let p = try #require(forms.negative(layer: h))
            proportion(tally.negative[h - 1], samples * testCase.widths[h], p, "P(c_{\(h),k} < 0)")
        }
        let law = try #require(forms.lockLaw)
        guard case let .binomial(n, p, _) = law else {
            // e ≥ 2: nothing can lock.
            #expect(tally.lockHistogram == [0: samples] && tally.outputLockedOneSign == 0)
            return
        }
        let locked = tally.lockHistogram.filter { $0.key >= 1 }.values.reduce(0, +)
        proportion(locked, samples, try #require(forms.lockedProbability), "P(q ≥ 1)")
        for q in 0...n {
            let binomial = Foundation.exp(ClosedFormProbabilities.logBinomial(n, q)) * Foundation.pow(p, Double(q)) * Foundation.pow(1 - p, Double(n - q))
            proportion(tally.lockHistogram[q] ?? 0, samples, binomial, "P(q = \(q))")
        }
        #expect(tally.lockHistogram.keys.allSatisfy { $0 <= n })
        let statistics = LockStatistics(tally)
        within4SE(statistics.mean.value, try #require(forms.meanLocked), standardError: (Double(n) * p * (1 - p) / Double(samples)).squareRoot(), "E[q]")
        let power = try #require(forms.expectedComponents)
        let powerVariance = Foundation.pow(1 + 3 * p, Double(n)) - power * power
        within4SE(statistics.meanPower.doubleValue, power, standardError: (powerVariance / Double(samples)).squareRoot(), "E[2^q]")
        if testCase.bias {
            #expect(tally.outputLockedOneSign == 0)
        } else {
            proportion(tally.outputLockedOneSign, samples, try #require(forms.outputLockedOneSign), "§13.5 event")
        }
    }

    /// The tally does not depend on the number of threads or on how the samples are split.
    @Test func tallyIsIndependentOfThreads() {
        let cell = DeepMonteCarloCell(scheme: .xavierUniform, architecture: DeepArchitecture(widths: [3, 1, 5, 2, 1], bias: false), seed: 99)
        let one = cell.tally(count: 1_001, threads: 1)
        #expect(one == cell.tally(count: 1_001, threads: 2))
        #expect(one == cell.tally(count: 1_001, threads: 7))
        var split = cell.tally(samples: 0..<400)
        split.add(cell.tally(samples: 400..<1_001))
        #expect(one == split)
        #expect(one.samples == 1_001 && one.lockHistogram.values.reduce(0, +) == 1_001)
        // Another seed draws other networks.
        #expect(one != DeepMonteCarloCell(scheme: .xavierUniform, architecture: DeepArchitecture(widths: [3, 1, 5, 2, 1], bias: false), seed: 100).tally(count: 1_001, threads: 1))
    }
}

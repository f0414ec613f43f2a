import Foundation
import Testing
import Randomness
@testable import InitSweeps
import TestSupport

@Suite struct MonteCarloTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var scheme: InitScheme
        var architecture: Architecture
        var testDescription: String { "\(scheme) d=\(architecture.inputs) l=\(architecture.hidden) e=\(architecture.outputs) bias=\(architecture.bias)" }
    }

    /// A grid where every closed-form probability is well inside (0, 1), so 4 SE is a real test.
    static let grid: [Case] = {
        var cases: [Case] = []
        for scheme in [InitScheme.kaimingNormal, .xavierNormal, .gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0.5)] {
            for (d, l, e, bias) in [(1, 2, 1, false), (2, 2, 1, false), (1, 3, 1, true), (3, 2, 1, true), (2, 3, 2, false), (1, 2, 3, false), (5, 1, 1, false)] {
                cases.append(Case(scheme: scheme, architecture: Architecture(inputs: d, hidden: l, outputs: e, bias: bias)))
            }
        }
        return cases
    }()

    static let teachers = [TeacherSigns(positive: 1, negative: 0), TeacherSigns(positive: 1, negative: 1)]

    /// Exact-predicate Monte Carlo agrees with the closed forms within 4 standard
    /// errors (the SE of the closed-form value, so a zero count cannot pass by
    /// having SE 0).
    @Test(arguments: grid)
    func monteCarloAgreesWithClosedForms(_ testCase: Case) throws {
        let samples = 20_000
        let forms = try #require(ClosedFormProbabilities(scheme: testCase.scheme, architecture: testCase.architecture))
        let cell = MonteCarloCell(scheme: testCase.scheme, architecture: testCase.architecture, teachers: Self.teachers, seed: 11)
        let tally = cell.tally(count: samples, threads: 2)
        #expect(tally.samples == samples)
        let l = testCase.architecture.hidden
        func within4SE(_ estimate: Double, _ truth: Double, trials: Int, _ what: String) {
            let se = (truth * (1 - truth) / Double(trials)).squareRoot()
            #expect(Swift.abs(estimate - truth) <= 4 * se + 1e-12, "\(what): MC \(estimate) vs closed form \(truth) (SE \(se))")
        }
        within4SE(try #require(tally.pathological(hidden: l)).value, forms.pathological, trials: samples * l, "P(c < 0)")
        within4SE(try #require(tally.multipleEffectiveEstimate).value, forms.multipleEffectiveComponents, trials: samples, "P(>1 effective)")
        let components = try #require(tally.expectedComponents(architecture: testCase.architecture))
        #expect(Swift.abs(components.value - forms.expectedComponents) <= 4 * components.standardError + 1e-12, "E[components]")
        for (t, teacher) in Self.teachers.enumerated() {
            if let truth = forms.teacherObstruction(teacher) {
                within4SE(try #require(tally.teacherObstruction(t)).value, truth, trials: samples, "teacher \(teacher)")
            }
        }
        // Histogram of pathological counts against Bin(l, p), per bin.
        let distribution = forms.pathologicalCountDistribution
        for j in 0...l {
            within4SE(Double(tally.countHistogram[j * (l + 1)] ?? 0) / Double(samples), distribution[j], trials: samples, "P(#pathological = \(j))")
        }
    }

    /// Uniform schemes have no closed form in SPEC §10, but two small cases do by hand:
    /// m = e = 1 with equal bounds gives 1/2, and for d = 2 with |v| ≤ A (the
    /// square's half-side), P(w₁² + w₂² < v²) = E[πv²]/(4A²) = πB²/(12A²).
    @Test func uniformSchemesAgreeWithHandComputedCases() throws {
        for scheme in [InitScheme.kaimingUniform, .pytorchDefault, .xavierUniform] {
            let one = MonteCarloCell(scheme: scheme, architecture: Architecture(inputs: 1, hidden: 1, outputs: 1, bias: false), teachers: [], seed: 5)
            let tally = one.tally(count: 40_000, threads: 2)
            let estimate = try #require(tally.pathological(hidden: 1))
            #expect(Swift.abs(estimate.value - 0.5) <= 4 * (0.25 / 40_000).squareRoot(), "\(scheme)")
        }
        // kaiming_uniform, d = l = 2: A = B = √3; pytorch_default, d = l = 2: A = B = 1/√2. Both π/12.
        for scheme in [InitScheme.kaimingUniform, .pytorchDefault] {
            let cell = MonteCarloCell(scheme: scheme, architecture: Architecture(inputs: 2, hidden: 2, outputs: 1, bias: false), teachers: [], seed: 6)
            let tally = cell.tally(count: 40_000, threads: 2)
            let truth = Double.pi / 12
            let estimate = try #require(tally.pathological(hidden: 2))
            #expect(Swift.abs(estimate.value - truth) <= 4 * (truth * (1 - truth) / 80_000).squareRoot(), "\(scheme): \(estimate.value)")
        }
    }

    /// The tally does not depend on the number of threads (streams are per sample).
    @Test func tallyIsIndependentOfThreads() {
        let cell = MonteCarloCell(scheme: .xavierUniform, architecture: Architecture(inputs: 4, hidden: 6, outputs: 1, bias: true), teachers: Self.teachers, seed: 99)
        let one = cell.tally(count: 3_001, threads: 1)
        #expect(one == cell.tally(count: 3_001, threads: 2))
        #expect(one == cell.tally(count: 3_001, threads: 7))
        var split = cell.tally(samples: 0..<1_000)
        split.add(cell.tally(samples: 1_000..<3_001))
        #expect(one == split)
    }
}

@Suite struct ReproducibilityTests {
    /// Cells of the committed appendix figure (Notes/results/appendix-figure/sweep.csv,
    /// `Examples/appendix-figure/run.sh`, seed 1, 100 000 samples) come out with the same
    /// digits here: the random streams and the sampler are machine-independent, so this
    /// holds on any machine that runs the tests, not only on the one that made the file.
    @Test func committedAppendixFigureCellsReproduce() throws {
        let rows = Fixtures.lines("../../Notes/results/appendix-figure/sweep.csv")
        let header = try #require(rows.first).split(separator: ",").map(String.init)
        let column = { (name: String) in header.firstIndex(of: name) ?? -1 }
        for (scheme, d, l) in [(InitScheme.xavierNormal, 3, 4), (.kaimingNormal, 17, 2), (.xavierNormal, 1, 7)] {
            let line = try #require(rows.first { $0.contains(",\(scheme),\(d),\(l),1,false,100000,") })
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let architecture = Architecture(inputs: d, hidden: l, outputs: 1, bias: false)
            let tally = MonteCarloCell(scheme: scheme, architecture: architecture, teachers: [], seed: 1).tally(count: 100_000, threads: 2)
            #expect("\(try #require(tally.pathological(hidden: l)).value)" == fields[column("p_pathological_mc")], "\(scheme) d=\(d) l=\(l)")
            #expect("\(try #require(tally.multipleEffectiveEstimate).value)" == fields[column("p_multiple_effective_mc")], "\(scheme) d=\(d) l=\(l)")
        }
    }

    /// The first variates of one stream, pinned: a change to the generator, the
    /// seeding or the ziggurat tables changes every published Monte Carlo number,
    /// and must be deliberate.
    @Test func firstNormalsOfAStreamArePinned() {
        var generator = SampleStreams(seed: 1, cellIdentity: "kaiming_normal|100|100|1|false").stream(0)
        let values = (0..<4).map { _ in NormalSampler.shared.next(&generator) }
        #expect(values.map { $0.bitPattern } == ReproducibilityTests.pinned, "\(values.map { String($0.bitPattern, radix: 16) })")
    }

    static let pinned: [UInt64] = [0x3FFC_10C2_1E2D_12A5, 0xBFE5_2C6D_049E_F7C3, 0xBFEF_BA07_2662_EB3D, 0xBFDB_8F76_F2D7_2033]
}

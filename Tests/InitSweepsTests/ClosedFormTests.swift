import Foundation
import Testing
@testable import InitSweeps

@Suite struct ClosedFormTests {
    static let architectures: [Architecture] = [
        Architecture(inputs: 1, hidden: 3, outputs: 1, bias: false),   // m = 1
        Architecture(inputs: 1, hidden: 3, outputs: 1, bias: true),    // m = 2
        Architecture(inputs: 2, hidden: 5, outputs: 1, bias: false),
        Architecture(inputs: 7, hidden: 4, outputs: 1, bias: true),
        Architecture(inputs: 3, hidden: 4, outputs: 2, bias: false),
        Architecture(inputs: 1, hidden: 4, outputs: 3, bias: false),   // m = 1, e ≥ 2
    ]

    /// The sums over the binomial law reproduce SPEC §10's closed forms.
    @Test(arguments: architectures)
    func binomialSumsGiveSpecTenClosedForms(_ architecture: Architecture) throws {
        for p in [0.013, 0.3, 0.5, 0.91] {
            let forms = ClosedFormProbabilities(architecture: architecture, pathological: p, nonPathological: 1 - p)
            let l = Double(architecture.hidden), m = architecture.inputSideDimension, e = architecture.outputs
            let distribution = forms.pathologicalCountDistribution
            #expect(Swift.abs(distribution.reduce(0, +) - 1) < 1e-14)
            #expect(Swift.abs(zip(distribution.indices, distribution).reduce(0) { $0 + Double($1.0) * $1.1 } - l * p) < 1e-13)
            let (components, multiple): (Double, Double)
            switch (m, e) {
            case (1, 1): (components, multiple) = (pow(2, l), pow(p, l) + pow(1 - p, l))
            case (_, 1): (components, multiple) = (pow(1 + p, l), pow(p, l))
            case (1, _): (components, multiple) = (pow(2 - p, l), pow(1 - p, l))
            default: (components, multiple) = (1, 0)
            }
            #expect(Swift.abs(forms.expectedComponents / components - 1) < 1e-13, "\(architecture) p = \(p)")
            #expect(Swift.abs(forms.log10ExpectedComponents - log10(components)) < 1e-13, "\(architecture) p = \(p)")
            #expect(Swift.abs(forms.multipleEffectiveComponents - multiple) <= 1e-14 * Swift.max(multiple, 1e-300), "\(architecture) p = \(p)")
        }
    }

    /// The multinomial sum for the teacher agrees with a brute-force
    /// enumeration of all 3^l neuron states (free, locked +, locked −).
    @Test func teacherObstructionAgreesWithEnumeration() throws {
        for l in 1...5 {
            let architecture = Architecture(inputs: 3, hidden: l, outputs: 1, bias: false)
            for p in [0.2, 0.77] {
                let forms = ClosedFormProbabilities(architecture: architecture, pathological: p, nonPathological: 1 - p)
                for positive in 0...l {
                    for negative in 0...(l - positive) where positive + negative >= 1 {
                        let teacher = TeacherSigns(positive: positive, negative: negative)
                        var expected = 0.0
                        var state = [Int](repeating: 0, count: l)
                        for code in 0..<Int(pow(3, Double(l))) {
                            var rest = code
                            for k in 0..<l { state[k] = rest % 3; rest /= 3 }
                            let free = state.filter { $0 == 0 }.count
                            let lockedPositive = state.filter { $0 == 1 }.count
                            let lockedNegative = l - free - lockedPositive
                            let probability = state.reduce(1.0) { $0 * ($1 == 0 ? 1 - p : p / 2) }
                            if max(0, positive - lockedPositive) + max(0, negative - lockedNegative) > free { expected += probability }
                        }
                        let value = try #require(forms.teacherObstruction(teacher))
                        #expect(Swift.abs(value - expected) < 1e-14, "l = \(l), teacher \(teacher), p = \(p)")
                    }
                }
                #expect(forms.teacherObstruction(TeacherSigns(positive: l, negative: 1)) == nil)
            }
        }
        // A teacher with n⁺ = 1 against l = 1: obstructed iff the neuron is locked negative, p/2.
        let single = ClosedFormProbabilities(architecture: Architecture(inputs: 2, hidden: 1, outputs: 1, bias: false), pathological: 0.4, nonPathological: 0.6)
        #expect(single.teacherObstruction(TeacherSigns(positive: 1, negative: 0)) == 0.2)
    }

    /// SPEC §10's x for each Gaussian scheme, and the law's p + q = 1.
    @Test func gaussianSchemesGiveTheSpecParameters() throws {
        let kaiming = try #require(InitScheme.kaimingNormal.gaussianLaw(d: 3, l: 5, e: 1, bias: false))
        #expect(kaiming.x == 3.0 / 8.0 && kaiming.complement == 5.0 / 8.0 && kaiming.inputEntries == 3)
        let xavier = try #require(InitScheme.xavierNormal.gaussianLaw(d: 3, l: 5, e: 2, bias: true))
        // s1² = 2/8, s2² = 2/7: x = (1/7)/(1/8 + 1/7) = 8/15; the zero bias does not count.
        #expect(xavier.x == 8.0 / 15.0 && xavier.inputEntries == 3)
        let gaussian = try #require(InitScheme.gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0.5).gaussianLaw(d: 4, l: 2, e: 1, bias: true))
        #expect(gaussian.inputEntries == 5 && gaussian.x == 0.8)
        #expect(InitScheme.gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0.3).gaussianLaw(d: 4, l: 2, e: 1, bias: true) == nil)
        #expect(InitScheme.kaimingUniform.gaussianLaw(d: 4, l: 2, e: 1, bias: false) == nil)
        for law in [kaiming, xavier, gaussian] {
            #expect(Swift.abs(law.pathological + law.nonPathological - 1) < 1e-15)
        }
        // d = l under Kaiming: x = 1/2, and for m = e = 1 P(|w| < |v|) = 1/2 by symmetry.
        let square = try #require(InitScheme.kaimingNormal.gaussianLaw(d: 1, l: 1, e: 1, bias: false))
        #expect(Swift.abs(square.pathological - 0.5) < 1e-15)
    }

    @Test func schemeNamesRoundTrip() {
        for scheme in InitScheme.namedSchemes + [.gaussian(inputStd: 0.25, outputStd: 2, biasStd: 0)] {
            #expect(InitScheme(parsing: scheme.description) == scheme)
        }
        #expect(InitScheme(parsing: "gaussian(1,2)") == .gaussian(inputStd: 1, outputStd: 2, biasStd: 1))
        #expect(InitScheme(parsing: "gaussian(1,-2)") == nil)
        #expect(InitScheme(parsing: "he_normal") == nil)
    }
}

import Testing
@testable import ProofChecks

@Suite struct DeepLieTests {
    static func monomial(_ variables: Int...) -> Monomial { Monomial(variables) }
    static let minusOne = PrimeField.negate(1)

    @Test func monomialArithmetic() {
        let m = Monomial([3, 1, 3])
        #expect(m.degree == 3)
        #expect(m.powers.map(\.variable) == [1, 3] && m.powers.map(\.exponent) == [1, 2])
        #expect(m.removing(3) == Monomial([1, 3]))
        #expect(m.times(Monomial([0, 2])) == Monomial([0, 1, 2, 3, 3]))
        #expect(Monomial(Array(repeating: 0, count: 10)).times(Monomial(Array(repeating: 1, count: 7))) == nil)   // degree 17
        #expect(m.value(at: [5, 2, 7, 3]) == 2 * 3 * 3)
        #expect(Monomial().value(at: [5]) == 1)
    }

    /// Coordinates (w1, b1, w2, b2, w3) of the chain 1 → 1 → 1 → 1 with hidden biases
    /// (`Layout` order W1, b1, W2, b2, W3). X = ∇(w1w2w3) = (w2w3, 0, w1w3, 0, w1w2),
    /// Y = ∇(b2w3) = (0, 0, 0, w3, b2). By hand, [X, Y] = DY·X − DX·Y:
    /// DY·X = (0, 0, 0, X_w3, X_b2) = (0, 0, 0, w1w2, 0); DX·Y = (Y·∇(w2w3), 0, Y·∇(w1w3), 0, Y·∇(w1w2))
    /// = (w2b2, 0, w1b2, 0, 0); so [X, Y] = (−w2b2, 0, −w1b2, w1w2, 0).
    @Test func bracketOfTwoPathFieldsByHand() throws {
        let layout = DeepConservationLawCount.Layout(widths: [1, 1, 1, 1], hiddenBias: true)
        #expect(layout.dimension == 5)
        #expect(layout.paths().map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) } == [[0, 2, 4], [1, 2, 4], [3, 4]])
        let x = PolynomialField.gradient(of: Monomial([0, 2, 4]))
        let y = PolynomialField.gradient(of: Monomial([3, 4]))
        let expected: [Int: [Monomial: UInt64]] = [0: [Self.monomial(2, 3): Self.minusOne], 2: [Self.monomial(0, 3): Self.minusOne], 3: [Self.monomial(0, 2): 1]]
        #expect(try x.bracket(y).components == expected)
        let reversed = try y.bracket(x).components
        #expect(reversed == expected.mapValues { $0.mapValues { PrimeField.negate($0) } })
        #expect(try x.bracket(x).isZero)
    }

    /// The chain 1 → 1 → 1 → 1 without bias: θ = (w1, w2, w3), D = 3, one path, one
    /// generator X = (w2w3, w1w3, w1w2). [X, X] = 0, so the algebra is span{X}
    /// (dimension 1), its trace at θ is 1, and D − 1 = 2 laws: c_1 = w1² − w2² and
    /// c_2 = w2² − w3², one per hidden neuron.
    @Test func chainByHand() throws {
        let report = try DeepConservationLawCount.allData(widths: [1, 1, 1, 1], hiddenBias: false, seed: 3, closeAlgebra: true)
        #expect(report.dimension == 3 && report.hiddenNeurons == 2 && report.generators == 1)
        #expect(report.lieAlgebraDimension == 1 && report.stop == .algebraClosed)
        #expect(report.traceByDepth == [1, 1])
        #expect(report.traceDimension == 1 && report.conservationLaws == 2 && report.certified)
        // Without closeAlgebra, depth 1 already meets the bound D − 2: depth 2 only confirms it.
        let quick = try DeepConservationLawCount.allData(widths: [1, 1, 1, 1], hiddenBias: false, seed: 3)
        #expect(quick.stop == .rankFixedPoint && quick.traceByDepth == [1, 1] && quick.fieldsByDepth == [1])
        #expect(quick.conservationLaws == 2 && quick.certified)
    }

    /// With hidden biases the chain has D = 5 and three paths (w1w2w3, b1w2w3, b2w3), whose
    /// gradients are independent at a generic point: trace 3, and D − 3 = 2 laws again.
    @Test func chainWithBiasesByHand() throws {
        let report = try DeepConservationLawCount.allData(widths: [1, 1, 1, 1], hiddenBias: true, seed: 4)
        #expect(report.dimension == 5 && report.generators == 3)
        #expect(report.traceDimension == 3 && report.conservationLaws == 2 && report.certified)
    }

    /// A closure where brackets do raise the trace: on R³, X = ∂₁ and Y = ∂₂ + θ₁∂₃ give
    /// [X, Y] = ∂₃ (Heisenberg), then nothing new: trace 2, 3, 3; algebra of dimension 3.
    @Test func bracketsRaiseTheTraceWhenTheyShould() throws {
        let x = PolynomialField(components: [0: [Monomial(): 1]])
        let y = PolynomialField(components: [1: [Monomial(): 1], 2: [Monomial([0]): 1]])
        #expect(try x.bracket(y).components == [2: [Monomial(): 1]])
        let closure = try FieldClosure(candidates: [x, y], point: [5, 7, 11], dimension: 3, maximumDepth: 8)
        #expect(closure.traceByDepth == [2, 3, 3])
        #expect(closure.algebraDimension == 3 && closure.stop == .algebraClosed)
        // A law whose gradient is not orthogonal to the fields is reported.
        let notALaw = try FieldClosure(candidates: [x, y], point: [5, 7, 11], dimension: 3, lawGradients: [[1, 0, 0]], maximumDepth: 8)
        #expect(!notALaw.orthogonal)
    }

    @Test func spanDetectsDependentFields() {
        var span = FieldSpan()
        let x = PolynomialField.gradient(of: Monomial([0, 1, 2]))
        let y = PolynomialField.gradient(of: Monomial([1, 3]))
        var combination = x
        for (coordinate, polynomial) in y.components {
            for (monomial, value) in polynomial { combination.add(PrimeField.multiply(2, value), monomial, at: coordinate) }
        }
        let inserted = [span.insert(x), span.insert(y), span.insert(combination)]
        #expect(inserted == [true, true, false])
        #expect(span.rank == 2)
    }

    /// The law check is a real check: c for the chain's first neuron (signs +2 on w1,
    /// −2 on w2) is conserved by ∇(w1w2w3) but not by the constant field ∂_{w1}.
    @Test func lawCheckRejectsAFieldThatIsNotTangent() {
        let signs: [Int: UInt64] = [0: 2, 1: PrimeField.negate(2)]
        #expect(DeepConservationLawCount.lawIsConserved(by: .gradient(of: Monomial([0, 1, 2])), signs: signs))
        #expect(!DeepConservationLawCount.lawIsConserved(by: PolynomialField(components: [0: [Monomial(): 1]]), signs: signs))
    }

    /// Paths: (2, 3, 1) with bias 2·3 + 3 = 9; (2, 2, 2, 1) with bias 8 + 2·2 + 2 = 14;
    /// (3, 2, 2, 2) 24; D of (2, 3, 3, 2, 1): 6 + 9 + 6 + 2 = 23, with hidden biases 31.
    @Test func layoutCountsByHand() {
        for (widths, bias, paths) in [([2, 3, 1], true, 9), ([2, 2, 2, 1], true, 14), ([3, 2, 2, 2], false, 24), ([2, 3, 3, 2, 1], false, 36)] {
            let layout = DeepConservationLawCount.Layout(widths: widths, hiddenBias: bias)
            #expect(layout.pathCount == paths)
            #expect(layout.paths().count == paths)
            #expect(Set(layout.paths().map { $0.sorted() }).count == paths)
        }
        #expect(DeepConservationLawCount.Layout(widths: [2, 3, 3, 2, 1], hiddenBias: false).dimension == 23)
        #expect(DeepConservationLawCount.Layout(widths: [2, 3, 3, 2, 1], hiddenBias: true).dimension == 31)
        // W1 at 0…5, b1 6…8, W2 9…17, b2 18…20, W3 21…26, b3 27…28, W4 29…30: neuron (2, 1)
        // has W2[1, ·] = 12, 13, 14 and b2[1] = 19 in, W3[·, 1] = 22, 25 out.
        let sides = DeepConservationLawCount.Layout(widths: [2, 3, 3, 2, 1], hiddenBias: true).sides(2, 1)
        #expect(sides.input == [12, 13, 14, 19] && sides.output == [22, 25])
    }

    /// One hidden layer through the deep code: the algebra closes to l·so(m, e) of
    /// dimension l·n(n−1)/2 (n = m + e), trace l(n − 1), l laws: today's two-layer answers.
    @Test(arguments: [(1, 1, 1), (2, 3, 1), (3, 2, 2), (1, 4, 2), (2, 2, 3), (4, 3, 1)])
    func twoLayerCountThroughTheDeepCode(_ shape: (Int, Int, Int)) throws {
        let (d, l, e) = shape
        for bias in [false, true] {
            let n = d + (bias ? 1 : 0) + e
            let deep = try DeepConservationLawCount.allData(widths: [d, l, e], hiddenBias: bias, seed: 9, maximumDepth: 16, closeAlgebra: true)
            let flat = try ConservationLawCount.allData(inputs: d, hidden: l, outputs: e, hiddenBias: bias, seed: 9)
            #expect(deep.lieAlgebraDimension == l * n * (n - 1) / 2, "\(shape) bias \(bias)")
            #expect(deep.lieAlgebraDimension == flat.lieAlgebraDimension)
            #expect(deep.traceDimension == l * (n - 1) && deep.traceDimension == flat.traceDimension)
            #expect(deep.conservationLaws == l && deep.certified && deep.stop == .algebraClosed)
            #expect(deep.dimension == l * n)
        }
    }

    /// The issue's shapes: one law per hidden neuron, certified.
    @Test(arguments: [[2, 2, 2, 1], [3, 3, 3, 1], [2, 3, 3, 2, 1]])
    func deepShapesHaveOneLawPerHiddenNeuron(_ widths: [Int]) throws {
        for bias in [false, true] {
            let report = try DeepConservationLawCount.allData(widths: widths, hiddenBias: bias, seed: 11)
            #expect(report.hiddenNeurons == widths.dropFirst().dropLast().reduce(0, +))
            #expect(report.conservationLaws == report.hiddenNeurons && report.certified, "\(widths) bias \(bias)")
            #expect(report.stop == .rankFixedPoint && report.traceByDepth.count == 2)
        }
    }

    /// Brackets to depth 5 on 2 → 2 → 2 → 1 (fields of degree up to 6): the trace never
    /// leaves D − 4 = 6 and every bracket stays tangent to the four laws.
    @Test func deeperBracketsStayTangentToTheLaws() throws {
        let report = try DeepConservationLawCount.allData(widths: [2, 2, 2, 1], hiddenBias: false, seed: 12, maximumDepth: 5, closeAlgebra: true)
        #expect(report.traceByDepth == [6, 6, 6, 6, 6])
        #expect(report.lawsOrthogonal && report.certified)
        #expect(report.stop == .depthLimit && report.maximumDegree == 6)
    }

    /// Past the bracket limit the closure stops before the depth (36 paths: 36·35/2 = 630
    /// pairs at depth 2); the count stays certified by the laws when depth 1 meets them.
    @Test func bracketLimitStopsBeforeTheDepth() throws {
        let report = try DeepConservationLawCount.allData(widths: [2, 3, 3, 2, 1], hiddenBias: false, seed: 13, maximumBrackets: 629)
        #expect(report.stop == .bracketLimit && report.pendingBrackets == 630 && report.depth == 1 && report.brackets == 0)
        #expect(report.conservationLaws == 8 && report.certified)
        let full = try DeepConservationLawCount.allData(widths: [2, 3, 3, 2, 1], hiddenBias: false, seed: 13, maximumBrackets: 630)
        #expect(full.stop == .rankFixedPoint && full.brackets == 630 && full.pendingBrackets == nil)
    }

    @Test func oversizedOrTooDeepClosuresAreRefused() {
        #expect(throws: LieComputationError.self) {
            _ = try DeepConservationLawCount.allData(widths: [30, 30, 30, 30, 1], hiddenBias: false, seed: 1)
        }
        // D = 40 200 and 40 000 paths: a dense trace basis of 8·40200·(40000 + 400) bytes = 13 GB.
        #expect(throws: LieComputationError.self) {
            _ = try DeepConservationLawCount.allData(widths: [200, 200, 1], hiddenBias: false, seed: 1)
        }
        // A chain of 16 layers with biases: the paths from the input and from b1 both have
        // gradients of degree 15, and their bracket would have degree 29 > 16. Depth 1 is fine.
        let chain = [Int](repeating: 1, count: 17)
        do {
            _ = try DeepConservationLawCount.allData(widths: chain, hiddenBias: true, seed: 1)
            Issue.record("degree 29 was not refused")
        } catch {
            #expect(error.tooLarge)
        }
        let first = try? DeepConservationLawCount.allData(widths: chain, hiddenBias: true, seed: 1, maximumDepth: 1)
        #expect(first?.conservationLaws == 15 && first?.certified == true)
        #expect(throws: LieComputationError.self) {
            _ = try DeepConservationLawCount.allData(widths: [2, 2], hiddenBias: false, seed: 1)
        }
    }
}

import Foundation

/// The number of independent conservation laws of a deep ReLU network in the
/// "all data, all losses" family (SPEC §11.2 extended to §13), with how it was established.
public struct DeepConservationLawReport: Sendable {
    /// Why the closure stopped.
    public enum Stop: String, Sendable {
        /// The trace rank at θ was the same after two consecutive bracket depths.
        case rankFixedPoint = "rank fixed point"
        /// No bracket added a field independent of the span: the algebra is finite and closed.
        case algebraClosed = "algebra closed"
        /// The depth limit was reached first.
        case depthLimit = "depth limit"
        /// The next depth would have formed more than `DeepConservationLawCount.maximumBrackets` brackets.
        case bracketLimit = "bracket limit"
    }

    /// `d, n_1, …, n_{L−1}, e`.
    public var widths: [Int]
    public var hiddenBias: Bool
    /// `D`: the entries of `W_1 … W_L` and the hidden biases (the output bias belongs to no neuron).
    public var dimension: Int
    /// `Σ_{h<L} n_h`: the laws `c_{h,k}` of SPEC §13.2.
    public var hiddenNeurons: Int
    /// Generators: the gradients of the path products.
    public var generators: Int
    /// Trace rank at θ after each bracket depth (depth 1: the generators).
    public var traceByDepth: [Int]
    /// Fields independent of the span of the earlier ones, new at each depth whose
    /// fields were kept (a last depth that only confirms a trace already at its
    /// bound is evaluated, not kept, and has no entry: `FieldClosure`).
    public var fieldsByDepth: [Int]
    /// `dim span{X(θ) : X ∈ Lie}` as computed (rank mod p: a lower bound).
    public var traceDimension: Int
    /// `D − traceDimension`: an upper bound on the rational count, exact when `certified`.
    public var conservationLaws: Int
    /// Rank at θ of the gradients of the `c_{h,k}`, each verified exactly to be
    /// orthogonal to every generator (a lower bound on the count).
    public var verifiedLaws: Int
    /// Every field evaluated at θ is orthogonal to every verified law's gradient there
    /// (a consistency check of the brackets; false would be a bug).
    public var lawsOrthogonal: Bool
    /// The dimension of the Lie algebra, when it closed (finite: `L = 2`, or a single path).
    public var lieAlgebraDimension: Int?
    public var stop: Stop
    /// Bracket depths computed (1: the generators only).
    public var depth: Int
    public var brackets: Int
    /// With `stop == .bracketLimit`: the brackets the next depth would have formed.
    public var pendingBrackets: Int?
    /// Highest degree of a field computed.
    public var maximumDegree: Int
    public var seconds: Double

    /// Both bounds meet: the count is proven over ℚ.
    public var certified: Bool { lawsOrthogonal && verifiedLaws == conservationLaws }
}

/// SPEC §11.2 for networks of any depth (§13): the "all data, all losses"
/// family. On an activation region the network is a product of matrices
/// restricted to the active neurons, so `f(x; θ)` is a sum of **path products**
/// `W_L[c, k_{L−1}] ⋯ W_2[k_2, k_1] W_1[k_1, j] x_j` (and paths that start at a
/// hidden bias `b_h[k]`) over paths through active neurons. As the data range
/// over all points, every path is isolated (one active neuron per layer, one
/// input direction), so the span of the `∇_θ f` over all data is the span of
/// the gradients of the path products: those are the generators, one per path,
/// as the two-layer family takes one per entry of `v_k a_kᵀ` (for `L = 2` the
/// two coincide). They are polynomial of degree `L − 1`; brackets raise the
/// degree (`[X, Y]` has degree `deg X + deg Y − 1`), so for `L ≥ 3` the algebra
/// is infinite-dimensional and only its trace at θ is computed.
public enum DeepConservationLawCount {
    /// Largest number of paths (generators) accepted.
    public static let maximumPaths = 200_000
    /// Most brackets one depth may form (10⁸: about 25 s in a release build).
    public static let maximumBrackets = 100_000_000
    /// Largest number of stored polynomial terms (span rows and frontier; about 190 bytes each: 1.5 GB).
    public static let maximumTerms = 8_000_000

    /// The coordinates of θ: `W_1` (rows), `b_1`, `W_2`, `b_2`, …, `W_L` (no `b_L`).
    public struct Layout: Sendable {
        public let widths: [Int]
        public let hiddenBias: Bool
        public let weightOffsets: [Int]
        public let biasOffsets: [Int?]
        public let dimension: Int

        public init(widths: [Int], hiddenBias: Bool) {
            self.widths = widths
            self.hiddenBias = hiddenBias
            var offset = 0
            var weights: [Int] = [], biases: [Int?] = []
            for h in 1..<widths.count {
                weights.append(offset)
                offset += widths[h] * widths[h - 1]
                if hiddenBias && h < widths.count - 1 {
                    biases.append(offset)
                    offset += widths[h]
                } else {
                    biases.append(nil)
                }
            }
            weightOffsets = weights
            biasOffsets = biases
            dimension = offset
        }

        public var depth: Int { widths.count - 1 }

        /// `W_h[i, j]`, `1 ≤ h ≤ L`.
        public func weight(_ h: Int, _ i: Int, _ j: Int) -> Int { weightOffsets[h - 1] + i * widths[h - 1] + j }

        /// `b_h[i]`, `1 ≤ h ≤ L − 1`, with hidden biases.
        public func bias(_ h: Int, _ i: Int) -> Int? { biasOffsets[h - 1].map { $0 + i } }

        /// The number of paths from an input or a hidden bias to an output (overflow: nil).
        public var pathCount: Int? {
            var below = 1   // paths from one neuron of layer h to the outputs: Π_{h' > h} n_{h'}
            var total = 0
            for h in stride(from: depth - 1, through: 0, by: -1) {
                let (product, overflow) = below.multipliedReportingOverflow(by: widths[h + 1])
                guard !overflow else { return nil }
                below = product
                // Paths starting at layer h: from the inputs (h = 0) or the biases of layer h ≥ 1.
                let starts = h == 0 ? widths[0] : (hiddenBias ? widths[h] : 0)
                let (count, overflow2) = starts.multipliedReportingOverflow(by: below)
                guard !overflow2 else { return nil }
                let (sum, overflow3) = total.addingReportingOverflow(count)
                guard !overflow3 else { return nil }
                total = sum
            }
            return total
        }

        /// Every path product as the list of its coordinates: from input `j`
        /// (`W_1[k_1, j] W_2[k_2, k_1] ⋯ W_L[c, k_{L−1}]`) or from `b_h[k]`
        /// (`b_h[k] W_{h+1}[·, k] ⋯`).
        public func paths() -> [[Int]] {
            var result: [[Int]] = []
            func extend(_ prefix: [Int], layer h: Int, neuron k: Int) {
                // The path is at neuron k of layer h (0: input k); continue to layer h + 1.
                for i in 0..<widths[h + 1] {
                    let next = prefix + [weight(h + 1, i, k)]
                    if h + 1 == depth { result.append(next) } else { extend(next, layer: h + 1, neuron: i) }
                }
            }
            for j in 0..<widths[0] { extend([], layer: 0, neuron: j) }
            for h in 1..<depth {
                for k in 0..<widths[h] { if let b = bias(h, k) { extend([b], layer: h, neuron: k) } }
            }
            return result
        }

        /// Hidden neuron `(h, k)`'s coordinates: input side `W_h[k, :]`, `b_h[k]`; output side `W_{h+1}[:, k]`.
        public func sides(_ h: Int, _ k: Int) -> (input: [Int], output: [Int]) {
            let input = (0..<widths[h - 1]).map { weight(h, k, $0) } + (bias(h, k).map { [$0] } ?? [])
            return (input, (0..<widths[h + 1]).map { weight(h + 1, $0, k) })
        }
    }

    /// The count at a random integer point (seeded, entries in `[−2²⁰, 2²⁰] \ {0}`):
    /// the path-product gradients closed under brackets (`FieldClosure`, its
    /// stopping rule), certified when the laws `c_{h,k}`, verified exactly,
    /// close the gap from the other side.
    public static func allData(widths: [Int], hiddenBias: Bool, seed: UInt64, maximumDepth: Int = 8,
                               closeAlgebra: Bool = false, maximumBrackets: Int = DeepConservationLawCount.maximumBrackets) throws(LieComputationError) -> DeepConservationLawReport {
        let start = ContinuousClock.now
        guard widths.count >= 3, widths.allSatisfy({ $0 >= 1 }) else {
            throw LieComputationError(description: "widths d, n_1, …, e need at least one hidden layer and every width ≥ 1")
        }
        guard maximumDepth >= 1 else { throw LieComputationError(description: "the bracket depth must be at least 1") }
        let layout = Layout(widths: widths, hiddenBias: hiddenBias)
        let dimension = layout.dimension
        guard dimension < Int(UInt16.max) else {
            throw LieComputationError(description: "D = \(dimension) parameters: more than the \(Int(UInt16.max) - 1) the polynomial fields can index; use a smaller shape", tooLarge: true)
        }
        guard let pathCount = layout.pathCount, pathCount <= maximumPaths else {
            throw LieComputationError(description: "more than \(maximumPaths) paths (generators) in \(widths.map(String.init).joined(separator: ",")); use a smaller shape", tooLarge: true)
        }
        guard layout.depth <= Monomial.maximumDegree else {
            throw LieComputationError(description: "more than \(Monomial.maximumDegree) layers: a path product would pass degree \(Monomial.maximumDegree)", tooLarge: true)
        }
        // Dense vectors of length D: the trace basis (at most min(D, paths) rows) and the laws'
        // gradients with their echelon basis (2 per hidden neuron), 8 bytes an entry.
        let hiddenNeurons = widths.dropFirst().dropLast().reduce(0, +)
        let (rows, overflow) = (min(dimension, pathCount) + 2 * hiddenNeurons).multipliedReportingOverflow(by: 8 * dimension)
        guard !overflow, rows <= ConservationLawCount.memoryLimit else {
            let needed = overflow ? "far more than" : String(format: "%.1f GB,", Double(rows) / 1e9)
            throw LieComputationError(description: "the trace at θ needs dense vectors of length D = \(dimension): \(needed) more than the \(ConservationLawCount.memoryLimit >> 20) MiB relutopo allows; use a smaller shape (one hidden layer: --inputs/--hidden, which splits the count by neuron)", tooLarge: true)
        }
        let paths = layout.paths()
        let candidates = paths.map { PolynomialField.gradient(of: Monomial($0)) }

        var random = SeededRationals(seed: seed)
        let point = (0..<dimension).map { _ in PrimeField.element(random.nonZero(bound: 1 << 20)) }

        // The laws c_{h,k} (SPEC §13.2), verified exactly on every generator: ⟨∇c, X⟩ ≡ 0.
        var lawGradients: [[UInt64]] = []
        var lawsHold = true
        for h in 1..<layout.depth {
            for k in 0..<widths[h] {
                let (input, output) = layout.sides(h, k)
                var sign = [Int: UInt64]()
                for j in input { sign[j] = 2 }
                for j in output { sign[j] = PrimeField.negate(2) }
                for generator in candidates where !lawIsConserved(by: generator, signs: sign) { lawsHold = false }
                var gradient = [UInt64](repeating: 0, count: dimension)
                for (j, s) in sign { gradient[j] = PrimeField.multiply(s, point[j]) }
                lawGradients.append(gradient)
            }
        }
        var lawBasis = EchelonBasis(length: dimension)
        for gradient in lawGradients { lawBasis.insert(gradient) }
        let verified = lawsHold ? lawBasis.rank : 0

        let closure = try FieldClosure(candidates: candidates, point: point, dimension: dimension, lawGradients: lawGradients,
                                       traceBound: lawsHold ? dimension - verified : nil,
                                       maximumDepth: maximumDepth, closeAlgebra: closeAlgebra, maximumTerms: maximumTerms,
                                       maximumBrackets: maximumBrackets)
        let elapsed = (ContinuousClock.now - start).components
        return DeepConservationLawReport(
            widths: widths, hiddenBias: hiddenBias, dimension: dimension, hiddenNeurons: hiddenNeurons,
            generators: closure.generators.count, traceByDepth: closure.traceByDepth, fieldsByDepth: closure.fieldsByDepth,
            traceDimension: closure.traceDimension, conservationLaws: dimension - closure.traceDimension, verifiedLaws: verified,
            lawsOrthogonal: closure.orthogonal, lieAlgebraDimension: closure.algebraDimension, stop: closure.stop,
            depth: closure.traceByDepth.count, brackets: closure.brackets, pendingBrackets: closure.pendingBrackets,
            maximumDegree: closure.maximumDegree,
            seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// `⟨∇c, X⟩ = Σ_j s_j θ_j X_j ≡ 0` as a polynomial, with `s_j = ±2` on the
    /// neuron's two sides. The products are accumulated monomial by monomial;
    /// their integer coefficients are at most `2·D·16` in size, far below `p/2`,
    /// so 0 mod p is 0 over ℤ: the law is verified exactly.
    static func lawIsConserved(by field: PolynomialField, signs: [Int: UInt64]) -> Bool {
        var sum: [Monomial: UInt64] = [:]
        for (coordinate, s) in signs {
            guard let polynomial = field.components[coordinate] else { continue }
            let variable = Monomial([coordinate])
            for (monomial, coefficient) in polynomial {
                guard let product = monomial.times(variable) else { return false }
                sum[product] = PrimeField.add(sum[product] ?? 0, PrimeField.multiply(s, coefficient))
            }
        }
        return sum.values.allSatisfy { $0 == 0 }
    }
}

import ExactNumbers
import Foundation

/// The number of independent conservation laws of SPEC §11.2 (after Marcotte,
/// Gribonval, Peyré, NeurIPS 2023) at a point, with how it was established.
public struct ConservationLawReport: Sendable {
    public enum Family: String, Sendable {
        /// Generators: the gradients of every entry of every block `φ_k = v_k a_kᵀ`.
        case allData = "all data, all losses"
        /// Generators: `∇_θ f_c(θ, x_i)` with the activation pattern read off at `θ`.
        case givenData = "given data and point"
    }
    public var family: Family
    public var inputs: Int, hidden: Int, outputs: Int, hiddenBias: Bool
    /// Data points (given-data family).
    public var samples: Int?
    /// `D = l(m + e)`.
    public var dimension: Int
    /// Independent generators (rank of their span).
    public var generators: Int
    public var lieAlgebraDimension: Int
    /// `dim span{Mθ : M ∈ Lie}` (rank mod p: a lower bound on the rational rank, SPEC §11.2).
    public var traceDimension: Int
    /// `D − traceDimension`: an upper bound on the rational count, exact when `certified`.
    public var conservationLaws: Int
    /// Rank at θ of the gradients of conservation laws verified exactly over ℚ: a lower bound.
    public var verifiedLaws: Int
    public var levels: Int
    public var brackets: Int
    /// Live activation classes (neurons with identical derivative columns) and dead neurons (given-data family).
    public var activationClasses: Int?
    public var deadNeurons: Int?
    public var seconds: Double

    /// Both bounds meet: the count is proven over ℚ.
    public var certified: Bool { verifiedLaws == conservationLaws }
}

/// Exact data for the given-data family: inputs `n × d`, a point `θ` (per
/// neuron `a_k ∈ ℚ^m`, `v_k ∈ ℚ^e`), the leaky slope.
public struct LieProblem: Sendable {
    public var inputs: [[Rational]]
    public var inputSides: [[Rational]]
    public var outputSides: [[Rational]]
    public var hiddenBias: Bool
    public var slope: Rational

    public init(inputs: [[Rational]], inputSides: [[Rational]], outputSides: [[Rational]], hiddenBias: Bool, slope: Rational = .zero) {
        self.inputs = inputs
        self.inputSides = inputSides
        self.outputSides = outputSides
        self.hiddenBias = hiddenBias
        self.slope = slope
    }
}

/// Why a count could not be computed.
public struct LieComputationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The computation would need more memory than `ConservationLawCount.memoryLimit` (not bad input).
    public var tooLarge = false
}

public enum ConservationLawCount {
    /// Largest dense `F_p` basis the closure may hold (rows × length × 16 bytes, values and supports).
    public static let memoryLimit = 3 << 29   // 1.5 GiB

    /// The memory a closure with `blocks` blocks of size `n` can need: up to
    /// `blocks·n(n−1)/2` rows (the algebra lies in `⊕ so(m, e)`) of length `blocks·n²`.
    public static func closureBytes(blocks: Int, size n: Int) -> Int {
        let rows = blocks.multipliedReportingOverflow(by: n * (n - 1) / 2)
        let length = blocks.multipliedReportingOverflow(by: n * n)
        guard !rows.overflow, !length.overflow else { return .max }
        let (product, overflow) = rows.partialValue.multipliedReportingOverflow(by: length.partialValue)
        guard !overflow, product <= Int.max / 16 else { return .max }
        return product * 16
    }

    static func checkMemory(blocks: Int, size: Int) throws(LieComputationError) {
        let bytes = closureBytes(blocks: blocks, size: size)
        guard bytes <= memoryLimit else {
            let gigabytes = bytes == .max ? "far more than" : String(format: "%.1f GB,", Double(bytes) / 1e9)
            throw LieComputationError(description: "the closure would need \(gigabytes) more than the \(memoryLimit >> 20) MiB relutopo allows (\(blocks) block(s) of size m + e = \(size)); use a smaller shape", tooLarge: true)
        }
    }

    /// The "all data, all losses" family at a random integer point (seeded).
    ///
    /// Block structure (sound, SPEC §11.2): the generators of neuron `k` act on
    /// neuron `k`'s coordinates only, so brackets across neurons vanish, the
    /// algebra is `⊕_k L_k` with every `L_k` the same algebra `L` on `R^{m+e}`,
    /// and the trace is `⊕_k L·θ_k`. `L` is computed once; the trace per neuron.
    public static func allData(inputs d: Int, hidden l: Int, outputs e: Int, hiddenBias: Bool, seed: UInt64, exploitBlocks: Bool = true) throws(LieComputationError) -> ConservationLawReport {
        let start = ContinuousClock.now
        let m = d + (hiddenBias ? 1 : 0), n = m + e
        try checkMemory(blocks: exploitBlocks ? 1 : l, size: n)
        // Without the block argument (`exploitBlocks: false`), every neuron gets its own block
        // in one closure of the whole algebra: the check that the argument changes nothing.
        let copies = exploitBlocks ? 1 : l
        var generators: [SparseBlockMatrix] = []
        for block in 0..<copies {
            for i in 0..<e {
                for j in 0..<m {
                    generators.append(SparseBlockMatrix(entries: [(block, j, m + i, 1), (block, m + i, j, 1)]))
                }
            }
        }
        let closure = LieClosure(blocks: copies, size: n, generators: generators, maximumDimension: copies * n * (n - 1) / 2)
        var random = SeededRationals(seed: seed)
        let point = (0..<l).map { _ in (0..<n).map { _ in random.nonZero(bound: 1 << 20) } }
        var trace = 0
        if exploitBlocks {
            for k in 0..<l {
                trace += closure.traceDimension(point: [point[k].map(PrimeField.element)], blockOf: [0])
            }
        } else {
            trace = closure.traceDimension(point: point.map { $0.map(PrimeField.element) }, blockOf: Array(0..<l))
        }
        let blockFactor = exploitBlocks ? l : 1
        // Verified laws: c_k. `J S + S J = 0` (J = diag(I_m, −I_e)) for every generator entry
        // means ⟨∇c_k(θ), Sθ⟩ ≡ 0: checked on the integer entries themselves.
        let signs = (0..<n).map { $0 < m ? 1 : -1 }
        let lawHolds = generators.allSatisfy { generator in
            generator.entries.allSatisfy { entry in signs[entry.row] + signs[entry.column] == 0 }
        }
        // ∇c_k is supported on neuron k's block alone: vectors with disjoint supports
        // are independent exactly when each is non-zero, so the rank is their count
        // (no dense l × l·n matrix: 6 GB at l = 10 000).
        let verified = lawHolds
            ? (0..<l).filter { k in (0..<n).contains { j in PrimeField.element(2 * signs[j] * point[k][j]) != 0 } }.count
            : 0
        let elapsed = (ContinuousClock.now - start).components
        return ConservationLawReport(
            family: .allData, inputs: d, hidden: l, outputs: e, hiddenBias: hiddenBias, samples: nil,
            dimension: l * n, generators: blockFactor * closure.generators.count, lieAlgebraDimension: blockFactor * closure.dimension,
            traceDimension: trace, conservationLaws: l * n - trace, verifiedLaws: verified,
            levels: closure.levels, brackets: closure.bracketCount, activationClasses: nil, deadNeurons: nil,
            seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// The "given data and point" family: generators `∇_θ f_c(θ, x_i)` on the
    /// activation region of `θ` (σ'(0) = 0; leaky slope γ on the negative side).
    ///
    /// Block structure (sound): on the region, `∇f_c(·, x_i)` acts on neuron `k`
    /// as `σ'(z_ik)·X(x̃_i, c)`, so neurons with the same column `σ'(z_·k)` (an
    /// activation class) receive the same matrix from every generator, hence
    /// from every bracket: the algebra lives in `⊕_classes so(m, e)` and is
    /// computed there, one block per class; dead neurons (all `σ'(z_ik) = 0`) get none.
    public static func givenData(_ problem: LieProblem) throws(LieComputationError) -> ConservationLawReport {
        let start = ContinuousClock.now
        let l = problem.inputSides.count
        guard l > 0, let m = problem.inputSides.first?.count, let e = problem.outputSides.first?.count, m > 0, e > 0 else {
            throw LieComputationError(description: "the point has no neurons")
        }
        let n = m + e
        let extended: [[Rational]] = problem.inputs.map { problem.hiddenBias ? $0 + [Rational(1)] : $0 }
        guard extended.allSatisfy({ $0.count == m }), problem.outputSides.allSatisfy({ $0.count == e }),
              problem.inputSides.allSatisfy({ $0.count == m }) else {
            throw LieComputationError(description: "data and point disagree on the input dimension")
        }
        // σ'(z_ik) exactly, σ'(0) = 0 (SPEC §1).
        let derivative: [[Rational]] = extended.map { x in
            problem.inputSides.map { a in
                var z = Rational.zero
                for j in 0..<m { z += a[j] * x[j] }
                return z.signum > 0 ? Rational(1) : (z.signum < 0 ? problem.slope : .zero)
            }
        }
        // Activation classes: neurons with identical derivative columns.
        var classOf = [Int?](repeating: nil, count: l)
        var classColumns: [[Rational]] = []
        for k in 0..<l {
            let column = derivative.map { $0[k] }
            if column.allSatisfy(\.isZero) { continue }
            if let existing = classColumns.firstIndex(of: column) { classOf[k] = existing } else {
                classOf[k] = classColumns.count
                classColumns.append(column)
            }
        }
        let classes = classColumns.count
        try checkMemory(blocks: max(classes, 1), size: n)
        func element(_ value: Rational) throws(LieComputationError) -> UInt64 {
            guard let reduced = PrimeField.element(value) else { throw LieComputationError(description: "a denominator is divisible by 2⁶¹ − 1") }
            return reduced
        }
        var generators: [SparseBlockMatrix] = []
        for (i, x) in extended.enumerated() {
            for c in 0..<e {
                var entries: [(block: Int, row: Int, column: Int, value: UInt64)] = []
                for b in 0..<classes where !classColumns[b][i].isZero {
                    for j in 0..<m where !x[j].isZero {
                        let value = try element(classColumns[b][i] * x[j])
                        entries.append((b, j, m + c, value))
                        entries.append((b, m + c, j, value))
                    }
                }
                if !entries.isEmpty { generators.append(SparseBlockMatrix(entries: entries)) }
            }
        }
        let closure = LieClosure(blocks: max(classes, 1), size: n, generators: generators, maximumDimension: classes * n * (n - 1) / 2)
        var point: [[UInt64]] = []
        for k in 0..<l {
            var coordinates: [UInt64] = []
            for value in problem.inputSides[k] + problem.outputSides[k] { coordinates.append(try element(value)) }
            point.append(coordinates)
        }
        let trace = classes == 0 ? 0 : closure.traceDimension(point: point, blockOf: classOf)
        let verified = try verifiedLawRank(problem: problem, extended: extended, derivative: derivative, point: point, m: m, e: e)
        let elapsed = (ContinuousClock.now - start).components
        return ConservationLawReport(
            family: .givenData, inputs: m - (problem.hiddenBias ? 1 : 0), hidden: l, outputs: e, hiddenBias: problem.hiddenBias,
            samples: problem.inputs.count, dimension: l * n, generators: closure.generators.count,
            lieAlgebraDimension: classes == 0 ? 0 : closure.dimension, traceDimension: trace, conservationLaws: l * n - trace,
            verifiedLaws: verified, levels: closure.levels, brackets: closure.bracketCount,
            activationClasses: classes, deadNeurons: classOf.filter { $0 == nil }.count,
            seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// Conservation laws of the given-data family verified exactly over ℚ, and the
    /// rank of their gradients at θ (mod p, a lower bound on the rational rank):
    /// * `⟨a_k, a_k'⟩ − ⟨v_k, v_k'⟩` for `k ≤ k'` with equal derivative columns
    ///   (`c_k` when `k = k'`): `h = θᵀQθ` is conserved by `θ ↦ Sθ` iff
    ///   `QS + SQ = 0`, checked for every generator on its exact entries;
    /// * linear laws `⟨z, θ⟩` with `S z = 0` for every generator: `a`-directions
    ///   orthogonal to every active `x̃_i`, and `v_k` when no active `x̃_i` is non-zero.
    static func verifiedLawRank(problem: LieProblem, extended: [[Rational]], derivative: [[Rational]], point: [[UInt64]],
                                m: Int, e: Int) throws(LieComputationError) -> Int {
        let l = problem.inputSides.count, n = m + e
        var gradients = EchelonBasis(length: l * n)
        let sign = (0..<n).map { $0 < m ? UInt64(1) : PrimeField.negate(1) }
        for k in 0..<l {
            for k2 in k..<l {
                // QS + SQ = 0 with Q = (J on the (k, k2) blocks): on generator i, output c, the
                // (k, k2) block reads σ'_{ik2}·J X − σ'_{ik}·J X (X J = −J X), so it holds iff
                // σ'_{ik} = σ'_{ik2} or x̃_i = 0, for every i (checked exactly).
                let holds = zip(derivative, extended).allSatisfy { row, x in row[k] == row[k2] || x.allSatisfy(\.isZero) }
                guard holds else { continue }
                var vector = [UInt64](repeating: 0, count: l * n)
                for j in 0..<n {
                    vector[k * n + j] = PrimeField.add(vector[k * n + j], PrimeField.multiply(sign[j], point[k2][j]))
                    vector[k2 * n + j] = PrimeField.add(vector[k2 * n + j], PrimeField.multiply(sign[j], point[k][j]))
                }
                gradients.insert(vector)
            }
            // Linear laws: z_a ⊥ every active x̃_i (exact null space), z_v if nothing active is non-zero.
            let active = zip(derivative, extended).filter { !$0.0[k].isZero }.map(\.1)
            for z in RationalNullSpace.of(rows: active, columns: m) {
                guard active.allSatisfy({ x in (0..<m).reduce(Rational.zero) { $0 + x[$1] * z[$1] }.isZero }) else { continue }
                var vector = [UInt64](repeating: 0, count: l * n)
                for j in 0..<m {
                    guard let value = PrimeField.element(z[j]) else { throw LieComputationError(description: "a denominator is divisible by 2⁶¹ − 1") }
                    vector[k * n + j] = value
                }
                gradients.insert(vector)
            }
            if active.allSatisfy({ $0.allSatisfy(\.isZero) }) {
                for c in 0..<e {
                    var vector = [UInt64](repeating: 0, count: l * n)
                    vector[k * n + m + c] = 1
                    gradients.insert(vector)
                }
            }
        }
        return gradients.rank
    }
}

/// A basis of `{z : Xz = 0}` over ℚ for a rational matrix given by rows.
enum RationalNullSpace {
    static func of(rows: [[Rational]], columns: Int) -> [[Rational]] {
        // Independent rows first (mod p, cheap), then exact elimination on at most `columns` of them.
        var probe = EchelonBasis(length: columns)
        var chosen: [[Rational]] = []
        for row in rows where chosen.count < columns {
            let reduced = row.compactMap(PrimeField.element)
            // A row p cannot reduce is kept as it is (exact elimination sorts it out).
            if reduced.count != columns || probe.insert(reduced) { chosen.append(row) }
        }
        var matrix = chosen
        var pivotColumns: [Int] = []
        var rank = 0
        for column in 0..<columns where rank < matrix.count {
            guard let pivot = (rank..<matrix.count).first(where: { !matrix[$0][column].isZero }) else { continue }
            matrix.swapAt(rank, pivot)
            let inverse = Rational(1) / matrix[rank][column]
            matrix[rank] = matrix[rank].map { $0 * inverse }
            for r in 0..<matrix.count where r != rank && !matrix[r][column].isZero {
                let factor = matrix[r][column]
                for j in 0..<columns { matrix[r][j] -= factor * matrix[rank][j] }
            }
            pivotColumns.append(column)
            rank += 1
        }
        let free = (0..<columns).filter { !pivotColumns.contains($0) }
        return free.map { f in
            var z = [Rational](repeating: .zero, count: columns)
            z[f] = Rational(1)
            for (r, pivot) in pivotColumns.enumerated() { z[pivot] = -matrix[r][f] }
            return z
        }
    }
}

import Dispatch
import ExactNumbers
import Foundation
import InvariantTopology
import Randomness
import ReluNetwork

/// Integer tallies of a deep cell's Monte Carlo run (SPEC §13.9). Every field
/// is a count, so tallies of any split of the samples (threads, shards) add up
/// to the same numbers.
public struct DeepMonteCarloTally: Sendable, Equatable {
    public var samples = 0
    /// `negative[h − 1]`: Σ over samples of `#{k : c_{h,k} < 0}`.
    public var negative: [Int]
    /// Σ over samples of `#{(h, k) : c_{h,k} = 0}` (probability 0, possible in binary64).
    public var zeroNeurons = 0
    /// Samples by their number `q` of locked coordinates (SPEC §13.3).
    public var lockHistogram: [Int: Int] = [:]
    /// Samples in SPEC §13.5's event: `e = 1`, no output bias, every `W_L[0, k]`
    /// locked and all with one sign.
    public var outputLockedOneSign = 0
    /// Samples left out because a drawn entry was not finite (impossible with
    /// `InitScheme.scaledForSampling`'s scales; counted, never guessed).
    public var undecidedSamples = 0

    public init(hiddenLayers: Int) {
        negative = Array(repeating: 0, count: hiddenLayers)
    }

    public mutating func add(_ other: DeepMonteCarloTally) {
        samples += other.samples
        for h in negative.indices { negative[h] += other.negative[h] }
        zeroNeurons += other.zeroNeurons
        for (q, count) in other.lockHistogram { lockHistogram[q, default: 0] += count }
        outputLockedOneSign += other.outputLockedOneSign
        undecidedSamples += other.undecidedSamples
    }
}

/// Exact-predicate Monte Carlo for a network of any depth (SPEC §13.9).
///
/// Each sample draws one network from its own stream (`SampleStreams`, keyed
/// by `scheme|d-n_1-…-e|bias`): layer by layer `h = 1 … L`, row by row, the
/// `n_{h−1}` entries of `W_h[k, ·]` then `b_h[k]` for hidden layers with a bias
/// (the output bias is free in SPEC §13.3 and not drawn). Every `c_{h,k}` is
/// computed exactly for the binary64 values drawn (`ExactSquareSum`: integer
/// arithmetic, no rounding), and the locks by `FlowPolytopeLocks` in linear
/// time.
///
/// Under a training law (SPEC §14) the draws are the same and
/// `c_{h,k} = w_h‖a_{h,k}‖² − w_{h+1}‖o_{h,k}‖²`, exactly: the locks read sums
/// of `c` over neurons of several layers, so the weighted values themselves
/// (not only their signs) go to `FlowPolytopeLocks`.
public struct DeepMonteCarloCell: Sendable {
    public let scheme: InitScheme
    public let architecture: DeepArchitecture
    public let streams: SampleStreams
    /// `w_1 … w_L` of the law (resolved for the widths), or nil when they are
    /// all equal: a common positive factor of every `c` keeps every lock, so
    /// the plain differences decide.
    let layerWeights: [Rational]?

    /// Largest `W_h` a sample holds (entries), so that a worker's memory stays under 1 GiB.
    public static let maximumStoredMatrix = 1 << 27
    /// Memory all workers of a cell may hold at once; fewer threads run past it.
    static let workspaceBudgetBytes = 1 << 30

    public init(scheme: InitScheme, architecture: DeepArchitecture, seed: UInt64, law: TrainingLaw = .gradientFlow) {
        self.scheme = scheme
        self.architecture = architecture
        streams = SampleStreams(seed: seed, cellIdentity: DeepMonteCarloCell.identity(scheme: scheme, architecture: architecture))
        let weights = law.isGradientFlow ? [] : (1...architecture.depth).map { law.layerWeight($0) }
        layerWeights = weights.allSatisfy { $0 == weights.first } ? nil : weights
    }

    /// The text that keys this cell's random streams: `scheme|d-n_1-…-e|bias`.
    public static func identity(scheme: InitScheme, architecture: DeepArchitecture) -> String {
        "\(scheme)|\(architecture.widthsText)|\(architecture.bias)"
    }

    /// Buffers one worker reuses for every sample.
    struct Workspace {
        /// `W_h`, row-major (`n_h × n_{h−1}`).
        var matrix: [Double]
        /// `b_h`.
        var biases: [Double]
        /// Column blocks of `W_h` gathered contiguously.
        var columns: [Double]
        /// Exact `‖a_{h,k}‖²` of the layer whose output sides come next, as `integer · 2^exponent`.
        var inputSums: [(integer: BigInt, exponent: Int)] = []
        var nextInputSums: [(integer: BigInt, exponent: Int)] = []
        var sum = ExactSquareSum()

        static let block = 8

        init(_ architecture: DeepArchitecture) {
            let widest = architecture.widths.max() ?? 1
            matrix = [Double](repeating: 0, count: architecture.largestStoredMatrix)
            biases = [Double](repeating: 0, count: widest)
            columns = [Double](repeating: 0, count: Workspace.block * widest)
            inputSums.reserveCapacity(widest)
            nextInputSums.reserveCapacity(widest)
        }

        static func bytes(_ architecture: DeepArchitecture) -> Int {
            let widest = architecture.widths.max() ?? 1
            return 8 * (architecture.largestStoredMatrix + (Workspace.block + 1) * widest) + 48 * widest
        }
    }

    /// Draws `W_h` (and `b_h` when `h < L` and the network has biases) of the
    /// sample whose generator is `generator`, into `matrix` and `biases`.
    func drawLayer(_ h: Int, _ generator: inout Xoshiro256PlusPlus, matrix: inout [Double], biases: inout [Double]) {
        let n = architecture.widths, depth = architecture.depth
        let sampling = scheme.scaledForSampling
        let weightLaw = sampling.weights(layer: h, depth: depth, fanIn: n[h - 1], fanOut: n[h])
        let biasLaw: EntryDistribution = architecture.bias && h < depth ? sampling.bias(layer: h, fanIn: n[h - 1]) : .zero
        let drawsBias = architecture.bias && h < depth
        let sampler = NormalSampler.shared
        let columns = n[h - 1]
        matrix.withUnsafeMutableBufferPointer { w in
            for k in 0..<n[h] {
                let row = k * columns
                switch weightLaw {
                case .normal(let deviation): for j in 0..<columns { w[row + j] = sampler.next(&generator) * deviation }
                case .uniform(let bound): for j in 0..<columns { w[row + j] = (2 * generator.nextUnit() - 1) * bound }
                case .zero: for j in 0..<columns { w[row + j] = 0 }
                }
                if drawsBias {
                    switch biasLaw {
                    case .normal(let deviation): biases[k] = sampler.next(&generator) * deviation
                    case .uniform(let bound): biases[k] = (2 * generator.nextUnit() - 1) * bound
                    case .zero: biases[k] = 0
                    }
                }
            }
        }
    }

    /// The network of sample `index`: `weights[h − 1]` is `W_h` row-major,
    /// `biases[h − 1]` is `b_h` (empty without biases and for the output layer).
    /// For tests, which recompute its invariants and locks independently.
    public func network(sample index: Int) -> (weights: [[Double]], biases: [[Double]]) {
        var generator = streams.stream(index)
        var weights: [[Double]] = [], biases: [[Double]] = []
        let n = architecture.widths
        for h in 1...architecture.depth {
            var matrix = [Double](repeating: 0, count: n[h] * n[h - 1])
            var bias = [Double](repeating: 0, count: n[h])
            drawLayer(h, &generator, matrix: &matrix, biases: &bias)
            weights.append(matrix)
            biases.append(architecture.bias && h < architecture.depth ? bias : [])
        }
        return (weights, biases)
    }

    /// `p·2^a − q·2^b`, exactly.
    static func difference(_ p: (integer: BigInt, exponent: Int), _ q: (integer: BigInt, exponent: Int)) -> Rational {
        if p.integer.isZero { return Rational(-q.integer, timesPowerOfTwo: q.exponent) }
        if q.integer.isZero { return Rational(p.integer, timesPowerOfTwo: p.exponent) }
        let common = Swift.min(p.exponent, q.exponent)
        return Rational(p.integer.shifted(by: p.exponent - common) - q.integer.shifted(by: q.exponent - common), timesPowerOfTwo: common)
    }

    /// `u·p·2^a − w·q·2^b`, exactly (SPEC §14: the input side weighted by its layer's `w_h`, the output side by `w_{h+1}`).
    static func weightedDifference(_ p: (integer: BigInt, exponent: Int), _ q: (integer: BigInt, exponent: Int),
                                   _ inputWeight: Rational, _ outputWeight: Rational) -> Rational {
        inputWeight * Rational(p.integer, timesPowerOfTwo: p.exponent) - outputWeight * Rational(q.integer, timesPowerOfTwo: q.exponent)
    }

    /// The exact invariants `c[h − 1][k]` of sample `index`, or nil when a drawn entry is not finite.
    func invariants(sample index: Int, _ work: inout Workspace) -> [[Rational]]? {
        let n = architecture.widths, depth = architecture.depth
        var generator = streams.stream(index)
        var c: [[Rational]] = []
        c.reserveCapacity(depth - 1)
        var finite = true
        for h in 1...depth {
            drawLayer(h, &generator, matrix: &work.matrix, biases: &work.biases)
            let columns = n[h - 1], rows = n[h]
            // Input sides of layer h: the rows of W_h (and b_h).
            if h < depth {
                work.nextInputSums.removeAll(keepingCapacity: true)
                for k in 0..<rows {
                    work.sum.reset()
                    work.matrix.withUnsafeBufferPointer { w in
                        if !work.sum.addSquares(of: UnsafeBufferPointer(rebasing: w[(k * columns)..<((k + 1) * columns)])) { finite = false }
                    }
                    if architecture.bias && !work.sum.addSquare(of: work.biases[k]) { finite = false }
                    work.nextInputSums.append(work.sum.integerAndExponent())
                }
            }
            // Output sides of layer h − 1: the columns of W_h, gathered a block at a time.
            if h >= 2 {
                var layer: [Rational] = []
                layer.reserveCapacity(columns)
                var start = 0
                while start < columns {
                    let width = Swift.min(Workspace.block, columns - start)
                    work.matrix.withUnsafeBufferPointer { w in
                        work.columns.withUnsafeMutableBufferPointer { gathered in
                            for i in 0..<rows {
                                let base = i * columns + start
                                for j in 0..<width { gathered[j * rows + i] = w[base + j] }
                            }
                        }
                    }
                    for j in 0..<width {
                        work.sum.reset()
                        work.columns.withUnsafeBufferPointer { gathered in
                            if !work.sum.addSquares(of: UnsafeBufferPointer(rebasing: gathered[(j * rows)..<((j + 1) * rows)])) { finite = false }
                        }
                        let output = work.sum.integerAndExponent()
                        if let layerWeights {
                            layer.append(DeepMonteCarloCell.weightedDifference(work.inputSums[start + j], output,
                                                                               layerWeights[h - 2], layerWeights[h - 1]))
                        } else {
                            layer.append(DeepMonteCarloCell.difference(work.inputSums[start + j], output))
                        }
                    }
                    start += width
                }
                c.append(layer)
            }
            swap(&work.inputSums, &work.nextInputSums)
        }
        return finite ? c : nil
    }

    /// Tallies samples `range` (their streams are fixed by their indices).
    public func tally(samples range: Range<Int>) -> DeepMonteCarloTally {
        var work = Workspace(architecture)
        return tally(samples: range, &work)
    }

    func tally(samples range: Range<Int>, _ work: inout Workspace) -> DeepMonteCarloTally {
        let n = architecture.widths, depth = architecture.depth
        let layerBias = [false] + Array(repeating: architecture.bias, count: depth)
        let eventApplies = architecture.outputs == 1 && !architecture.bias
        var tally = DeepMonteCarloTally(hiddenLayers: depth - 1)
        for index in range {
            guard let c = invariants(sample: index, &work) else {
                tally.undecidedSamples += 1
                continue
            }
            tally.samples += 1
            for (layer, values) in c.enumerated() {
                for value in values {
                    let sign = value.signum
                    if sign < 0 { tally.negative[layer] += 1 } else if sign == 0 { tally.zeroNeurons += 1 }
                }
            }
            let locks = FlowPolytopeLocks(widths: n, bias: layerBias, invariants: c).locks
            tally.lockHistogram[locks.count, default: 0] += 1
            if eventApplies {
                // work.matrix holds W_L (1 × n_{L−1}): its signs are the output weights' signs.
                let outputLocks = locks.filter { $0.layer == depth }.count
                if outputLocks == n[depth - 1] {
                    let signs = Set(work.matrix.prefix(n[depth - 1]).map { $0 > 0 })
                    if signs.count == 1 { tally.outputLockedOneSign += 1 }
                }
            }
        }
        return tally
    }

    /// Tallies samples `0..<count` on at most `threads` threads (no more than
    /// the cores, and fewer when the workspaces would pass `workspaceBudgetBytes`). Chunks of contiguous
    /// samples; the tallies are integer sums, so the result does not depend on
    /// the number of threads.
    public func tally(count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) -> DeepMonteCarloTally {
        let layers = architecture.depth - 1
        guard count > 0 else { return DeepMonteCarloTally(hiddenLayers: layers) }
        let affordable = Swift.max(1, DeepMonteCarloCell.workspaceBudgetBytes / Swift.max(1, Workspace.bytes(architecture)))
        let workers = Swift.max(1, Swift.min(threads, count, affordable, ChunkedRange.processors))
        let chunks = ChunkQueue(count: count, chunks: Swift.min(count, workers * 16))
        let results = TallySlots(count: chunks.chunks, layers: layers)
        let body: @Sendable (Int) -> Void = { _ in
            guard var chunk = chunks.next() else { return }
            var work = Workspace(self.architecture)
            while true {
                let range = chunks.range(chunk)
                results.set(chunk, self.tally(samples: range, &work))
                progress?(range.count)
                guard let next = chunks.next() else { return }
                chunk = next
            }
        }
        if workers == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: body) }
        return results.total
    }
}

/// Chunks handed to workers one at a time.
final class ChunkQueue: @unchecked Sendable {
    let count: Int, chunks: Int
    private let lock = NSLock()
    private var nextChunk = 0

    init(count: Int, chunks: Int) {
        self.count = count
        self.chunks = Swift.max(1, chunks)
    }

    func range(_ chunk: Int) -> Range<Int> { (chunk * count / chunks)..<((chunk + 1) * count / chunks) }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextChunk < chunks else { return nil }
        defer { nextChunk += 1 }
        return nextChunk
    }
}

/// Per-chunk tallies written by concurrent workers (each chunk once), summed in chunk order.
final class TallySlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [DeepMonteCarloTally?]
    private let layers: Int

    init(count: Int, layers: Int) {
        slots = Array(repeating: nil, count: count)
        self.layers = layers
    }

    func set(_ chunk: Int, _ tally: DeepMonteCarloTally) {
        lock.lock()
        defer { lock.unlock() }
        slots[chunk] = tally
    }

    var total: DeepMonteCarloTally {
        lock.lock()
        defer { lock.unlock() }
        var total = DeepMonteCarloTally(hiddenLayers: layers)
        for case let tally? in slots { total.add(tally) }
        return total
    }
}

import Randomness
import Dispatch
import ExactNumbers
import Foundation
import InvariantTopology
import ReluNetwork
import Symmetry

/// Integer tallies of a Monte Carlo run over one cell (scheme × architecture).
/// Every field is a count, so tallies from any split of the samples (threads,
/// shards) add up to exactly the same numbers.
public struct MonteCarloTally: Sendable, Equatable {
    public var samples = 0
    /// Σ over samples of `#{k : c_k < 0}`.
    public var pathologicalNeurons = 0
    /// Σ over samples of `#{k : c_k = 0}` (probability 0, but possible in binary64).
    public var zeroNeurons = 0
    /// Samples whose invariant set has more than one effective component (SPEC §5.4, topological).
    public var multipleEffective = 0
    /// Samples by `(j, z)` = (neurons with `c < 0`, neurons with `c = 0`): key `j·(l+1) + z`.
    public var countHistogram: [Int: Int] = [:]
    /// Per teacher: samples where SPEC §6.1's inequality fails.
    public var teacherObstructed: [Int] = []
    /// Per teacher: samples with some `c_k = 0`, where §6.1 gives `unknown`.
    public var teacherUnknown: [Int] = []
    /// Neuron signs the binary64 filter could not decide (exact arithmetic did).
    public var exactFallbacks = 0
    /// Samples left out because a drawn entry was not finite, so some sign could
    /// not be decided (impossible with `InitScheme.scaledForSampling`'s scales;
    /// counted rather than guessed: an undecided sign is never taken as 0).
    public var undecidedSamples = 0

    public init(teachers: Int) {
        teacherObstructed = Array(repeating: 0, count: teachers)
        teacherUnknown = Array(repeating: 0, count: teachers)
    }

    public mutating func add(_ other: MonteCarloTally) {
        samples += other.samples
        pathologicalNeurons += other.pathologicalNeurons
        zeroNeurons += other.zeroNeurons
        multipleEffective += other.multipleEffective
        exactFallbacks += other.exactFallbacks
        undecidedSamples += other.undecidedSamples
        for (key, count) in other.countHistogram { countHistogram[key, default: 0] += count }
        for t in teacherObstructed.indices {
            teacherObstructed[t] += other.teacherObstructed[t]
            teacherUnknown[t] += other.teacherUnknown[t]
        }
    }
}

/// An estimate and its standard error.
public struct Estimate: Sendable, Equatable {
    public var value: Double
    public var standardError: Double
}

/// Exact-predicate Monte Carlo over random initialisations (SPEC §10, "Other
/// schemes: Monte Carlo with the exact predicate").
///
/// Each sample draws one network with the scheme, neuron by neuron (per neuron:
/// the `d` entries of `w_k`, then `b_k` when the network has a hidden bias, then
/// the `e` entries of `v_k`), from its own stream (`SampleStreams`). The sign of
/// every `c_k = ‖a_k‖² − ‖v_k‖²` is decided exactly for the binary64 values drawn
/// (`SquaredNormDifference`: filter, exact fallback), never by a float comparison.
///
/// Under a training law (SPEC §14) the draws are the same (the streams do not
/// depend on the law) and the predicate is `w_1‖a_k‖² − w_2‖v_k‖²`, decided
/// exactly as well (`WeightedSquareNormDifference`).
public struct MonteCarloCell: Sendable {
    public let scheme: InitScheme
    public let architecture: Architecture
    public let teachers: [TeacherSigns]
    public let streams: SampleStreams
    /// The law, resolved for `[d, l, e]`.
    public let law: TrainingLaw

    public init(scheme: InitScheme, architecture: Architecture, teachers: [TeacherSigns], seed: UInt64, law: TrainingLaw = .gradientFlow) {
        self.scheme = scheme
        self.architecture = architecture
        self.teachers = teachers
        self.streams = SampleStreams(seed: seed, cellIdentity: MonteCarloCell.identity(scheme: scheme, architecture: architecture))
        self.law = law
    }

    /// A cell drawing from given streams (tests compare schemes on the same random numbers).
    init(scheme: InitScheme, architecture: Architecture, teachers: [TeacherSigns], streams: SampleStreams, law: TrainingLaw = .gradientFlow) {
        self.scheme = scheme
        self.architecture = architecture
        self.teachers = teachers
        self.streams = streams
        self.law = law
    }

    /// The weighted predicate, or nil when `w_1 = w_2` (a common positive
    /// factor keeps every sign: the plain predicate decides, as before laws).
    var weightedPredicate: WeightedSquareNormDifference? {
        guard !law.isGradientFlow else { return nil }
        let input = law.layerWeight(1), output = law.layerWeight(2)
        return input == output ? nil : WeightedSquareNormDifference(inputWeight: input, outputWeight: output)
    }

    /// The text that keys this cell's random streams: `scheme|d|l|e|bias`.
    public static func identity(scheme: InitScheme, architecture: Architecture) -> String {
        "\(scheme)|\(architecture.inputs)|\(architecture.hidden)|\(architecture.outputs)|\(architecture.bias)"
    }

    /// Tallies samples `range` (their streams are fixed by their indices).
    public func tally(samples range: Range<Int>) -> MonteCarloTally {
        let d = architecture.inputs, l = architecture.hidden, e = architecture.outputs
        let m = architecture.inputSideDimension
        // Draw with the scales brought near 1 (same signs, no overflow or underflow); the streams stay keyed by `scheme`.
        let sampling = scheme.scaledForSampling
        let weightLaw = sampling.inputWeights(d: d, l: l)
        let biasLaw: EntryDistribution = architecture.bias ? sampling.hiddenBias(d: d) : .zero
        let outputLaw = sampling.outputWeights(l: l, e: e)
        let sampler = NormalSampler.shared
        // Per-j verdicts for the common case z = 0, from the closed forms of SPEC §5.4.
        let multipleByCount: [Bool] = (0...l).map { j in
            EffectiveComponents.count(m: m, e: e, positive: l - j, negative: j, zero: 0, reading: .topological).value > 1
        }
        let teacherApplies = e == 1 && m >= 2
        let weighted = weightedPredicate
        var tally = MonteCarloTally(teachers: teachers.count)
        var inputSide = [Double](repeating: 0, count: m)
        var outputSide = [Double](repeating: 0, count: e)

        @inline(__always)
        func draw(_ law: EntryDistribution, _ generator: inout Xoshiro256PlusPlus) -> Double {
            switch law {
            case .zero: return 0
            case .normal(let deviation): return sampler.next(&generator) * deviation
            case .uniform(let bound): return (2 * generator.nextUnit() - 1) * bound
            }
        }
        // Scale factors hoisted out of the inner loop.
        let weightScale: Double, weightIsNormal: Bool
        switch weightLaw {
        case .normal(let deviation): weightScale = deviation; weightIsNormal = true
        case .uniform(let bound): weightScale = bound; weightIsNormal = false
        case .zero: weightScale = 0; weightIsNormal = false
        }

        for index in range {
            var generator = streams.stream(index)
            var negative = 0, zero = 0, lockedPositive = 0, lockedNegative = 0, undecided = false
            for _ in 0..<l {
                inputSide.withUnsafeMutableBufferPointer { a in
                    if weightIsNormal {
                        for i in 0..<d { a[i] = sampler.next(&generator) * weightScale }
                    } else {
                        for i in 0..<d { a[i] = (2 * generator.nextUnit() - 1) * weightScale }
                    }
                    if m > d { a[d] = draw(biasLaw, &generator) }
                }
                for j in 0..<e { outputSide[j] = draw(outputLaw, &generator) }
                let decided: Int? = inputSide.withUnsafeBufferPointer { a in
                    outputSide.withUnsafeBufferPointer { v in
                        if let weighted {
                            if let filtered = weighted.filteredSign(a, minus: v) { return filtered }
                            tally.exactFallbacks += 1
                            return weighted.exactSign(a, minus: v)
                        }
                        if let filtered = SquaredNormDifference.filteredSign(a, minus: v) { return filtered }
                        tally.exactFallbacks += 1
                        return SquaredNormDifference.exactSign(a, minus: v)   // nil only for a non-finite draw
                    }
                }
                guard let sign = decided else { undecided = true; continue }
                if sign < 0 {
                    negative += 1
                    if e == 1 { if outputSide[0] > 0 { lockedPositive += 1 } else { lockedNegative += 1 } }
                } else if sign == 0 {
                    zero += 1
                }
            }
            if undecided {
                tally.undecidedSamples += 1
                continue
            }
            tally.samples += 1
            tally.pathologicalNeurons += negative
            tally.zeroNeurons += zero
            tally.countHistogram[negative * (l + 1) + zero, default: 0] += 1
            let multiple = zero == 0
                ? multipleByCount[negative]
                : EffectiveComponents.count(m: m, e: e, positive: l - negative - zero, negative: negative, zero: zero, reading: .topological).value > 1
            if multiple { tally.multipleEffective += 1 }
            if teacherApplies {
                for (t, teacher) in teachers.enumerated() {
                    if zero > 0 {
                        tally.teacherUnknown[t] += 1
                    } else if teacher.isObstructed(lockedPositive: lockedPositive, lockedNegative: lockedNegative, free: l - negative) {
                        tally.teacherObstructed[t] += 1
                    }
                }
            }
        }
        return tally
    }

    /// Tallies samples `0..<count` on `threads` threads. The split is by
    /// contiguous sample ranges and the tallies are integer sums, so the result
    /// does not depend on `threads`.
    public func tally(count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) -> MonteCarloTally {
        guard count > 0 else { return MonteCarloTally(teachers: teachers.count) }
        let workers = Swift.max(1, Swift.min(threads, count))
        // Enough chunks to balance two uneven cores and report progress, not so many that overhead shows.
        let chunkCount = Swift.min(count, workers * 16)
        let chunks = ChunkedRange(count: count, chunks: chunkCount)
        let tallies: [MonteCarloTally]
        if workers == 1 {
            tallies = (0..<chunks.chunks).map { chunk in
                defer { progress?(chunks.range(chunk).count) }
                return tally(samples: chunks.range(chunk))
            }
        } else {
            tallies = chunks.map { range in
                defer { progress?(range.count) }
                return tally(samples: range)
            }
        }
        var total = MonteCarloTally(teachers: teachers.count)
        for part in tallies { total.add(part) }
        return total
    }
}

extension MonteCarloTally {
    /// `P(c_k < 0)` per neuron: pathological neurons over `samples·l`. Neurons
    /// are independent within and across samples, so the binomial standard error applies.
    public func pathological(hidden l: Int) -> Estimate? {
        let trials = samples * l
        guard trials > 0 else { return nil }
        return Estimate.proportion(pathologicalNeurons, of: trials)
    }

    /// `P(more than one effective component)`.
    public var multipleEffectiveEstimate: Estimate? {
        samples > 0 ? Estimate.proportion(multipleEffective, of: samples) : nil
    }

    /// `E[#components]` with its standard error, from the `(j, z)` histogram in
    /// a fixed order (the result does not depend on how the samples were split).
    public func expectedComponents(architecture: Architecture) -> Estimate? {
        guard samples > 0 else { return nil }
        let l = architecture.hidden
        var sum = 0.0, sumSquares = 0.0
        for key in countHistogram.keys.sorted() {
            let count = Double(countHistogram[key] ?? 0)
            let negative = key / (l + 1), zero = key % (l + 1)
            let components = Foundation.pow(2, architecture.log2Components(negative: negative, positive: l - negative - zero))
            sum += count * components
            sumSquares += count * components * components
        }
        let n = Double(samples)
        let mean = sum / n
        let variance = n > 1 ? Swift.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0
        return Estimate(value: mean, standardError: (variance / n).squareRoot())
    }

    /// The teacher obstruction probability for teacher `t` (unknown samples counted as not obstructed).
    public func teacherObstruction(_ t: Int) -> Estimate? {
        samples > 0 && t < teacherObstructed.count ? Estimate.proportion(teacherObstructed[t], of: samples) : nil
    }
}

extension Estimate {
    /// A proportion `k/n` with the binomial standard error `√(p̂(1−p̂)/n)`.
    public static func proportion(_ k: Int, of n: Int) -> Estimate {
        let p = Double(k) / Double(n)
        return Estimate(value: p, standardError: (p * (1 - p) / Double(n)).squareRoot())
    }
}

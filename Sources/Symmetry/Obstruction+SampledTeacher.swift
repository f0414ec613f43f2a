import ExactNumbers
import InvariantTopology
import Randomness
import ReluNetwork

/// A teacher's targets on sampled inputs (SPEC §13.5: "a teacher: the floor on
/// its sampled data"), for inits or teachers with more than one hidden layer,
/// where the slot rule of §6.1 does not apply.
public struct SampledTeacher: Sendable {
    /// The inputs: standard normal draws rounded to multiples of 1/1024 (exact
    /// rationals, so the teacher's outputs are exact too).
    public let inputs: [[Rational]]
    /// The teacher's exact output at each input.
    public let targets: [Rational]
    public let seed: UInt64

    /// Whether the bit-operation budget stopped the sampling before `samples`.
    public let stoppedByBudget: Bool

    /// `samples` inputs of dimension `d` from `seed`; the teacher evaluated
    /// exactly, one input at a time, while `workBudget` estimated bit
    /// operations last: rational weights with large denominators make exact
    /// outputs huge; the floor on fewer inputs is still a proven floor, and
    /// with none the verdict is `unknown`.
    public init(teacher: LayeredNetwork, samples: Int, seed: UInt64, workBudget: Int = 3_000_000_000) {
        var random = SeededRandom(seed: seed)
        let d = teacher.widths[0]
        let sizes = teacher.layerSizes
        var inputs: [[Rational]] = [], targets: [Rational] = []
        var budget = workBudget
        while inputs.count < samples {
            let x = (0..<d).map { _ in Rational(Int((random.normal() * 1024).rounded())) / Rational(1024) }
            guard let output = teacher.exactOutput(at: x, sizes: sizes, budget: &budget) else { break }
            targets.append(output[0])
            inputs.append(x)
        }
        self.inputs = inputs
        self.targets = targets
        self.seed = seed
        stoppedByBudget = inputs.count < samples
    }

    /// How many inputs to sample: 256, fewer for a large teacher (exact
    /// evaluation costs one rational multiply-add per weight and input), never below 4 (one input on the wrong side already proves a floor).
    public static func sampleCount(teacherWeights: Int) -> Int {
        max(4, min(256, 20_000_000 / max(1, teacherWeights)))
    }
}

extension Obstruction {
    /// SPEC §13.5 with a teacher: the floor of §6.2 on the teacher's sampled
    /// data. Every output weight locked with one sign `s` and no output bias
    /// keep `s·f ≥ 0` along the flow, so wherever `s·teacher(x) < 0` the flow's
    /// output differs from the teacher's: a positive floor on the sample proves
    /// the teacher unreachable, with the first such input as a witness.
    public static func teacher(deep topology: DeepTopology, sample: SampledTeacher) -> DataObstruction {
        let result = data(deep: topology, targets: sample.targets, loss: .mse)
        let n = sample.targets.count
        var words = "On \(n) inputs sampled from N(0, 1) (seed \(sample.seed), rounded to multiples of 1/1024) the teacher was evaluated exactly"
            + (sample.stoppedByBudget ? " (fewer than asked: its exact outputs are large, and the work is bounded)." : ".")
        if let s = result.sign, let first = sample.targets.firstIndex(where: { $0.signum * s < 0 }) {
            let wrong = sample.targets.filter { $0.signum * s < 0 }.count
            words += " It is \(s > 0 ? "negative" : "positive") at \(wrong) of them (first: sample \(first), teacher output \(Obstruction.short(sample.targets[first]))),"
                + " a sign the init's network can never take."
        }
        let explanation = result.explanation.prefix(1).uppercased() + result.explanation.dropFirst()
        return DataObstruction(verdict: result.verdict, sign: result.sign, boundRational: result.boundRational, boundText: result.boundText,
                               samples: n, explanation: words + " " + explanation, convexFit: nil)
    }
}

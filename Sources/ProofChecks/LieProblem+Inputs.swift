import ExactNumbers
import JSONDocument
import ModelIO
import ReluNetwork

/// The given-data family of SPEC §11.2 from what `relutopo verify lie` parsed:
/// data points (a CSV's exact rows, or seeded random rationals) and a point θ
/// (a model, or seeded random rationals).
extension LieProblem {
    /// Where the data points come from.
    public enum Data: Sendable {
        /// Exact feature rows, read from `file`.
        case rows([[Rational]], file: String)
        /// `samples` random points in ℚ^inputs (seeded `p/q`, `|p| ≤ 100`, `1 ≤ q ≤ 7`).
        case random(samples: Int, inputs: Int)

        /// The number of features per point (for rows: 0 without rows).
        public var inputs: Int {
            switch self {
            case .rows(let rows, _): return rows.first?.count ?? 0
            case .random(_, let inputs): return inputs
            }
        }
    }

    /// Where the point θ comes from.
    public enum Point: Sendable {
        /// A model's neurons, hidden bias and leaky slope; `file` names it in errors.
        case model(ReluNetworkModel, file: String)
        /// `hidden` random neurons (seeded `p/q`, `|p| ≤ 100`, `1 ≤ q ≤ 7`), drawn after the random data.
        case random(hidden: Int, outputs: Int, hiddenBias: Bool)
    }

    /// The problem for `data` at `point`; random values come from one
    /// `SeededRationals(seed:)` stream, data first. A model whose `d` is not
    /// the data's width is bad input, naming the model's `W1`.
    public init(data: Data, point: Point, seed: UInt64) throws(ModelInputError) {
        var random = SeededRationals(seed: seed)
        func rational() -> Rational { random.rational(numerators: -100...100, denominators: 1...7) }
        let features: [[Rational]]
        switch data {
        case .rows(let rows, _): features = rows
        case .random(let samples, let inputs): features = (0..<samples).map { _ in (0..<inputs).map { _ in rational() } }
        }
        let d = features.first?.count ?? 0
        switch point {
        case .model(let model, let file):
            guard model.shape.inputs == d else {
                throw ModelInputError(file: file, tensor: "W1", reason: "the point has d = \(model.shape.inputs) inputs, the data \(d) features")
            }
            var slope = Rational.zero
            if case .leakyRelu(let gamma) = model.activation { slope = gamma }
            self.init(inputs: features, inputSides: (0..<model.shape.hidden).map { model.inputSide(neuron: $0) },
                      outputSides: (0..<model.shape.hidden).map { model.outputSide(neuron: $0) },
                      hiddenBias: model.shape.hasHiddenBias, slope: slope)
        case .random(let hidden, let outputs, let hiddenBias):
            let m = d + (hiddenBias ? 1 : 0)
            self.init(inputs: features, inputSides: (0..<hidden).map { _ in (0..<m).map { _ in rational() } },
                      outputSides: (0..<hidden).map { _ in (0..<outputs).map { _ in rational() } }, hiddenBias: hiddenBias)
        }
    }

    /// The exact feature rows of a data set, each value reducible modulo the
    /// prime of the rank computation (else bad input naming line and column).
    public static func rows(of dataSet: CSVDataSet, file: String) throws(ModelInputError) -> [[Rational]] {
        var rows: [[Rational]] = []
        for i in 0..<dataSet.samples {
            let row = Array(dataSet.exactRow(i))
            if let j = row.firstIndex(where: { PrimeField.element($0) == nil }) {
                throw ModelInputError(file: file, reason: "line \(dataSet.lines[i]), column \(JSONValue.quotedForMessage(dataSet.featureNames[j], limit: 60)): the denominator is a multiple of 2^61 − 1, the prime the ranks are computed modulo")
            }
            rows.append(row)
        }
        return rows
    }
}

extension ConservationLawCount {
    /// The given-data count for `data` at `point` (SPEC §11.2). Throws
    /// `ModelInputError` for bad input (the data's or the point's, given or
    /// random) and `LieComputationError` with `tooLarge` when the closure would
    /// not fit in memory.
    public static func givenData(data: LieProblem.Data, point: LieProblem.Point, seed: UInt64) throws -> ConservationLawReport {
        let problem = try LieProblem(data: data, point: point, seed: seed)
        do {
            return try givenData(problem)
        } catch {
            if error.tooLarge { throw error }
            // The data were checked when read: what is left is the point's (given or random).
            var file = "--samples"
            if case .rows(_, let dataFile) = data { file = dataFile }
            if case .model(_, let pointFile) = point { file = pointFile }
            throw ModelInputError(file: file, reason: error.description)
        }
    }
}

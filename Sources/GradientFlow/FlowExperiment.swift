import ExactNumbers
import ReluNetwork
import ModelIO
import Symmetry

/// A validation run of SPEC §9.5: an init and its data (a teacher's samples or
/// a table), a loss and a method → the flow problem (and a held-out one) →
/// the run → a report that sets the exact prediction of SPEC §6 beside the verdict.
public struct FlowExperiment: Sendable {
    public enum Data: Sendable {
        /// `samples` inputs `x ~ N(0, I)` (seeded) labelled by the teacher.
        case teacher(ReluNetworkModel, samples: Int, seed: UInt64)
        /// The rows of a table; with `testFraction > 0` a seeded share is held out.
        case table(CSVDataSet, standardise: Bool, testFraction: Double, splitSeed: UInt64)
    }

    public var initModel: ReluNetworkModel
    public var data: Data
    /// The data's file (teacher model or table), named in input errors.
    public var dataFile: String
    public var loss: FlowLoss
    public var method: FlowMethod
    public var settings: FlowSettings
    /// Gradient descent's step and heavy-ball momentum (`method == .gd`).
    public var learningRate: Double
    public var momentum: Double

    public init(initModel: ReluNetworkModel, data: Data, dataFile: String, loss: FlowLoss, method: FlowMethod,
                settings: FlowSettings, learningRate: Double = 0.01, momentum: Double = 0) {
        self.initModel = initModel
        self.data = data
        self.dataFile = dataFile
        self.loss = loss
        self.method = method
        self.settings = settings
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// Builds the problems, runs the method and reports. `progress` is called
    /// after every accepted step and crossing.
    /// - Throws: `ModelInputError` when the data do not fit the init (shape,
    ///   BCE labels) or the teacher cannot be compared; `CVODEError` when CVODE
    ///   cannot be set up.
    public func run(progress: ((FlowStep) -> Void)? = nil) throws -> FlowExperimentReport {
        let (train, test, prediction, floor) = try trainingData()
        let problem = try self.problem(train)
        let start = problem.parameters(of: initModel)
        // Held-out loss along the run (early-stopping view), when the table is split.
        let testProblem = try test.flatMap { $0.samples > 0 ? try self.problem($0) : nil }
        var testCurve: [(t: Double, loss: Double)] = testProblem.map { [(0, $0.lossValue(start))] } ?? []
        let observe: (FlowStep) -> Void = { step in
            progress?(step)
            if let testProblem { testCurve.append((step.t, testProblem.lossValue(step.parameters))) }
        }
        let runner = FlowRunner(problem: problem, settings: settings)
        let started = ContinuousClock.now
        let solution = try runner.run(from: start, method: method, descent: GradientDescent(learningRate: learningRate, momentum: momentum),
                                      progress: observe)
        let elapsed = (ContinuousClock.now - started).components
        return FlowExperimentReport(
            solution: solution, prediction: prediction, floor: floor, initialInvariants: problem.invariants(start),
            trainSamples: train.samples, testSamples: test?.samples ?? 0,
            testLoss: testProblem.map { $0.lossValue(solution.parameters) }, testCurve: testCurve,
            wallSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// The training data, the held-out data (a split table), the exact
    /// prediction and the proven floor of the training loss. For a table both
    /// are taken on the training rows: the flow never sees the held-out ones.
    func trainingData() throws -> (train: FlowData, test: FlowData?, prediction: ObstructionVerdict, floor: LossFloor) {
        let lossKind: LossKind = loss == .bce ? .bce : .mse
        switch data {
        case .teacher(let teacher, let samples, let seed):
            let train = FlowData.teacher(teacher, samples: samples, seed: seed)
            let prediction = try Obstruction.teacher(initModel: initModel, teacher: teacher).verdict
            // SPEC §6.2–§6.3 hold for any targets, so also for the teacher's (binary64, exact as they are).
            let targets = train.targets.compactMap { Rational(exactly: $0) }
            let floor = targets.count == train.targets.count
                ? LossFloor(Obstruction.data(initModel: initModel, targets: targets, loss: lossKind, features: train.inputs), loss: loss)
                : LossFloor(value: nil, exact: nil, explanation: "the teacher's outputs on the samples are not all finite")
            return (train, nil, prediction, floor)
        case .table(let table, let standardise, let testFraction, let splitSeed):
            let raw = FlowData.csv(table)
            let all = standardise ? raw.standardised() : raw
            var train = all, test: FlowData? = nil
            if testFraction > 0 {
                let rows = FlowData.splitRows(samples: all.samples, testFraction: testFraction, seed: splitSeed)
                (train, test) = (all.rows(rows.train), all.rows(rows.test))
            }
            // The data the flow trains on: binary64 inputs (standardised if asked) and
            // binary64 targets, each an exact dyadic rational. A floor taken on the
            // CSV's exact decimals could exceed a loss the run reaches (1e16 + 1 is 1e16 here).
            let targets = train.targets.compactMap { Rational(exactly: $0) }
            let obstruction = Obstruction.data(initModel: initModel, targets: targets, loss: lossKind, features: train.inputs)
            return (train, test, obstruction.verdict, LossFloor(obstruction, loss: loss))
        }
    }

    /// The flow problem of `data` for the init's architecture and activation.
    func problem(_ data: FlowData) throws(ModelInputError) -> FlowProblem {
        let shape = initModel.shape
        guard data.d == shape.inputs, data.e == shape.outputs else {
            throw ModelInputError(file: dataFile, reason: "the data have d = \(data.d), e = \(data.e); the init has d = \(shape.inputs), e = \(shape.outputs)")
        }
        if loss == .bce, !(shape.outputs == 1 && data.targets.allSatisfy({ $0 == 0 || $0 == 1 })) {
            throw ModelInputError(file: dataFile, reason: "bce needs one output and labels 0 or 1")
        }
        let slope: Double
        switch initModel.activation {
        case .relu: slope = 0
        case .leakyRelu(let gamma): slope = gamma.doubleValue
        }
        return FlowProblem(inputs: data.inputs, targets: data.targets, samples: data.samples, d: shape.inputs, l: shape.hidden,
                           e: shape.outputs, hiddenBias: shape.hasHiddenBias, outputBias: shape.hasOutputBias, loss: loss, slope: slope)
    }
}

import ExactNumbers
import InvariantTopology
import ReluNetwork
import ModelIO
import Symmetry

/// A validation run of SPEC §9.5: an init and its data (a teacher's samples or
/// a table), a loss and a method → the flow problem (and a held-out one) →
/// the run → a report that sets the exact prediction of SPEC §6 (§13.5 for
/// deeper inits) beside the verdict.
public struct FlowExperiment: Sendable {
    public enum Data: Sendable {
        /// `samples` inputs `x ~ N(0, I)` (seeded) labelled by the teacher.
        case teacher(LayeredNetwork, samples: Int, seed: UInt64)
        /// The rows of a table; with `testFraction > 0` a seeded share is held out.
        case table(CSVDataSet, standardise: Bool, testFraction: Double, splitSeed: UInt64)
    }

    /// Which problem integrates the flow.
    public enum Engine: String, Sendable {
        /// `FlowProblem` for one hidden layer (the benchmarked kernels), `DeepFlowProblem` deeper.
        case automatic
        /// `DeepFlowProblem` at every depth (with one hidden layer it computes the same numbers).
        case deep
    }

    public var network: LayeredNetwork
    public var data: Data
    /// The data's file (teacher model or table), named in input errors.
    public var dataFile: String
    public var loss: FlowLoss
    public var method: FlowMethod
    public var settings: FlowSettings
    /// Gradient descent's step and heavy-ball momentum (`method == .gd`).
    public var learningRate: Double
    public var momentum: Double
    /// Adam's `β1`, `β2` and `ε` (`method == .adam`).
    public var betas = (0.9, 0.999)
    public var epsilon = 1e-8

    /// The finite-step stepper of `method` (gd, momentum, adam).
    public var descent: GradientDescent {
        if method == .adam {
            return GradientDescent(learningRate: learningRate, rule: .adam(beta1: betas.0, beta2: betas.1, epsilon: epsilon))
        }
        return GradientDescent(learningRate: learningRate, momentum: momentum)
    }
    /// L2 weight decay λ (not on the output bias, SPEC §2).
    public var weightDecay = 0.0
    public var engine = Engine.automatic

    public init(network: LayeredNetwork, data: Data, dataFile: String, loss: FlowLoss, method: FlowMethod,
                settings: FlowSettings, learningRate: Double = 0.01, momentum: Double = 0) {
        self.network = network
        self.data = data
        self.dataFile = dataFile
        self.loss = loss
        self.method = method
        self.settings = settings
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// A one-hidden-layer init.
    public init(initModel: ReluNetworkModel, data: Data, dataFile: String, loss: FlowLoss, method: FlowMethod,
                settings: FlowSettings, learningRate: Double = 0.01, momentum: Double = 0) {
        self.init(network: LayeredNetwork(initModel), data: data, dataFile: dataFile, loss: loss, method: method,
                  settings: settings, learningRate: learningRate, momentum: momentum)
    }

    /// Whether `DeepFlowProblem` integrates this run: deeper networks, and any
    /// training setup other than plain gradient flow (SPEC §14; `network.law`).
    public var usesDeepProblem: Bool { engine == .deep || network.depth > 2 || !network.law.isGradientFlow }

    /// `p` of a `max(0, z)^p` activation with `p > 1` (SPEC §14.3), else nil.
    public var activationPower: Double? {
        network.law.power > Rational(1) ? network.law.power.doubleValue : nil
    }

    /// The setup's law holds (SPEC §14.4): with unequal per-layer decay there
    /// is none, the run is a numeric experiment and nothing is predicted.
    public var lawHolds: Bool { network.law.hasLaw }

    /// Builds the problems, runs the method and reports. `progress` is called
    /// after every accepted step and crossing.
    /// - Throws: `ModelInputError` when the data do not fit the init (shape,
    ///   BCE labels) or the teacher cannot be compared; `CVODEError` when CVODE
    ///   cannot be set up.
    public func run(progress: ((FlowStep) -> Void)? = nil) throws -> FlowExperimentReport {
        let prepared = try trainingData(predict: lawHolds)
        if usesDeepProblem {
            let topology = try DeepTopology(network: network)
            var problem = try deepProblem(prepared.train)
            problem.locks = locks(topology, problem)
            let testProblem = try prepared.test.flatMap { $0.samples > 0 ? try deepProblem($0, penalised: false) : nil }
            let start = problem.parameters(of: network)
            var report: FlowExperimentReport
            if let power = activationPower {
                // SPEC §14.3: relu^p, p > 1, a C¹ field (no kinks), not projected.
                report = try run(PowerReluFlowProblem(problem, power: power), testProblem.map { PowerReluFlowProblem($0, power: power) },
                                 start: start, prepared, progress: progress)
            } else {
                report = try run(problem, testProblem, start: start, prepared, progress: progress)
            }
            report.lawHolds = lawHolds
            report.deep = DeepFlowSummary(widths: network.widths, locked: problem.locks.map { ($0.name, start[$0.index] > 0 ? 1 : -1) },
                                          topologicalLocks: topology.lockedCount)
            return report
        }
        let initModel = try network.twoLayerModel()
        let problem = try twoLayerProblem(prepared.train, initModel)
        let testProblem = try prepared.test.flatMap { $0.samples > 0 ? try twoLayerProblem($0, initModel, penalised: false) : nil }
        return try run(problem, testProblem, start: problem.parameters(of: initModel), prepared, progress: progress)
    }

    /// The run on either problem.
    func run<Problem: FlowModel>(_ problem: Problem, _ testProblem: Problem?, start: [Double], _ prepared: PreparedData,
                                 progress: ((FlowStep) -> Void)?) throws -> FlowExperimentReport {
        // Held-out loss along the run (early-stopping view), when the table is split.
        var testCurve: [(t: Double, loss: Double)] = testProblem.map { [(0, $0.lossValue(start))] } ?? []
        let observe: (FlowStep) -> Void = { step in
            progress?(step)
            if let testProblem { testCurve.append((step.t, testProblem.lossValue(step.parameters))) }
        }
        var settings = self.settings
        if activationPower != nil { settings.project = false }   // relu^p's rescaling is not the orbit of SPEC §9.3
        if !lawHolds {
            // SPEC §14.4: no c is conserved, so none is projected onto or held against a tolerance.
            settings.project = false
            settings.driftTolerance = .infinity
        }
        let runner = FlowRunner(problem: problem, settings: settings)
        let started = ContinuousClock.now
        let solution = try runner.run(from: start, method: method, descent: descent, progress: observe)
        let elapsed = (ContinuousClock.now - started).components
        var report = FlowExperimentReport(
            solution: solution, prediction: prepared.prediction, floor: prepared.floor, initialInvariants: problem.invariants(start),
            trainSamples: prepared.train.samples, testSamples: prepared.test?.samples ?? 0,
            testLoss: testProblem.map { $0.lossValue(solution.parameters) }, testCurve: testCurve,
            wallSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        report.learningRate = learningRate
        report.method = method
        return report
    }

    /// The training data, the held-out data (a split table), the exact
    /// prediction and the proven floor of the training loss.
    struct PreparedData {
        let train: FlowData
        let test: FlowData?
        let prediction: ObstructionVerdict
        let floor: LossFloor
    }

    /// For a table the prediction and the floor are taken on the training rows:
    /// the flow never sees the held-out ones. For a teacher, on the samples the
    /// flow trains on (SPEC §13.5: "a teacher: the floor on its sampled data").
    /// Without `predict` (a setup with no law, SPEC §14.4) the same data and
    /// split, no prediction and no floor: nothing is computed that cannot hold.
    func trainingData(predict: Bool = true) throws -> PreparedData {
        let notApplicable = LossFloor(value: nil, exact: nil,
                                      explanation: "not applicable: the layers decay at different rates η_h·λ_h, so gradient flow conserves no c (docs/THEORY.md §14.4)")
        let lossKind: LossKind = loss == .bce ? .bce : .mse
        switch data {
        case .teacher(let teacher, let samples, let seed):
            try checkTeacher(teacher)
            let train: FlowData
            if teacher.depth == 2 {
                train = FlowData.teacher(try teacher.twoLayerModel(), samples: samples, seed: seed)
            } else {
                train = FlowData.teacher(network: teacher, samples: samples, seed: seed)
            }
            guard predict else { return PreparedData(train: train, test: nil, prediction: .unknown, floor: notApplicable) }
            // SPEC §6.2–§6.3 hold for any targets, so also for the teacher's (binary64, exact as they are).
            let targets = train.targets.compactMap { Rational(exactly: $0) }
            guard targets.count == train.targets.count else {
                let none = LossFloor(value: nil, exact: nil, explanation: "the teacher's outputs on the samples are not all finite")
                return PreparedData(train: train, test: nil, prediction: .unknown, floor: none)
            }
            if network.depth == 2 && teacher.depth == 2 {
                let initModel = try network.twoLayerModel()
                let prediction = try Obstruction.teacher(initModel: initModel, teacher: try teacher.twoLayerModel()).verdict
                let floor = LossFloor(Obstruction.data(initModel: initModel, targets: targets, loss: lossKind, features: train.inputs), loss: loss)
                return PreparedData(train: train, test: nil, prediction: prediction, floor: floor)
            }
            let obstruction = try dataObstruction(targets: targets, features: train.inputs, loss: lossKind)
            return PreparedData(train: train, test: nil, prediction: obstruction.verdict, floor: LossFloor(obstruction, loss: loss))
        case .table(let table, let standardise, let testFraction, let splitSeed):
            let raw = FlowData.csv(table)
            let all = standardise ? raw.standardised() : raw
            var train = all, test: FlowData? = nil
            if testFraction > 0 {
                let rows = FlowData.splitRows(samples: all.samples, testFraction: testFraction, seed: splitSeed)
                (train, test) = (all.rows(rows.train), all.rows(rows.test))
            }
            guard predict else { return PreparedData(train: train, test: test, prediction: .unknown, floor: notApplicable) }
            // The data the flow trains on: binary64 inputs (standardised if asked) and
            // binary64 targets, each an exact dyadic rational. A floor taken on the
            // CSV's exact decimals could exceed a loss the run reaches (1e16 + 1 is 1e16 here).
            let targets = train.targets.compactMap { Rational(exactly: $0) }
            let obstruction = try dataObstruction(targets: targets, features: train.inputs, loss: lossKind)
            return PreparedData(train: train, test: test, prediction: obstruction.verdict, floor: LossFloor(obstruction, loss: loss))
        }
    }

    /// SPEC §6.2–§6.3 with one hidden layer, §13.5 deeper.
    func dataObstruction(targets: [Rational], features: [Double], loss lossKind: LossKind) throws -> DataObstruction {
        if network.depth == 2 {
            return Obstruction.data(initModel: try network.twoLayerModel(), targets: targets, loss: lossKind, features: features)
        }
        return Obstruction.data(deep: try DeepTopology(network: network), targets: targets, loss: lossKind)
    }

    /// The name of `W_h` as read (`W3`, `2.weight`).
    func weightName(_ network: LayeredNetwork, _ h: Int) -> String {
        network.tensorNames?[h - 1].weights ?? network.layers[h - 1].weights.name
    }

    /// A teacher must map the init's inputs to its outputs.
    func checkTeacher(_ teacher: LayeredNetwork) throws(ModelInputError) {
        let (d, e) = (network.widths[0], network.widths[network.depth])
        if teacher.widths[0] != d {
            throw ModelInputError(file: dataFile, tensor: weightName(teacher, 1),
                                  reason: "the teacher takes \(teacher.widths[0]) inputs, the init \(network.source) takes d = \(d) (\(weightName(network, 1)) has \(d) columns)")
        }
        if teacher.widths[teacher.depth] != e {
            throw ModelInputError(file: dataFile, tensor: weightName(teacher, teacher.depth),
                                  reason: "the teacher has \(teacher.widths[teacher.depth]) outputs, the init \(network.source) has e = \(e) (\(weightName(network, network.depth)) has \(e) rows)")
        }
    }

    /// The shape and label checks every problem shares.
    func checkData(_ data: FlowData) throws(ModelInputError) {
        let (d, e) = (network.widths[0], network.widths[network.depth])
        if data.d != d {
            throw ModelInputError(file: dataFile, reason: "the data have d = \(data.d) inputs; the init \(network.source) has d = \(d) (\(weightName(network, 1)) has \(d) columns)")
        }
        if data.e != e {
            throw ModelInputError(file: network.source, tensor: weightName(network, network.depth),
                                  reason: "the init has e = \(e) outputs (rows of \(weightName(network, network.depth))); the data \(dataFile) have \(data.e)")
        }
        if loss == .bce, !(e == 1 && data.targets.allSatisfy({ $0 == 0 || $0 == 1 })) {
            throw ModelInputError(file: dataFile, reason: "bce needs one output and labels 0 or 1")
        }
    }

    /// Leaky-ReLU slope γ of the init's activation.
    var slope: Double {
        switch network.activation {
        case .relu: return 0
        case .leakyRelu(let gamma): return gamma.doubleValue
        }
    }

    /// The one-hidden-layer problem of `data` for the init; `penalised: false`
    /// leaves out the weight decay (a held-out loss is the data's loss alone).
    func twoLayerProblem(_ data: FlowData, _ initModel: ReluNetworkModel, penalised: Bool = true) throws(ModelInputError) -> FlowProblem {
        try checkData(data)
        let shape = initModel.shape
        return FlowProblem(inputs: data.inputs, targets: data.targets, samples: data.samples, d: shape.inputs, l: shape.hidden,
                           e: shape.outputs, hiddenBias: shape.hasHiddenBias, outputBias: shape.hasOutputBias, loss: loss, slope: slope,
                           weightDecay: penalised ? weightDecay : 0)
    }

    /// The problem of `data` for the init, any depth, under the init's training setup (SPEC §14);
    /// `penalised: false` leaves out every decay (a held-out loss is the data's loss alone).
    func deepProblem(_ data: FlowData, penalised: Bool = true) throws(ModelInputError) -> DeepFlowProblem {
        try checkData(data)
        var problem = DeepFlowProblem(inputs: data.inputs, targets: data.targets, samples: data.samples, widths: network.widths,
                                      bias: (1...network.depth).map { network.hasBias($0) }, loss: loss, slope: slope,
                                      weightDecay: penalised ? weightDecay : 0)
        if penalised && !network.law.isGradientFlow { problem.coordinateLaw = FlowExperiment.coordinateLaw(network.law, problem.layout) }
        return problem
    }

    /// SPEC §14 per coordinate: layer h's weights and bias have rate `η_h` and
    /// multiplier `ρ_h`; the output weights of the last hidden layer's neuron k
    /// also `λ_k`; decay `λ_h` on all but the output bias.
    static func coordinateLaw(_ law: TrainingLaw, _ layout: DeepParameterLayout) -> CoordinateLaw {
        let count = layout.dimension, L = layout.depth
        var rates = [Double](repeating: 1, count: count), multipliers = rates, decays = [Double](repeating: 0, count: count)
        for h in 1...L {
            let end = h < L ? layout.weightOffset[h] : count
            let rate = law.learningRates?[h - 1].doubleValue ?? 1
            let multiplier = (law.multipliers?[h - 1].doubleValue ?? 1).squareRoot()
            let decay = law.weightDecays?[h - 1].doubleValue ?? 0
            for index in layout.weightOffset[h - 1]..<end {
                rates[index] = rate
                multipliers[index] = multiplier
                decays[index] = index < layout.decayedCount ? decay : 0
            }
        }
        if let nodeScales = law.nodeScales {
            let last = layout.widths[L - 1]
            for o in 0..<layout.widths[L] {
                for k in 0..<last { multipliers[layout.weight(L, o, k)] *= nodeScales[k].doubleValue }
            }
        }
        return CoordinateLaw(rates: rates, multipliers: multipliers, decays: decays, decayed: 0..<layout.decayedCount)
    }

    /// The locks of the flow from the init (SPEC §13.3–§13.4, exact), as θ
    /// indices and names, for the session's sign monitor; a coordinate that is
    /// 0 in binary64 has no sign to watch and is left out.
    func locks(_ topology: DeepTopology, _ problem: DeepFlowProblem) -> [(index: Int, name: String)] {
        let start = problem.parameters(of: network)
        return topology.flowLocked.compactMap { lock, _ in
            let row = lock.index[0], column = lock.index[1]
            let index = column < 0 ? problem.layout.biasOffset[lock.layer - 1] + row : problem.layout.weight(lock.layer, row, column)
            guard start[index] != 0 else { return nil }
            let place = network.coordinate(lock)
            return (index, "\(place.name)[\(place.index.map(String.init).joined(separator: ", "))]")
        }
    }
}

/// What a deep run adds to its report: the architecture and the locked
/// coordinates whose signs were monitored (SPEC §13.3, §9.4).
public struct DeepFlowSummary: Sendable {
    /// `[d, n_1, …, e]`.
    public let widths: [Int]
    /// The monitored locks (those of the flow's piece, SPEC §13.4): name and sign at t = 0.
    public let locked: [(name: String, sign: Int)]
    /// `q` of the invariant set (topological reading).
    public let topologicalLocks: Int
}

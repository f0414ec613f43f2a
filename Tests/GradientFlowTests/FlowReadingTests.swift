import Foundation
import Testing
import ModelIO
import ReluNetwork
@testable import GradientFlow

/// What reads a run beside its verdict: the loss trend at the end, the proven
/// floor of the loss (SPEC §6.2), and gradient descent's recorded path.
@Suite struct LossTrendTests {
    func trajectory(_ points: [(Double, Double)]) -> FlowTrajectory {
        var trajectory = FlowTrajectory()
        trajectory.lossCurve = points.map { (t: $0.0, loss: $0.1) }
        return trajectory
    }

    /// Window [9, 10]: L(9) = 8 + (4/5)(4 − 8) = 4.8 by linear interpolation; change (4 − 4.8)/4.8 = −1/6, slope −0.8.
    @Test func interpolatesTheWindowStart() throws {
        let trend = try #require(trajectory([(0, 10), (5, 8), (10, 4)]).trend())
        #expect(trend.fromT == 9 && trend.toT == 10)
        #expect(abs(trend.fromLoss - 4.8) < 1e-15)
        #expect(abs(trend.relativeChange - (-1.0 / 6)) < 1e-15)
        #expect(abs(trend.slope - (-0.8)) < 1e-14)
        #expect(trend.direction == .falling)
    }

    @Test func flatAndRising() throws {
        // A recorded point exactly at the window start is taken as it is.
        let flat = try #require(trajectory([(0, 2), (9, 1), (10, 1)]).trend())
        #expect(flat.fromLoss == 1 && flat.relativeChange == 0 && flat.direction == .flat)
        // L(9) = 1 − 0.9·5e-6; change −5e-7 relative: below the 1e-4 threshold.
        #expect(try #require(trajectory([(0, 1), (10, 1 - 5e-6)]).trend()).direction == .flat)
        // L(9) = 1.9, change (2 − 1.9)/1.9 ≈ +5.3 %.
        let rising = try #require(trajectory([(0, 1), (10, 2)]).trend())
        #expect(abs(rising.relativeChange - 0.1 / 1.9) < 1e-15 && rising.direction == .rising)
        // The whole span: from the first point.
        #expect(try #require(trajectory([(0, 4), (2, 1)]).trend(overLast: 1)).fromLoss == 4)
    }

    @Test func noTrendWithoutASpanOrFiniteLosses() {
        #expect(trajectory([]).trend() == nil)
        #expect(trajectory([(0, 1)]).trend() == nil)
        #expect(trajectory([(0, 1), (0, 1)]).trend() == nil)
        #expect(trajectory([(0, 1), (10, .nan)]).trend() == nil)
        #expect(trajectory([(0, 1), (10, .infinity)]).trend() == nil)
        #expect(trajectory([(0, 0), (10, 0)]).trend() == nil)
    }
}

/// x = (1, 0), (0, 1), (1, 1), (−1, 0.5), (0.3, −0.7), y = relu(x1 + x2) except the last three rows,
/// and a direct evaluation of the two-neuron toy's MSE on them.
let toyTable = "x1,x2,y\n1,0,1\n0,1,-2\n1,1,3\n-1,0.5,0.5\n0.3,-0.7,0\n"
let toyTableRows: [(x: [Double], y: Double)] = [([1, 0], 1), ([0, 1], -2), ([1, 1], 3), ([-1, 0.5], 0.5), ([0.3, -0.7], 0)]

/// `(1/2n) Σ_i (Σ_k v_k relu(w_k · x_i) − y_i)²` for l = 2, d = 2, no biases; θ = (w_0, w_1, v).
func toyMSE(_ theta: [Double], _ rows: [(x: [Double], y: Double)]) -> Double {
    var sum = 0.0
    for (x, y) in rows {
        var f = 0.0
        for k in 0..<2 { f += theta[4 + k] * max(0, theta[2 * k] * x[0] + theta[2 * k + 1] * x[1]) }
        sum += (f - y) * (f - y)
    }
    return sum / Double(2 * rows.count)
}

@Suite struct GradientDescentTrajectoryTests {
    /// Gradient descent records the start and every step (t = n·η), like the integrators:
    /// 1/0.01 = 100 steps, 101 points; the first loss is the init's, computed directly;
    /// with a small step the loss never rises (descent lemma).
    @Test(arguments: [0.0, 0.5])
    func recordsEveryStep(momentum: Double) throws {
        let inputs = toyTableRows.flatMap(\.x), targets = toyTableRows.map(\.y)
        let problem = FlowProblem(inputs: inputs, targets: targets, samples: 5, d: 2, l: 2, e: 1,
                                  hiddenBias: false, outputBias: false, loss: .mse)
        var settings = FlowSettings(tMax: 1)
        settings.stopAtVerdict = false
        let solution = FlowRunner(problem: problem, settings: settings)
            .run(from: goodInit, with: GradientDescent(learningRate: 0.01, momentum: momentum))
        let curve = solution.trajectory.lossCurve
        #expect(curve.count == 101)
        #expect(curve[0].t == 0 && abs(curve[0].loss - toyMSE(goodInit, toyTableRows)) <= 1e-15 * curve[0].loss)
        #expect(abs(curve[100].t - 1) < 1e-12 && abs(curve[37].t - 0.37) < 1e-12)
        if momentum == 0 { #expect(zip(curve, curve.dropFirst()).allSatisfy { $1.loss <= $0.loss }) }
        #expect(curve[100].loss < curve[0].loss)
        #expect(abs(curve[100].loss - toyMSE(solution.parameters, toyTableRows)) <= 1e-14)
        // One neuron path point per recorded loss.
        #expect(solution.trajectory.neuronPaths.count == 2 && solution.trajectory.neuronPaths.allSatisfy { $0.count == 101 })
    }
}

@Suite struct LossFloorTests {
    func experiment(_ initJSON: String, table: String, loss: FlowLoss, testFraction: Double = 0, splitSeed: UInt64 = 0,
                    method: FlowMethod = .dopri5, tMax: Double = 1) throws -> FlowExperiment {
        let initModel = try ModelJSONReader.parse(Array(initJSON.utf8), file: "init.json")
        let data = try CSVDataSet.parse(Array(table.utf8), file: "d.csv", target: "y", inputs: 2)
        return FlowExperiment(initModel: initModel, data: .table(data, standardise: false, testFraction: testFraction, splitSeed: splitSeed),
                              dataFile: "d.csv", loss: loss, method: method, settings: FlowSettings(tMax: tMax))
    }

    static let obstructed = #"{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}"#
    static let good = #"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#

    /// Both outputs locked negative: f ≤ 0, so MSE ≥ (1/2n)·Σ_{y > 0} y² = (1 + 9 + 0.25)/10 = 41/40.
    @Test func mseFloorOfTheWholeTable() throws {
        let report = try experiment(LossFloorTests.obstructed, table: toyTable, loss: .mse).run()
        #expect(report.floor.exact == "41/40" && report.floor.value == 1.025)
        #expect(report.solution.finalLoss >= 1.025)
        #expect(report.prediction == .obstructed)
    }

    /// With a split the flow trains on some rows only: the floor is that of the training rows
    /// ((1/2n_train)·Σ_{train, y > 0} y² from the split the run trains on), not of the table.
    @Test func mseFloorOfTheTrainingRows() throws {
        let table = try CSVDataSet.parse(Array(toyTable.utf8), file: "d.csv", target: "y", inputs: 2)
        for seed: UInt64 in [1, 2, 3, 4] {
            let train = FlowData.csv(table).split(testFraction: 0.4, seed: seed).train
            let expected = train.targets.filter { $0 > 0 }.reduce(0) { $0 + $1 * $1 } / Double(2 * train.samples)
            let report = try experiment(LossFloorTests.obstructed, table: toyTable, loss: .mse, testFraction: 0.4, splitSeed: seed).run()
            #expect(report.trainSamples == 3 && report.testSamples == 2)
            #expect(abs((report.floor.value ?? 0) - expected) <= 1e-15 * expected, "seed \(seed)")
            #expect(report.solution.finalLoss >= expected)
        }
        // The seeds give floors other than the whole table's, so the test can tell the two apart.
        let floors = try [UInt64(1), 2, 3, 4].map { try experiment(LossFloorTests.obstructed, table: toyTable, loss: .mse, testFraction: 0.4, splitSeed: $0).run().floor.value }
        #expect(floors.contains { $0 != 1.025 })
    }

    /// BCE with f ≤ 0: each of the 2 samples labelled 1 costs ≥ log 2, over n = 5: (2/5)·log 2.
    @Test func bceFloor() throws {
        let table = "x1,x2,y\n1,0,1\n0,1,0\n1,1,1\n-1,0.5,0\n0.3,-0.7,0\n"
        let report = try experiment(LossFloorTests.obstructed, table: table, loss: .bce).run()
        #expect(report.floor.exact == "2/5·log 2")
        #expect(abs((report.floor.value ?? 0) - 0.4 * log(2.0)) <= 1e-16)
        #expect(report.solution.finalLoss >= 0.4 * log(2.0))
    }

    /// Free neurons (c_k > 0) let f take either sign: no floor, and the reason is the obstruction's.
    @Test func noFloorSaysWhy() throws {
        let report = try experiment(LossFloorTests.good, table: toyTable, loss: .mse).run()
        #expect(report.floor.value == nil && report.floor.exact == nil)
        #expect(report.floor.explanation.contains("no output weight is locked"))
    }

    /// Teacher data: the floor of SPEC §6.2 on the teacher's samples, (1/2n)·Σ y² (every y ≥ 0),
    /// and the obstructed toy's flow stalls on it.
    @Test func teacherFloorIsWhereTheObstructedToyStalls() throws {
        let (_, expected) = try toyProblem()
        let teacher = try ModelJSONReader.parse(Array(#"{"W1": [[1, 1]], "W2": [[1]]}"#.utf8), file: "teacher.json")
        let initModel = try ModelJSONReader.parse(Array(LossFloorTests.obstructed.utf8), file: "init.json")
        let report = try FlowExperiment(initModel: initModel, data: .teacher(LayeredNetwork(teacher), samples: 100, seed: 0), dataFile: "teacher.json",
                                        loss: .mse, method: .dopri5, settings: FlowSettings(tMax: 100)).run()
        let floor = try #require(report.floor.value)
        #expect(abs(floor - expected) <= 1e-14 * expected)
        #expect(report.solution.verdict == .stalled)
        // On it to rounding (binary64 losses of an exact bound: a few ulps either side).
        #expect(abs(report.solution.finalLoss - floor) <= 1e-7 * floor, "\(report.solution.finalLoss) against \(floor)")
        #expect(report.trend?.direction == .flat)
    }
}

import ExactNumbers
import Foundation
import Randomness
import ModelIO
import ReluNetwork

/// Data for a flow: inputs `n × d` and targets `n × e`, row-major.
public struct FlowData: Sendable {
    public var inputs: [Double]
    public var targets: [Double]
    public let samples: Int, d: Int, e: Int

    public init(inputs: [Double], targets: [Double], samples: Int, d: Int, e: Int) {
        self.inputs = inputs
        self.targets = targets
        self.samples = samples
        self.d = d
        self.e = e
    }

    /// The features and the (single) target of a data set read by
    /// `CSVDataSet.read`, whose rule (finite numbers within binary64's range,
    /// no empty cells, one width) every command shares.
    public static func csv(_ data: CSVDataSet) -> FlowData {
        FlowData(inputs: data.features, targets: data.targets, samples: data.samples, d: data.featureCount,
                 e: data.targetName == nil ? 0 : 1)
    }

    /// z-score every feature with the population standard deviation (ddof = 0),
    /// as the SciPy reference does; constant columns are centred only.
    public func standardised() -> FlowData {
        var result = self
        for j in 0..<d {
            var mean = 0.0
            for i in 0..<samples { mean += inputs[i * d + j] }
            mean /= Double(samples)
            var variance = 0.0
            for i in 0..<samples { variance += (inputs[i * d + j] - mean) * (inputs[i * d + j] - mean) }
            let sd = (variance / Double(samples)).squareRoot()
            for i in 0..<samples { result.inputs[i * d + j] = sd > 0 ? (inputs[i * d + j] - mean) / sd : inputs[i * d + j] - mean }
        }
        return result
    }

    /// A seeded shuffle split: `(train, test)` with `testFraction` of the rows in test.
    public func split(testFraction: Double, seed: UInt64) -> (train: FlowData, test: FlowData) {
        let rows = FlowData.splitRows(samples: samples, testFraction: testFraction, seed: seed)
        return (self.rows(rows.train), self.rows(rows.test))
    }

    /// The rows of `split`: a seeded shuffle of `0..<samples`, its first
    /// `round(samples · testFraction)` held out (so exact targets can follow the same split).
    public static func splitRows(samples: Int, testFraction: Double, seed: UInt64) -> (train: ArraySlice<Int>, test: ArraySlice<Int>) {
        var order = Array(0..<samples)
        var random = SeededRandom(seed: seed)
        for i in stride(from: samples - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let testCount = Int((Double(samples) * testFraction).rounded())
        return (order[testCount...], order[..<testCount])
    }

    /// These rows, in this order.
    public func rows(_ rows: ArraySlice<Int>) -> FlowData {
        FlowData(inputs: rows.flatMap { inputs[($0 * d)..<($0 * d + d)] }, targets: rows.flatMap { targets[($0 * e)..<($0 * e + e)] },
                 samples: rows.count, d: d, e: e)
    }

    /// `samples` inputs `x ~ N(0, I_d)` (seeded, the draws of `teacher(_:samples:seed:)`)
    /// labelled by a teacher of any depth, evaluated in binary64.
    public static func teacher(network: LayeredNetwork, samples: Int, seed: UInt64) -> FlowData {
        var random = SeededRandom(seed: seed)
        let d = network.widths[0]
        let x = (0..<samples).map { _ in (0..<d).map { _ in random.normal() } }
        let y = network.evaluate(x)
        return FlowData(inputs: x.flatMap { $0 }, targets: y.flatMap { $0 }, samples: samples, d: d, e: network.widths[network.depth])
    }

    /// `samples` inputs `x ~ N(0, I_d)` (seeded) labelled by the teacher network.
    public static func teacher(_ model: ReluNetworkModel, samples: Int, seed: UInt64) -> FlowData {
        var random = SeededRandom(seed: seed)
        let d = model.shape.inputs
        let x = (0..<samples).map { _ in (0..<d).map { _ in random.normal() } }
        let y = model.evaluate(x)
        return FlowData(inputs: x.flatMap { $0 }, targets: y.flatMap { $0 }, samples: samples, d: d, e: model.shape.outputs)
    }
}

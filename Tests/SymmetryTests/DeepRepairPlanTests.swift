import Testing
import ExactNumbers
import ModelIO
import ReluNetwork
@testable import Symmetry
import TestSupport

/// SPEC §13.7: the plan's t is the smallest that works, checked by scaling the
/// network by hand (every W_h by 2^{t(L+1−2h)}, every b_h by 2^{tσ_h}) and
/// recomputing every c from scratch.
@Suite struct DeepRepairPlanTests {
    func scaled(_ network: LayeredNetwork, t: Int) throws -> LayeredNetwork {
        let L = network.depth
        func json(_ tensor: Tensor, _ exponent: Int, rows: Int, columns: Int?) -> String {
            let values = (0..<tensor.values.count).map { "\"\(tensor.exactValue(at: $0).timesPowerOfTwo(exponent))\"" }
            guard let columns else { return "[" + values.joined(separator: ", ") + "]" }
            return "[" + (0..<rows).map { "[" + values[($0 * columns)..<(($0 + 1) * columns)].joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
        }
        let layers = network.layers.enumerated().map { index, layer -> String in
            let h = index + 1
            let w = json(layer.weights, t * (L + 1 - 2 * h), rows: network.widths[h], columns: network.widths[h - 1])
            let b = layer.bias.map { ", \"b\": " + json($0, t * h * (L - h), rows: 0, columns: nil) } ?? ""
            return "{\"W\": \(w)\(b)}"
        }
        return try ModelJSONReader.parseLayered(Array(("{\"layers\": [" + layers.joined(separator: ", ") + "]}").utf8), file: "scaled.json")
    }

    @Test func smallestTMakesEveryCPositive() throws {
        var random = TestRandom(404)
        var positiveT = 0
        for _ in 0..<60 {
            let depth = 3 + random.next(2)
            let widths = [1 + random.next(3)] + (1..<depth).map { _ in 1 + random.next(3) } + [1]
            func row(_ n: Int) -> String { "[" + (0..<n).map { _ in "\"\(random.rational())\"" }.joined(separator: ", ") + "]" }
            let layers = (1...depth).map { h in "{\"W\": [" + (0..<widths[h]).map { _ in row(widths[h - 1]) }.joined(separator: ", ") + "]" + (random.next(2) == 0 ? ", \"b\": " + row(widths[h]) : "") + "}" }
            let network = try ModelJSONReader.parseLayered(Array(("{\"layers\": [" + layers.joined(separator: ", ") + "]}").utf8), file: "t.json")
            let plan = DeepRepairPlan.plan(network, invariants: try network.invariants())
            func allPositive(_ t: Int) throws -> Bool {
                try scaled(network, t: t).invariants().joined().allSatisfy { $0.inputSideIsZero || $0.c.signum > 0 }
            }
            #expect(try allPositive(plan.t))
            if plan.t > 0 {
                positiveT += 1
                #expect(try !allPositive(plan.t - 1))
            }
        }
        #expect(positiveT >= 10)
    }
}

import Testing
import ExactNumbers
import ModelIO
import ReluNetwork
@testable import InvariantTopology

/// SPEC §14.6: drift, q(t) and the first sign change of each coordinate
/// locked at the first checkpoint, on series built by hand.
@Suite struct CheckpointTraceTests {
    func network(_ json: String) throws -> LayeredNetwork {
        try ModelJSONReader.parseLayered(Array(json.utf8), file: "t.json")
    }

    /// 2 → 2 → 2 → 1 with W3 = [[w, −1]]: layer-2 c = 1/16 − w² and 1/16 − 1,
    /// both output weights locked negative at w = −1. Moving w through
    /// −1, −1/2, 0, 1/2: the drift of neuron (2, 0) is 1 − w² exactly, its
    /// output weight changes sign first at checkpoint 2 (to 0), and q falls
    /// from 2 to 1 while c_(2,0) > 0 (w = 0).
    @Test func signChangeAndDriftByHand() throws {
        var trace = CheckpointTrace(keepAllInvariants: true)
        let ws = ["-1", "-0.5", "0", "0.5"]
        for (index, w) in ws.enumerated() {
            try trace.add(network("{\"W1\": [[0.5, 0], [0, 0.5]], \"W2\": [[0.25, 0], [0, 0.25]], \"W3\": [[\(w), -1]]}"),
                          path: "step_\(index).json")
        }
        #expect(trace.points.count == 4 && trace.lockedAtStart.count == 2)
        #expect(trace.lockedAtStart[0].index == [0, 0] && trace.lockedAtStart[0].sign == -1)
        #expect(trace.lockedAtStart[0].firstChange?.checkpoint == 2 && trace.lockedAtStart[0].firstChange?.sign == 0)
        #expect(trace.lockedAtStart[1].firstChange == nil)
        let drifts = trace.points.map(\.maximumDrift)
        #expect(drifts == [Rational(0), Rational(3) / Rational(4), Rational(1), Rational(3) / Rational(4)])
        #expect(trace.points.map(\.lockedCount) == [2, 2, 1, 2])   // c_(2,0) = 1/16 − w²: locked again at w = 1/2
        #expect(trace.points.map(\.changedLocks) == [0, 0, 1, 1])
        #expect(trace.points[3].invariants?[2] == Rational(1) / Rational(16) - Rational(1) / Rational(4))
        #expect(trace.plotted.count == 4)
    }

    /// Another shape in the series is bad input naming the file and the first.
    @Test func shapeChangeIsRefused() throws {
        var trace = CheckpointTrace()
        try trace.add(network(#"{"W1": [[1, 0]], "W2": [[1]]}"#), path: "a.json")
        #expect(throws: ModelInputError.self) { try trace.add(network(#"{"W1": [[1, 0], [0, 1]], "W2": [[1, 1]]}"#), path: "b.json") }
        do {
            try trace.add(network(#"{"W1": [[1, 0]], "W2": [[1]], "W3": [[2]]}"#), path: "c.json")
            Issue.record("a deeper checkpoint was accepted")
        } catch let error as ModelInputError {
            #expect(error.file == "c.json" && error.reason.contains("a.json"))
        }
    }
}

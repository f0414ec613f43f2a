import Foundation
import Testing
import JSONDocument

@Suite struct FlowCommandTests {
    /// The toy of SPEC §9.2a through the CLI: prediction (SPEC §6) and numeric verdict agree.
    @Test func toyVerdictsAgreeWithThePrediction() throws {
        let teacher = try writeJSON(#"{"W1": [[1, 1]], "W2": [[1]]}"#)
        let good = try writeJSON(#"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#)
        let document = try CLI.json(["flow", "--init", good, "--teacher", teacher, "--samples", "100", "--seed", "0",
                                     "--t-max", "200", "--loss-tol", "1e-10", "--json"])
        #expect(document["verdict"] == .string("reached"))
        #expect(document["prediction"] == .string("reachable"))
        #expect(document["agree"] == .bool(true))
        #expect(document["locked_sign_changes"] == .number("0"))
        let trajectory = temporaryPath("trajectory.csv")
        let gd = try CLI.json(["flow", "--init", good, "--teacher", teacher, "--method", "gd", "--lr", "0.05", "--t-max", "50",
                               "--trajectory", trajectory, "--json"])
        #expect(gd["method"] == .string("gd"))
        #expect(try String(contentsOfFile: trajectory, encoding: .utf8).hasPrefix("t,loss\n"))
        #expect(try CLI.run(["flow", "--init", good, "--teacher", teacher, "--method", "rk4"]).status == 2)
        #expect(try CLI.run(["flow", "--init", good]).status == 2)
        // Absurd sizes are usage errors, not traps.
        #expect(try CLI.run(["flow", "--init", good, "--teacher", teacher, "--method", "gd", "--t-max", "1e300"]).status == 2)
        #expect(try CLI.run(["flow", "--init", good, "--teacher", teacher, "--samples", "1000000000000"]).status == 2)
    }
}

@Suite struct FlowIntegratorAgreementTests {
    /// The good toy init: Dormand–Prince and CVODE (BDF, Adams) reach the same zero-loss verdict.
    @Test(arguments: ["dopri5", "bdf", "adams"])
    func integratorsAgreeOnTheGoodInit(method: String) throws {
        let teacher = try writeJSON(#"{"W1": [[1, 1]], "W2": [[1]]}"#)
        let good = try writeJSON(#"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#)
        let result = try CLI.run(["flow", "--init", good, "--teacher", teacher, "--samples", "100", "--seed", "0", "--method", method,
                                  "--t-max", "500", "--loss-tol", "1e-10", "--json"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let document = try JSONValue.parse(Array(result.stdout.utf8))
        #expect(document["verdict"] == .string("reached"), "\(method)")
        #expect(document["agree"] == .bool(true))
    }
}

@Suite struct FlowPlotTests {
    @Test func svgHasTheLossCurveAndOnePathPerNeuron() throws {
        let teacher = try writeJSON(#"{"W1": [[1, 1]], "W2": [[1]]}"#)
        let obstructed = try writeJSON(#"{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}"#)
        let path = temporaryPath("flow.svg")
        let result = try CLI.run(["flow", "--init", obstructed, "--teacher", teacher, "--t-max", "20", "--svg", path])
        #expect(result.status == 0)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        // One loss curve, two neuron paths, two dashed hyperbola branches per neuron (c < 0: v = ±√(a² − c)).
        #expect(svg.components(separatedBy: "stroke-width=\"2\" points=").count - 1 == 2)
        #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == 4)
        #expect(svg.contains("neuron 0: c = -0.75"))
    }
}

@Suite struct FlowSplitTests {
    @Test func heldOutSamplesGiveATestLoss() throws {
        let csv = temporaryPath("data.csv")
        var text = "x1,x2,y\n"
        var state: UInt64 = 7
        for _ in 0..<40 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let a = Double(state >> 40) / Double(1 << 24) - 0.5
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let b = Double(state >> 40) / Double(1 << 24) - 0.5
            text += "\(a),\(b),\(a + b > 0 ? 1 : 0)\n"
        }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let initModel = try writeJSON(#"{"W1": [[1, 0.5], [0.3, -1]], "b1": [0, 0], "W2": [[0.5, -0.2]], "b2": [0]}"#)
        let document = try CLI.json(["flow", "--init", initModel, "--data", csv, "--target", "y", "--standardise", "--loss", "bce",
                                     "--t-max", "5", "--test-fraction", "0.25", "--split-seed", "3", "--json"])
        #expect(document["train_samples"] == .number("30"))
        #expect(document["test_samples"] == .number("10"))
        if case .number(let loss)? = document["test_loss"] { #expect((Double(loss) ?? -1) > 0) } else { Issue.record("no test loss") }
        // The lowest test loss along the run is at most the final one, at a time within the run.
        if case .number(let final)? = document["test_loss"], case .number(let best)? = document["best_test_loss"],
           case .number(let time)? = document["best_test_time"], case .number(let end)? = document["t_final"],
           let finalValue = Double(final), let bestValue = Double(best), let timeValue = Double(time), let endValue = Double(end) {
            #expect(bestValue <= finalValue && bestValue > 0)
            #expect(timeValue >= 0 && timeValue <= endValue)
        } else { Issue.record("no best test loss") }
        #expect(try CLI.run(["flow", "--init", initModel, "--data", csv, "--target", "y", "--test-fraction", "1"]).status == 2)
    }
}

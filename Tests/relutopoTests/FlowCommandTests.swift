import Foundation
import Testing
import ReluNetwork

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

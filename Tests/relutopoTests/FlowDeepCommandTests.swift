import Foundation
import Testing
import JSONDocument
import TestSupport

/// `Examples/deep/flow/`: the deep teacher–student toy (40 samples of relu(x₁ + x₂)).
enum DeepFlowExample {
    static let directory = Fixtures.tests.deletingLastPathComponent().appendingPathComponent("Examples/deep/flow")
    static var data: String { directory.appendingPathComponent("toy.csv").path }
    static var obstructed: String { directory.appendingPathComponent("obstructed.json").path }
    static var free: String { directory.appendingPathComponent("free.json").path }
}

func number(_ value: JSONValue?) -> Double? {
    if case .number(let text)? = value { return Double(text) }
    return nil
}

@Suite struct FlowDeepCommandTests {
    /// SPEC §13.8's target: 2 → 2 → 2 → 1 with every output weight locked
    /// negative (layer-2 c = 1/16 − 1) stalls at §6.2's floor, which `obstruct`
    /// states exactly: (1/2n)·Σ y² = 963441/1310720 on these 40 samples; dopri5,
    /// BDF and Adams agree.
    @Test(arguments: ["dopri5", "bdf", "adams"])
    func obstructedToyStallsAtTheFloor(method: String) throws {
        let bound = try CLI.json(["obstruct", "--init", DeepFlowExample.obstructed, "--data", DeepFlowExample.data, "--target", "y", "--json"])
        #expect(bound["verdict"] == .string("obstructed"))
        #expect(bound["certificate"]?["lower_bound"] == .string("963441/1310720"))
        let floor = 963441.0 / 1310720.0
        let run = try CLI.json(["flow", "--init", DeepFlowExample.obstructed, "--data", DeepFlowExample.data, "--target", "y",
                                "--method", method, "--t-max", "200", "--json"])
        #expect(run["verdict"] == .string("stalled"))
        #expect(run["prediction"] == .string("obstructed"))
        #expect(run["agree"] == .bool(true))
        #expect(run["engine"] == .string("deep"))
        #expect(run["locked_sign_changes"] == .number("0"))
        #expect(run["loss_floor_exact"] == .string("963441/1310720"))
        let loss = try #require(number(run["final_loss"]))
        #expect(abs(loss - floor) <= 1e-9 * floor, "\(method): \(loss)")
        // The two output weights are the locks watched (exact, docs/THEORY.md §13.3).
        guard case .array(let locks)? = run["locked_coordinates"] else { Issue.record("no locked coordinates"); return }
        #expect(locks.count == 2)
        #expect(locks.first?["coordinate"] == .string("W3[0, 0]") && locks.first?["sign"] == .number("-1"))
    }

    /// The same data from an init with no lock (W3 = [[−0.1, −0.1]]: every c > 0) fits them: loss below 1e-6.
    @Test func freeToyFitsTheData() throws {
        let run = try CLI.json(["flow", "--init", DeepFlowExample.free, "--data", DeepFlowExample.data, "--target", "y",
                                "--t-max", "1000", "--loss-tol", "1e-6", "--json"])
        #expect(run["verdict"] == .string("reached"))
        #expect(run["prediction"] == .string("unknown"))
        #expect(run["locked_coordinates"] == .array([]))
        #expect((number(run["final_loss"]) ?? 1) <= 1e-6)
    }

    /// With one hidden layer the deep engine (hidden `--deep-engine`) gives today's
    /// numbers: same verdict, same final loss, same switches (the obstructed
    /// two-neuron toy of docs/THEORY.md §9.2a, a leaky net with biases and BCE).
    /// The two-layer engine may evaluate less: after a crossing it starts from
    /// the field its switching rates evaluated, where the deep one evaluates again.
    @Test func oneHiddenLayerThroughTheDeepEngine() throws {
        let teacher = try writeJSON(#"{"W1": [[1, 1]], "W2": [[1]]}"#)
        let obstructed = try writeJSON(#"{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}"#)
        let csv = try writeLabelledTable("bce.csv", seed: 11) { _, a, b in a - 2 * b > 0.1 ? 1 : 0 }
        let leaky = try writeJSON(#"{"W1": [[1, 0.5], [0.3, -1], [-0.2, 0.4]], "b1": [0.1, 0, -0.2], "W2": [[0.5, -0.2, 0.3]], "b2": [0], "activation": {"leaky_relu": 0.1}}"#)
        let cases = [["--init", obstructed, "--teacher", teacher, "--t-max", "100"],
                     ["--init", leaky, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "30"],
                     ["--init", leaky, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "30", "--method", "bdf"]]
        for arguments in cases {
            let two = try CLI.json(["flow"] + arguments + ["--json"])
            let deep = try CLI.json(["flow"] + arguments + ["--deep-engine", "--json"])
            #expect(two["engine"] == .string("one_hidden_layer") && deep["engine"] == .string("deep"))
            #expect(two["verdict"] == deep["verdict"])
            #expect(two["final_loss"] == deep["final_loss"], "\(arguments)")
            #expect(two["switches"] == deep["switches"] && two["sliding_entries"] == deep["sliding_entries"])
            #expect((number(two["rhs_evaluations"]) ?? .infinity) <= (number(deep["rhs_evaluations"]) ?? 0))
        }
    }

    /// A deeper teacher or a deeper init with a teacher: the floor on the flow's own samples.
    @Test func deepTeacher() throws {
        let teacher = try writeJSON(#"{"W1": [[1, 0], [0, 1]], "W2": [[1, 1]], "W3": [[1]]}"#)
        let run = try CLI.json(["flow", "--init", DeepFlowExample.obstructed, "--teacher", teacher, "--samples", "50",
                                "--t-max", "50", "--json"])
        #expect(run["prediction"] == .string("obstructed"))
        #expect(run["verdict"] == .string("stalled"))
        #expect(run["agree"] == .bool(true))
        let two = try writeJSON(#"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#)
        let mixed = try CLI.json(["flow", "--init", two, "--teacher", teacher, "--samples", "50", "--t-max", "50", "--json"])
        #expect(mixed["engine"] == .string("one_hidden_layer"))
        #expect(mixed["verdict"] != .string("invalid"))
    }

    /// Weight decay λ: the monitors follow c(0)·e^{−2λt} (docs/THEORY.md §2), so
    /// the projected run's drift stays at the integration error, and the locks still hold.
    @Test func weightDecayKeepsTheDecayedLaw() throws {
        let run = try CLI.json(["flow", "--init", DeepFlowExample.obstructed, "--data", DeepFlowExample.data, "--target", "y",
                                "--weight-decay", "0.1", "--t-max", "20", "--run-to-t-max", "--json"])
        #expect(run["weight_decay"] == .number("0.1"))
        #expect(run["verdict"] != .string("invalid"))
        #expect((number(run["max_relative_drift"]) ?? 1) <= 1e-5)
        #expect(run["locked_sign_changes"] == .number("0"))
        // Without the decayed target the drift would be |c(0)|(1 − e^{−4}) ≈ 0.98 |c(0)|.
        let free = try CLI.json(["flow", "--init", DeepFlowExample.obstructed, "--data", DeepFlowExample.data, "--target", "y",
                                 "--weight-decay", "0.1", "--t-max", "20", "--run-to-t-max", "--no-projection", "--json"])
        #expect((number(free["max_relative_drift"]) ?? 1) <= 1e-4)
        #expect(try CLI.run(["flow", "--init", DeepFlowExample.obstructed, "--data", DeepFlowExample.data, "--target", "y",
                             "--weight-decay", "-1"]).status == 2)
    }

    /// Bad input: data, teacher or targets that do not fit a deep init's widths:
    /// exit 3, one line naming the file and the tensor.
    @Test func widthsThatDoNotFitAreBadInput() throws {
        let three = temporaryPath("three.csv")
        try "a,b,c,y\n1,2,3,4\n".write(toFile: three, atomically: true, encoding: .utf8)
        let data = try CLI.run(["flow", "--init", DeepFlowExample.obstructed, "--data", three, "--target", "y"])
        #expect(data.status == 3)
        #expect(data.stderr.contains(three) && data.stderr.contains("tensor W1") && data.stderr.split(separator: "\n").count == 1, "\(data.stderr)")
        let wide = try writeJSON(#"{"W1": [[1, 1, 1]], "W2": [[1]]}"#)
        let teacher = try CLI.run(["flow", "--init", DeepFlowExample.obstructed, "--teacher", wide])
        #expect(teacher.status == 3)
        #expect(teacher.stderr.contains(wide) && teacher.stderr.contains("tensor W1") && teacher.stderr.split(separator: "\n").count == 1, "\(teacher.stderr)")
        let twoOutputs = try writeJSON(#"{"W1": [[1, 0], [0, 1]], "W2": [[1, 0], [0, 1]], "W3": [[1, 1], [1, -1]]}"#)
        let outputs = try CLI.run(["flow", "--init", twoOutputs, "--data", DeepFlowExample.data, "--target", "y"])
        #expect(outputs.status == 3)
        #expect(outputs.stderr.contains(twoOutputs) && outputs.stderr.contains("tensor W3") && outputs.stderr.split(separator: "\n").count == 1, "\(outputs.stderr)")
    }

    /// The text report sets the §13.5 prediction beside the verdict and counts the
    /// multilinear kink rule (docs/THEORY.md §13.8).
    @Test func textNamesTheDeepPrediction() throws {
        let result = try CLI.run(["flow", "--init", DeepFlowExample.obstructed, "--data", DeepFlowExample.data, "--target", "y", "--t-max", "50"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("exact prediction (docs/THEORY.md §13.5): obstructed; agrees"))
        #expect(result.stdout.contains("network: 2 → 2 → 2 → 1 (2 hidden layers)"))
        #expect(result.stdout.contains("locked coordinates watched (docs/THEORY.md §13.3): 2 (W3[0, 0] −, W3[0, 1] −); 0 changed sign"))
        #expect(result.stdout.contains("two or more layers at once (docs/THEORY.md §13.8): in 0 field evaluations"))
    }
}

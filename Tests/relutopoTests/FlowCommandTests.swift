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
        #expect(try String(contentsOfFile: trajectory, encoding: .utf8).hasPrefix("t,loss,step_drift,safe_step\n"))
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

/// A CSV `x1,x2,y` of 40 rows, x uniform in [−0.5, 0.5)² from a seeded LCG, y = `label(row, x1, x2)`.
func writeLabelledTable(_ name: String, seed: UInt64, label: (Int, Double, Double) -> Int) throws -> String {
    let csv = temporaryPath(name)
    var text = "x1,x2,y\n"
    var state = seed
    for i in 0..<40 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let a = Double(state >> 40) / Double(1 << 24) - 0.5
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let b = Double(state >> 40) / Double(1 << 24) - 0.5
        text += "\(a),\(b),\(label(i, a, b))\n"
    }
    try text.write(toFile: csv, atomically: true, encoding: .utf8)
    return csv
}

@Suite struct FlowSplitTests {
    @Test func heldOutSamplesGiveATestLoss() throws {
        let csv = try writeLabelledTable("data.csv", seed: 7) { _, a, b in a + b > 0 ? 1 : 0 }
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

    /// `initial_loss`, `initial_test_loss` and `train_loss_at_best_test` are the
    /// trajectory's rows at t = 0 and at `best_test_time` (what a batch run, which
    /// writes no trajectory, needs for the early-stopping view); for the flow and gd.
    @Test func earlyStoppingNumbersAreTheTrajectorysRows() throws {
        let csv = try writeLabelledTable("data-es.csv", seed: 5) { i, a, b in (a - b > 0) != (i % 7 == 0) ? 1 : 0 }
        let initModel = try writeJSON(#"{"W1": [[1, 0.5], [0.3, -1], [-0.7, 0.2]], "b1": [0, 0.1, 0], "W2": [[0.5, -0.2, 0.9]], "b2": [0]}"#)
        for method in [["--method", "dopri5"], ["--method", "gd", "--lr", "0.5"]] {
            let trajectory = temporaryPath("es-\(method[1]).csv")
            let document = try CLI.json(["flow", "--init", initModel, "--data", csv, "--target", "y", "--standardise", "--loss", "bce",
                                         "--t-max", "30", "--run-to-t-max", "--test-fraction", "0.25", "--split-seed", "1",
                                         "--trajectory", trajectory, "--json"] + method)
            let rows = try String(contentsOfFile: trajectory, encoding: .utf8).split(separator: "\n").dropFirst()
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) } }
            func number(_ key: String) -> Double? { if case .number(let text)? = document[key] { Double(text) } else { nil } }
            #expect(number("initial_loss") == rows.first?[1])
            #expect(number("initial_test_loss") == rows.first?[2])
            let best = try #require(number("best_test_time"))
            let row = try #require(rows.first { $0[0] == best })
            #expect(number("best_test_loss") == row[2])
            #expect(number("train_loss_at_best_test") == row[1])
            // Here the held-out loss first falls, so the early-stopping point is after t = 0 and training has lowered the loss by then.
            #expect(best > 0)
            let initial = try #require(number("initial_loss")), atBest = try #require(number("train_loss_at_best_test"))
            #expect(initial > atBest)
        }
        // Without a split the three keys are null apart from the initial training loss.
        let document = try CLI.json(["flow", "--init", initModel, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "1", "--json"])
        #expect(document["initial_test_loss"] == .null && document["train_loss_at_best_test"] == .null)
        if case .number = document["initial_loss"] {} else { Issue.record("no initial loss") }
    }

    /// Weight decay is part of the training objective, not of a held-out loss:
    /// with λ = 1/2 (one flag for every layer, or the per-layer setup) the
    /// initial training loss rises by (λ/2)·Σθ² over everything but the output
    /// bias (2.63 here, by hand: 1 + 0.25 + 0.09 + 1 + 0.25 + 0.04), and the
    /// held-out losses are those of the run without decay.
    @Test func heldOutLossesCarryNoDecayPenalty() throws {
        let csv = try writeLabelledTable("data-decay.csv", seed: 3) { _, a, b in a + 2 * b > 0 ? 1 : 0 }
        let initModel = try writeJSON(#"{"W1": [[1, 0.5], [0.3, -1]], "b1": [0, 0], "W2": [[0.5, -0.2]], "b2": [0.7]}"#)
        let common = ["flow", "--init", initModel, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "0.5",
                      "--run-to-t-max", "--test-fraction", "0.25", "--json"]
        func numbers(_ extra: [String]) throws -> (initial: Double, initialTest: Double) {
            let document = try CLI.json(common + extra)
            func number(_ key: String) -> Double? { if case .number(let text)? = document[key] { Double(text) } else { nil } }
            return (try #require(number("initial_loss")), try #require(number("initial_test_loss")))
        }
        let plain = try numbers([])
        for decay in [["--weight-decay", "0.5"], ["--weight-decays", "0.5,0.5"]] {
            let decayed = try numbers(decay)
            #expect(decayed.initialTest == plain.initialTest)
            #expect(abs(decayed.initial - plain.initial - 0.25 * 2.63) < 1e-12)
        }
    }

    /// A run that ends between recorded steps (here every integrator made `invalid`
    /// by a drift tolerance no step meets) still ends on its trajectory: the last
    /// row is (t_final, final_loss, test_loss), and the lowest test loss along the
    /// run is at most the final one.
    @Test(arguments: ["dopri5", "bdf", "adams"])
    func aRunEndsOnItsTrajectory(method: String) throws {
        let csv = try writeLabelledTable("data-end.csv", seed: 9) { _, a, b in a - b > 0 ? 1 : 0 }
        let initModel = try writeJSON(#"{"W1": [[1, 0.5], [0.3, -1]], "b1": [0.1, 0], "W2": [[0.5, -0.2]], "b2": [0]}"#)
        let trajectory = temporaryPath("end-\(method).csv")
        let document = try CLI.json(["flow", "--init", initModel, "--data", csv, "--target", "y", "--loss", "bce", "--method", method,
                                     "--t-max", "5", "--test-fraction", "0.25", "--no-projection", "--drift-tol", "1e-15",
                                     "--trajectory", trajectory, "--json"])
        #expect(document["verdict"] == .string("invalid"))
        let last = try #require(try String(contentsOfFile: trajectory, encoding: .utf8).split(separator: "\n").last)
            .split(separator: ",").map { Double($0) }
        func number(_ key: String) -> Double? { if case .number(let text)? = document[key] { Double(text) } else { nil } }
        #expect(last == [number("t_final"), number("final_loss"), number("test_loss")])
        let best = try #require(number("best_test_loss")), final = try #require(number("test_loss"))
        #expect(best <= final)
    }
}

/// The text report reads a run for a user: the proven floor, the trend of the
/// loss, the held-out loss, and for `undecided` a plain-words reading.
@Suite struct FlowReadingCommandTests {
    /// 40 rows, the first 18 labelled 1; both neurons' output signs locked to − (c_k = 1/4 − 1 < 0,
    /// v_k = −1), so f ≤ 0 and each label 1 costs ≥ log 2: BCE ≥ (18/40)·log 2 = (9/20)·0.693147… ≈ 0.311916.
    func lockedBCE() throws -> (initModel: String, csv: String) {
        let csv = try writeLabelledTable("labels.csv", seed: 11) { i, _, _ in i < 18 ? 1 : 0 }
        return (try writeJSON(#"{"W1": [[0.3, 0.4], [0.4, -0.3]], "W2": [[-1, -1]]}"#), csv)
    }

    @Test func undecidedBCERunIsReadAgainstItsFloor() throws {
        let (initModel, csv) = try lockedBCE()
        let arguments = ["flow", "--init", initModel, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "20", "--grad-tol", "0"]
        let result = try CLI.run(arguments)
        #expect(result.status == 0 && result.stderr.isEmpty)
        let text = result.stdout
        #expect(text.hasPrefix("verdict: undecided (reached t_max"))
        #expect(text.contains("(training, 40 samples)"))
        #expect(text.contains("\nproven floor: 9/20·log 2 ≈ 0.311916 (every output weight is locked negative"))
        #expect(text.contains("\nloss over the last 10% of t: "))
        #expect(text.contains("\nreading: t_max came before the loss fell to loss_tol = 1e−08"))
        #expect(text.contains("the loss can never go below the proven floor 0.311916"))
        // The kinks' jargon only with --verbose, explained there; no reference to the developers' SPEC.
        #expect(!text.contains("switches") && !text.contains("sliding") && !text.contains("SPEC"))
        let verbose = try CLI.run(arguments + ["--verbose"]).stdout
        #expect(verbose.hasPrefix(text.components(separatedBy: "\n").prefix(3).joined(separator: "\n")))
        #expect(verbose.contains("\nkinks (a sample exactly at a neuron's corner, z_ik = 0): ") && verbose.contains(" switches (a sample crossed"))
        #expect(verbose.contains("sliding for t = ") && !verbose.contains("SPEC"))
        let help = try CLI.run(["flow", "--help"]).stdout
        #expect(help.contains("--verbose") && !help.contains("SPEC"))
    }

    /// The added JSON keys; SPEC §12's keys unchanged; --verbose changes no JSON.
    @Test func jsonCarriesTheFloorAndTheTrend() throws {
        let (initModel, csv) = try lockedBCE()
        let arguments = ["flow", "--init", initModel, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "20", "--json"]
        let document = try CLI.json(arguments)
        for key in ["verdict", "final_loss", "t_final", "max_drift", "locked_sign_changes", "rhs_evaluations", "prediction", "agree"] {
            #expect(document[key] != nil, "\(key)")
        }
        #expect(document["loss_floor_exact"] == .string("9/20·log 2"))
        if case .number(let floor)? = document["loss_floor"] {
            #expect(abs((Double(floor) ?? 0) - 0.45 * log(2.0)) < 1e-16)
        } else { Issue.record("no loss_floor") }
        if case .string(let why)? = document["loss_floor_explanation"] { #expect(why.contains("18 samples labelled 1")) } else { Issue.record("no explanation") }
        #expect([.string("falling"), .string("flat"), .string("rising")].contains(document["loss_trend"]))
        if case .number(let change)? = document["loss_change_last_tenth"], case .number(let slope)? = document["loss_slope_last_tenth"],
           let c = Double(change), let s = Double(slope) {
            #expect(c.isFinite && s.isFinite && (c < 0) == (s < 0))
        } else { Issue.record("no trend numbers") }
        let verbose = try CLI.run(arguments + ["--verbose"])
        let verboseDocument = try JSONValue.parse(Array(verbose.stdout.utf8))
        #expect(verbose.status == 0 && verboseDocument["loss_floor_exact"] == .string("9/20·log 2"))
        // No floor: null and the reason (both neurons free, c_k > 0).
        let good = try writeJSON(#"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#)
        let free = try CLI.json(["flow", "--init", good, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "1", "--json"])
        #expect(free["loss_floor"] == .null && free["loss_floor_exact"] == .null)
        if case .string(let why)? = free["loss_floor_explanation"] { #expect(why.contains("no output weight is locked")) } else { Issue.record("no explanation") }
        let text = try CLI.run(["flow", "--init", good, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "1"]).stdout
        #expect(text.contains("\nno floor proven: no output weight is locked"))
    }

    /// Held-out loss beside the training loss, when a split is asked for; nothing about it otherwise.
    @Test func heldOutLossOnlyWithASplit() throws {
        let (initModel, csv) = try lockedBCE()
        let base = ["flow", "--init", initModel, "--data", csv, "--target", "y", "--loss", "bce", "--t-max", "5"]
        let split = try CLI.run(base + ["--test-fraction", "0.25"]).stdout
        #expect(split.contains("(training, 30 samples)") && split.contains("\nheld-out loss ") && split.contains(" on 10 samples; lowest along the run "))
        let whole = try CLI.run(base).stdout
        #expect(whole.contains("(training, 40 samples)") && !whole.contains("held-out"))
    }
}

/// `flow --method gd` writes its path like the integrators: every step in --trajectory, the curve in --svg.
@Suite struct GradientDescentOutputTests {
    /// (1/2n) Σ (Σ_k v_k relu(w_k·x_i) − y_i)² for the toy init, by hand: x = (1, 0), (0, 1), (1, 1), (−1, 0.5),
    /// (0.3, −0.7), y = 1, −2, 3, 0.5, 0; w_0 = (0.6, 0.8), w_1 = (0.8, −0.6), v = (−0.5, −0.5).
    static let rows: [([Double], Double)] = [([1, 0], 1), ([0, 1], -2), ([1, 1], 3), ([-1, 0.5], 0.5), ([0.3, -0.7], 0)]
    static func initLoss() -> Double {
        var sum = 0.0
        for (x, y) in rows {
            let f = -0.5 * max(0, 0.6 * x[0] + 0.8 * x[1]) - 0.5 * max(0, 0.8 * x[0] - 0.6 * x[1])
            sum += (f - y) * (f - y)
        }
        return sum / 10
    }

    @Test func trajectoryAndPlotHaveEveryStep() throws {
        let csv = temporaryPath("toy.csv")
        try "x1,x2,y\n1,0,1\n0,1,-2\n1,1,3\n-1,0.5,0.5\n0.3,-0.7,0\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let good = try writeJSON(#"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#)
        let trajectory = temporaryPath("gd.csv"), svg = temporaryPath("gd.svg")
        let result = try CLI.run(["flow", "--init", good, "--data", csv, "--target", "y", "--method", "gd", "--lr", "0.01", "--t-max", "1",
                                  "--trajectory", trajectory, "--svg", svg])
        #expect(result.status == 0)
        let lines = try String(contentsOfFile: trajectory, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "t,loss,step_drift,safe_step" && lines.count == 102)   // t = 0 and 1/0.01 = 100 steps
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let losses = rows.compactMap { Double($0[1]) }
        // Each step's drift of c is recorded (none at t = 0); no lock, so no safe step.
        #expect(rows.first.map { $0[2] == "" } == true && rows.dropFirst().allSatisfy { Double($0[2]) != nil && $0[3] == "" })
        #expect(losses.count == 101)
        #expect(abs(losses[0] - GradientDescentOutputTests.initLoss()) <= 1e-15 * losses[0], "\(losses[0])")
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $1 <= $0 } && losses[100] < losses[0])
        // The loss curve is the one black polyline; 101 points.
        let plot = try String(contentsOfFile: svg, encoding: .utf8)
        let curve = plot.components(separatedBy: "stroke=\"black\" stroke-width=\"1.5\" points=\"").dropFirst().first?.prefix { $0 != "\"" }
        #expect(curve.map { $0.split(separator: " ").count } == 101)
    }
}

/// SPEC §6.3 end to end: an init with an output bias whose output weights are
/// locked negative computes a concave f forever. On x = (−1, 0, 1) with targets
/// (1, −1, 1) the best concave fit costs 4/9 (by hand: h ≡ 1/3). `obstruct`
/// proves the floor; the flow, run independently, stalls on it.
@Suite struct OutputBiasFloorCommandTests {
    @Test func flowStallsOnTheConcaveFloor() throws {
        let initModel = try writeJSON(#"{"W1": [[1], [-1]], "b1": [0.1, 0.2], "W2": [[-2, -2]], "b2": [0.5]}"#)
        let csv = temporaryPath("concave.csv")
        try "x,y\n-1,1\n0,-1\n1,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let obstruct = try CLI.json(["obstruct", "--init", initModel, "--data", csv, "--target", "y", "--json"])
        #expect(obstruct["verdict"] == .string("obstructed"))
        #expect(obstruct["certificate"]?["lower_bound"] == .string("4/9"))
        #expect(obstruct["certificate"]?["convex_fit"]?["curvature"] == .string("concave"))
        let flow = try CLI.json(["flow", "--init", initModel, "--data", csv, "--target", "y", "--t-max", "200", "--json"])
        #expect(flow["loss_floor_exact"] == .string("4/9"))
        guard case .number(let text)? = flow["final_loss"], let loss = Double(text) else {
            Issue.record("no final_loss"); return
        }
        #expect(loss >= 4.0 / 9 * (1 - 1e-12), "the flow went below the proven floor: \(loss)")
        #expect(loss <= 4.0 / 9 + 1e-6, "the floor is the optimum here: \(loss)")
        #expect(flow["agree"] == .bool(true))
    }

    /// `--loss bce` with a label that is not 0 or 1 is bad input for obstruct too (as for flow): exit 3, one line with the line number.
    @Test func bceLabelsAreCheckedByObstruct() throws {
        let initModel = try writeJSON(#"{"W1": [[1], [-1]], "W2": [[-2, -2]]}"#)
        let csv = temporaryPath("labels.csv")
        try "x,y\n-1,1\n0,0.5\n1,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let result = try CLI.run(["obstruct", "--init", initModel, "--data", csv, "--target", "y", "--loss", "bce"])
        #expect(result.status == 3 && result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("line 3") && result.stderr.contains("labels 0 or 1"))
    }
}

import Foundation
import Testing

/// Numeric flags: a bad value is a usage error (exit 2) whose message names the
/// flag and says what is wrong with the value (negative, zero, NaN, infinite).
@Suite struct NumericFlagTests {
    static let teacher = #"{"W1": [[1, 1]], "W2": [[1]]}"#
    static let good = #"{"W1": [[0.6, 0.8], [0.8, -0.6]], "W2": [[-0.5, -0.5]]}"#

    @Test(arguments: [
        (["--t-max", "-1"], "--t-max", "negative"),
        (["--t-max=-1"], "--t-max", "negative"),
        (["--t-max", "0"], "--t-max", "zero"),
        (["--t-max", "nan"], "--t-max", "not a number"),
        (["--t-max", "inf"], "--t-max", "infinite"),
        (["--rtol", "-1e-6"], "--rtol", "negative"),
        (["--atol", "0"], "--atol", "zero"),
        (["--lr", "-0.1"], "--lr", "negative"),
        (["--momentum", "1"], "--momentum", "1"),
        (["--momentum", "-0.5"], "--momentum", "negative"),
        (["--loss-tol", "-1"], "--loss-tol", "negative"),
        (["--grad-tol", "nan"], "--grad-tol", "not a number"),
        (["--drift-tol", "0"], "--drift-tol", "zero"),
        (["--drift-tol", "inf"], "--drift-tol", "infinite"),
        (["--samples", "-5"], "--samples", "negative"),
        (["--samples", "0"], "--samples", "zero"),
        (["--test-fraction", "-0.1"], "--test-fraction", "negative"),
        (["--seed", "-1"], "--seed", "negative"),
    ])
    func badFlowValuesAreUsageErrors(_ arguments: [String], _ flag: String, _ problem: String) throws {
        let teacher = try writeJSON(Self.teacher), good = try writeJSON(Self.good)
        let result = try CLI.run(["flow", "--init", good, "--teacher", teacher] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(flag), "\(result.stderr)")
        #expect(result.stderr.contains(problem), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"), "\(result.stderr)")
    }

    @Test(arguments: [
        (["--samples", "-5"], "--samples", "negative"),
        (["--inputs", "-3"], "--inputs", "negative"),
        (["--hidden", "0"], "--hidden", "zero"),
        (["--threads", "0"], "--threads", "zero"),
        (["--threads", "-2"], "--threads", "negative"),
    ])
    func badSweepValuesAreUsageErrors(_ arguments: [String], _ flag: String, _ problem: String) throws {
        let base = ["sweep", "--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "2", "--samples", "10", "--quiet"]
        let result = try CLI.run(base + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(flag) && result.stderr.contains(problem), "\(result.stderr)")
    }

    @Test func badToleranceIsAUsageError() throws {
        let model = try writeJSON(Self.good)
        for (value, problem) in [("-1", "negative"), ("nan", "not a number"), ("inf", "infinite")] {
            let result = try CLI.run(["equiv", model, model, "--tolerance", value])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--tolerance") && result.stderr.contains(problem), "\(result.stderr)")
        }
    }

    /// `flow --method gd` with a step of 1e6 diverges: the verdict is invalid and
    /// the report says why; the drift is reported as null (NaN), never 0.
    @Test func divergedGradientDescentReportsInvalid() throws {
        let teacher = try writeJSON(Self.teacher), good = try writeJSON(Self.good)
        let document = try CLI.json(["flow", "--init", good, "--teacher", teacher, "--method", "gd", "--lr", "1e6",
                                     "--t-max", "1e9", "--json"])
        #expect(document["verdict"] == .string("invalid"))
        guard case .string(let reason)? = document["reason"] else { Issue.record("no reason"); return }
        #expect(reason.contains("non-finite"))
        #expect(document["max_drift"] != .number("0.0"))
        #expect(document["agree"] == .null)
        let text = try CLI.run(["flow", "--init", good, "--teacher", teacher, "--method", "gd", "--lr", "1e6", "--t-max", "1e9"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("verdict: invalid (non-finite values"))
    }
}

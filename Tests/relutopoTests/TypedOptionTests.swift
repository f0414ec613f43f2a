import Foundation
import Testing
import TestSupport

/// Options with a fixed vocabulary are parsed into types: a value outside it is
/// a usage error (exit 2) before anything runs, named in the message.
@Suite struct TypedOptionTests {
    static let student = Fixtures.tests.deletingLastPathComponent().appendingPathComponent("Examples/two-neuron/student.json").path

    @Test(arguments: [
        (["analyze", student, "--activation", "sigmoid"], "--activation"),
        (["analyze", student, "--activation", "leaky_relu:1"], "--activation"),
        (["analyze", student, "--keys", "W1,b1"], "expects comma-separated names"),
        (["analyze", student, "--betti", "all"], "--betti"),
        (["equiv", student, student, "--activation", "tanh"], "--activation"),
        (["obstruct", "--init", student, "--teacher", student, "--loss", "hinge"], "'mse' and 'bce'"),
        (["sweep", "--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "2", "--metric", "p_best"], "--metric"),
        (["sweep", "--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "2", "--source", "both"], "'auto', 'closed' or 'mc'"),
        (["sweep", "--scheme", "kaiming_normal", "--inputs", "2", "--hidden", "2", "--shard", "3/2"], "i/N"),
        (["verify", "proofs"], "'identity', 'lie', 'brute' or 'all'"),
    ])
    func valueOutsideTheVocabularyIsAUsageError(_ arguments: [String], _ message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// Leaky slopes are read exactly, as decimals or fractions.
    @Test func leakySlopeSpellings() throws {
        let decimal = try CLI.json(["analyze", Self.student, "--activation", "leaky_relu:0.2", "--json"])
        let fraction = try CLI.json(["analyze", Self.student, "--activation", "leaky_relu:1/5", "--json"])
        #expect(decimal == fraction)
    }
}

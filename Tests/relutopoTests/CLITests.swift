import Foundation
import Testing
import JSONDocument
import ReluNetwork
import TestSupport

/// Runs the built `relutopo` executable (it sits next to the test bundle).
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    static var executable: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("relutopo")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("relutopo")
    }

    static func run(_ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    static func json(_ arguments: [String]) throws -> JSONValue {
        let result = try run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONValue.parse(Array(result.stdout.utf8))
    }

}

@Suite struct DemoTests {
    @Test func demoExplainsTheTwoNeuronExample() throws {
        let result = try CLI.run(["demo"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("4 components"))
        #expect(result.stdout.contains("3 effective components"))
        #expect(result.stdout.contains("unreachable"))
    }

    @Test func demoJSON() throws {
        let document = try CLI.json(["demo", "--json"])
        let analysis = document["analysis"]
        #expect(analysis?["components"]?["topological"] == .string("4"))
        #expect(analysis?["effective_components"]?["topological"] == .string("3"))
        #expect(analysis?["label"]?["dynamical"] == .string("--"))
    }
}

@Suite struct AnalyzeTests {
    /// Networks built to fool binary64: exact c_k and signs as computed by `fractions`.
    @Test(arguments: ["fool64", "sum1000_0", "sum1000_1", "sum1000_2", "sum1000_3", "bias_f32", "ints"])
    func exactInvariantsOnFixtureModels(name: String) throws {
        let document = try CLI.json(["analyze", Fixtures.path("models/\(name)"), "--json"])
        let expectedModel = Fixtures.expected["models"]?[name]
        guard case .array(let neurons)? = document["neurons"] else { Issue.record("no neurons"); return }
        let c = neurons.compactMap { neuron -> String? in if case .string(let s)? = neuron["c"] { return s } else { return nil } }
        #expect(c == Fixtures.strings(expectedModel?["c"]))
        let signs = neurons.compactMap { neuron -> String? in if case .number(let s)? = neuron["sign"] { return s } else { return nil } }
        guard case .array(let expectedSigns)? = expectedModel?["sign"] else { Issue.record("fixture"); return }
        #expect(signs == expectedSigns.compactMap { if case .number(let s) = $0 { return s } else { return nil } })
    }

    @Test func contractKeysAndValues() throws {
        let document = try CLI.json(["analyze", Fixtures.path("models/fool64"), "--json", "--betti", "dense"])
        #expect(document["shape"]?["inputs"] == .number("3"))
        #expect(document["shape"]?["hidden"] == .number("6"))
        #expect(document["shape"]?["outputs"] == .number("1"))
        #expect(document["shape"]?["hidden_bias"] == .bool(false))
        #expect(document["shape"]?["output_bias"] == .bool(false))
        // Signs (fractions): [+, −, +, 0, −, +]; e = 1, m = 3: the two c < 0 are output-locked.
        guard case .array(let neurons)? = document["neurons"] else { Issue.record("no neurons"); return }
        #expect(neurons.map { $0["locked"] } == ["none", "output", "none", "none", "output", "none"].map { JSONValue.string($0) })
        #expect(neurons[3]["locked_dynamical"] == .string("output"))
        // Topological: 2^2 = 4. Dynamical: the c = 0 neuron (off the apex, m = 3, e = 1) has 1·2 + 1 = 3 pieces.
        #expect(document["components"]?["topological"] == .string("4"))
        #expect(document["components"]?["dynamical"] == .string("12"))
        // Every output weight of fool64 is positive; the c = 0 neuron (v = 5) joins the dynamical label.
        #expect(document["label"]?["topological"] == .string("++"))
        #expect(document["label"]?["dynamical"] == .string("+++"))
        // Effective (SPEC §5.4, by hand): topological 1 (a c > 0 neuron frees the output signs);
        // dynamical 2: the apex count k ∈ {0, 1} of the single c = 0 slot is the only invariant.
        #expect(document["effective_components"]?["topological"] == .string("1"))
        #expect(document["effective_components"]?["dynamical"] == .string("2"))
        // Three c > 0 (S^2 × R), two c < 0 (R^3 × S^0), one cone:
        // topological P = 2^2 (1 + t^2)^3 → β = [4, 0, 12, 0, 12, 0, 4], χ = 4 · 2^3 = 32.
        #expect(Fixtures.strings(document["betti"]?["topological"]) == ["4", "0", "12", "0", "12", "0", "4"])
        #expect(document["euler_characteristic"]?["topological"] == .string("32"))
    }

    @Test func longTablesAreSummarised() throws {
        let short = try CLI.run(["analyze", Fixtures.path("models/wide2000")])
        #expect(short.status == 0)
        #expect(short.stdout.contains("--full"))
        #expect(short.stdout.split(separator: "\n").count < 60)
        let full = try CLI.run(["analyze", Fixtures.path("models/wide2000"), "--full"])
        #expect(full.stdout.split(separator: "\n").count > 2000)
        let document = try CLI.json(["analyze", Fixtures.path("models/wide2000"), "--json"])
        #expect(document["effective_components"]?["topological"] == .string("2001"))
    }
}

@Suite struct ExitStatusTests {
    func modelDirectory(withW1 source: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path(source), toPath: directory.appendingPathComponent("W1.npy").path)
        try FileManager.default.copyItem(atPath: Fixtures.path("models/fool64/W2.npy"), toPath: directory.appendingPathComponent("W2.npy").path)
        return directory.path
    }

    @Test(arguments: [
        ("bad/nan.npy", "tensor W1, index [1, 2]: NaN"),
        ("bad/truncated.npy", "tensor W1: truncated data"),
        ("bad/complex.npy", "unsupported dtype"),
        ("arrays/f8_1d.npy", "expected a 2-D array"),
        ("arrays/f8_empty_rows.npy", "empty network"),
    ])
    func badInputExitsWithThreeAndOneLine(source: String, fragment: String) throws {
        let directory = try modelDirectory(withW1: source)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLI.run(["analyze", directory, "--json"])
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains(directory + "/W1.npy"))
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
    }

    @Test func shapeMismatchBetweenLayers() throws {
        let directory = try modelDirectory(withW1: "arrays/f8_le_C.npy")   // 3×4 against W2 with 6 neurons
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLI.run(["analyze", directory])
        #expect(result.status == 3)
        #expect(result.stderr.contains("tensor W2: expected shape (e, 3)"))
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try CLI.run([]).status == 2 || CLI.run([]).status == 0)
        #expect(try CLI.run(["analyze"]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
        #expect(try CLI.run(["analyze", "x.json", "--keys", "W1,b1"]).status == 2)
        #expect(try CLI.run(["analyze", "x.json", "--activation", "tanh"]).status == 2)
        #expect(try CLI.run(["analyze", "--help"]).status == 0)
        #expect(try CLI.run(["analyze", "/nonexistent.json"]).status == 3)
    }
}

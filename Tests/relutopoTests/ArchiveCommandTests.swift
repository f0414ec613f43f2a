import Foundation
import Testing
import ReluNetwork
import TestSupport

@Suite struct ArchiveCommandTests {
    static let archives = ["savez.npz", "savez_compressed.npz", "positional.npz", "sequential.safetensors", "named_bf16.safetensors",
                           "named_f16.safetensors", "named_f64.safetensors", "named_i32.safetensors",
                           "torch_sequential.safetensors", "torch_bf16.safetensors"]

    /// repair writes the input's format, keeps the function (largest change 0), and the
    /// result reads back with one component; temp files do not linger.
    @Test(arguments: archives)
    func repairRoundTripsInTheSameFormat(name: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("fixed-" + name).path
        let repair = try CLI.json(["repair", Fixtures.path("archives/\(name)"), "-o", output, "--json"])
        #expect(repair["max_abs_change_f"] == .number("0.0") && repair["verified"] == .bool(true))
        let extensionName = (name as NSString).pathExtension
        #expect(repair["format"] == .string(extensionName))
        let analysis = try CLI.json(["analyze", output, "--json"])
        #expect(analysis["components"]?["topological"] == .string("1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["fixed-" + name])
        // The keys the input used are the keys the output has.
        let before = try CLI.json(["analyze", Fixtures.path("archives/\(name)"), "--json"])
        #expect(analysis["keys"]?["W1"] == before["keys"]?["W1"] && analysis["keys"]?["b1"] == before["keys"]?["b1"])
    }

    /// Every malformed archive: exit 3 and one line naming the file.
    @Test func malformedArchivesExitThree() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("bad_archives"))
        #expect(names.count >= 20)
        for name in names {
            let result = try CLI.run(["analyze", Fixtures.path("bad_archives/\(name)")])
            #expect(result.status == 3, "\(name): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(name), "\(name): \(result.stderr)")
        }
    }

    @Test func autoDetectionIsReported() throws {
        let result = try CLI.run(["analyze", Fixtures.path("archives/sequential.safetensors")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("tensors: W1 = 0.weight, b1 = 0.bias, W2 = 2.weight, b2 = 2.bias (auto-detected"))
        // Three chained layers: analyze reads the deep network (docs/THEORY.md §13), and so does flow
        // since it integrates any depth (it used to refuse, naming pairs for --keys).
        let deep = try CLI.json(["analyze", Fixtures.path("archives/three_layers.safetensors"), "--json"])
        #expect(deep["widths"] == .array([.number("2"), .number("4"), .number("4"), .number("1")]))
        let flowed = try CLI.run(["flow", "--init", Fixtures.path("archives/three_layers.safetensors"), "--teacher", Fixtures.path("archives/three_layers.safetensors"), "--t-max", "1"])
        #expect(flowed.status == 0, "\(flowed.stderr)")
        let chosen = try CLI.run(["analyze", Fixtures.path("archives/three_layers.safetensors"), "--keys", "0.weight,-,2.weight,-"])
        #expect(chosen.status == 0)
    }
}

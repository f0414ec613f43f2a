import Foundation
import Testing
import JSONDocument
import ReluNetwork
import InvariantTopology
@testable import ModelIO
import TestSupport

/// SPEC §13 through the command line: deep models in every spelling, the
/// chain example's coupled lock, the §13.5 floor, two-layer commands refusing
/// deeper files with the reason.
@Suite struct DeepNetworkCommandTests {
    /// A .safetensors file of float64 tensors (header JSON, then the bytes, little-endian).
    func safetensors(_ tensors: [(name: String, shape: [Int], values: [Double])]) throws -> String {
        var offset = 0
        var entries: [String] = []
        var data = Data()
        for tensor in tensors {
            let bytes = tensor.values.count * 8
            entries.append("\"\(tensor.name)\": {\"dtype\": \"F64\", \"shape\": \(tensor.shape), \"data_offsets\": [\(offset), \(offset + bytes)]}")
            for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            offset += bytes
        }
        var header = Array(("{" + entries.joined(separator: ", ") + "}").utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var file = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header)
        file.append(data)
        let path = temporaryPath("deep.safetensors")
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// SPEC §13.3's chain w = (2, 5/2, 1): c = (−9/4, 21/4); W2 locked by X = {1}, W1 by X = {1, 2}: 4 components.
    @Test func chainInEverySpelling() throws {
        let json = try writeJSON(#"{"W1": [[2]], "W2": [[2.5]], "W3": [[1]]}"#)
        let layers = try writeJSON(#"{"layers": [{"W": [[2]]}, {"W": [[2.5]]}, {"W": [[1]]}]}"#)
        let archive = try safetensors([("net.0.weight", [1, 1], [2]), ("net.2.weight", [1, 1], [2.5]), ("net.4.weight", [1, 1], [1])])
        for path in [json, layers, archive] {
            let document = try CLI.json(["analyze", path, "--json"])
            #expect(document["widths"] == .array([.number("1"), .number("1"), .number("1"), .number("1")]), "\(path)")
            #expect(document["components"]?["topological"] == .string("4"))
            #expect(document["label"]?["topological"] == .string("++"))
            #expect(document["effective_components"] == .null && document["betti_nonzero"] == .null)
            guard case .array(let locks)? = document["locked_coordinates"] else { Issue.record("no locks"); continue }
            #expect(locks.count == 2)
            #expect(locks.first?["certificate"]?["neurons"] == .array([.array([.number("1"), .number("0")]), .array([.number("2"), .number("0")])]))
        }
        let auto = try CLI.json(["analyze", archive, "--json"])
        #expect(auto["keys"] == .array(["net.0.weight", "-", "net.2.weight", "-", "net.4.weight", "-"].map { .string($0) }))
        let text = try CLI.run(["analyze", json]).stdout
        #expect(text.contains("couple several layers"))
    }

    /// A `.npy` directory W1.npy W2.npy W3.npy is deep for analyze and for flow.
    @Test func npyDirectoryOfThreeLayers() throws {
        let directory = temporaryPath("deep-npy")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, value) in [("W1", 2.0), ("W2", 2.5), ("W3", 1.0)] {
            var file = Data([0x93] + Array("NUMPY".utf8))
            file.append(contentsOf: [1, 0])
            var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }"
            while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
            header += "\n"
            withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
            file.append(contentsOf: Array(header.utf8))
            withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) }
            try file.write(to: URL(fileURLWithPath: directory + "/" + name + ".npy"))
        }
        #expect(try CLI.json(["analyze", directory, "--json"])["components"]?["topological"] == .string("4"))
        // flow reads any depth since (docs/THEORY.md §13.8): all three layers, never W1 → W2 alone.
        let flow = try CLI.run(["flow", "--init", directory, "--teacher", directory, "--t-max", "1"])
        #expect(flow.status == 0 && flow.stdout.contains("network: 1 → 1 → 1 → 1"), "\(flow.stderr)")
    }

    /// §13.5: every output weight locked negative (c < 0 in the last hidden layer, e = 1), no output
    /// bias: f ≤ 0, so the MSE stays ≥ (1/2n)·Σ_{y > 0} y² = (1 + 9)/(2·3) = 5/3 (by hand).
    @Test func deepFloorOnData() throws {
        let initModel = try writeJSON(#"{"W1": [[1, 0], [0, 1]], "W2": [[0.1, 0.2], [0.3, 0.1]], "W3": [[-2, -3]]}"#)
        let csv = temporaryPath("deep.csv")
        try "x1,x2,y\n1,0,1\n0,1,-2\n1,1,3\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let document = try CLI.json(["obstruct", "--init", initModel, "--data", csv, "--target", "y", "--json"])
        #expect(document["verdict"] == .string("obstructed") && document["certificate"]?["lower_bound"] == .string("5/3"))
        // With an output bias: no proof for two hidden layers, said so.
        let biased = try writeJSON(#"{"W1": [[1, 0], [0, 1]], "W2": [[0.1, 0.2], [0.3, 0.1]], "W3": [[-2, -3]], "b3": [1]}"#)
        let unknown = try CLI.json(["obstruct", "--init", biased, "--data", csv, "--target", "y", "--json"])
        #expect(unknown["verdict"] == .string("unknown"))
        if case .string(let why)? = unknown["certificate"]?["explanation"] { #expect(why.contains("output bias")) }
    }

    /// Two-layer files read as before through the any-depth reader: byte-for-byte the same report.
    @Test func twoLayerReportsUnchanged() throws {
        let json = try writeJSON(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]], "b2": [0.5]}"#)
        let report = try CLI.run(["analyze", json, "--json"])
        #expect(report.status == 0)
        let model = try ModelReader.read(path: json)
        let layered = try ModelReader.readLayered(path: json)
        #expect(layered.depth == 2 && layered.widths == [2, 2, 1])
        #expect(try layered.twoLayerModel().invariants() == model.invariants())
    }

    /// equiv on deeper networks: exact, with a certificate; a rescaled copy (hidden neuron (1, 0)
    /// scaled by 4: its row ×4, its outgoing column ÷4) is equivalent; also with --tolerance
    /// (EquivDeepCommandTests has the rest).
    @Test func equivComparesDeepNetworksExactly() throws {
        let a = try writeJSON(#"{"W1": [[1, 2], [3, -1]], "b1": [1, 0], "W2": [[1, 1], [2, -1]], "W3": [[1, -2]]}"#)
        let b = try writeJSON(#"{"W1": [[4, 8], [3, -1]], "b1": [4, 0], "W2": [[0.25, 1], [0.5, -1]], "W3": [[1, -2]]}"#)
        let document = try CLI.json(["equiv", a, b, "--json"])
        #expect(document["equivalent"] == .bool(true))
        if case .array(let layers)? = document["certificate"] {
            #expect(layers.count == 2 && layers[0]["alphas"] == .array([.string("4"), .string("1")]))
        } else { Issue.record("no certificate") }
        let c = try writeJSON(#"{"W1": [[4, 8], [3, -1]], "b1": [4, 0], "W2": [[0.25, 1], [0.5, -1]], "W3": [[1, -3]]}"#)
        #expect(try CLI.json(["equiv", a, c, "--json"])["equivalent"] == .bool(false))
        #expect(try CLI.json(["equiv", a, b, "--tolerance", "1e-6", "--json"])["equivalent"] == .bool(true))
    }

    /// SPEC §13.7: Examples/deep/bottleneck.json (32 components, the bottleneck's output weight
    /// locked across layers) is repaired with one t for the whole network: 1 component after,
    /// f unchanged, every written weight exactly 2^{t(L+1−2h)} times the old one.
    @Test func deepRepairUnlocksTheBottleneck() throws {
        let source = Fixtures.tests.deletingLastPathComponent().appendingPathComponent("Examples/deep/bottleneck.json").path
        let output = temporaryPath("fixed.json")
        let report = try CLI.json(["repair", source, "-o", output, "--json"])
        #expect(report["t"] == .number("2") && report["components_before"] == .string("32") && report["components_after"] == .string("1"))
        #expect(report["weight_exponents"] == .array([.number("4"), .number("0"), .number("-4")]))
        #expect(report["max_abs_change_f"] == .number("0.0"))
        let before = try ModelReader.readLayered(path: source), after = try ModelReader.readLayered(path: output)
        for (h, exponent) in [4, 0, -4].enumerated() {
            let old = before.layers[h].weights, new = after.layers[h].weights
            for i in 0..<old.values.count { #expect(new.exactValue(at: i) == old.exactValue(at: i).timesPowerOfTwo(exponent)) }
        }
        // Minimal: with t = 1 some c stays ≤ 0 (checked by hand: the bottleneck's c' = 4·1 + … ).
        let analysis = try CLI.json(["analyze", output, "--json"])
        #expect(analysis["components"]?["topological"] == .string("1"))
    }

    /// A deep safetensors model is repaired in place of its tensors (same keys, same dtype when exact).
    @Test func deepRepairKeepsTheArchiveFormat() throws {
        let archive = try safetensors([("net.0.weight", [2, 1], [0.5, 0.25]), ("net.2.weight", [1, 2], [2, 3]), ("net.4.weight", [1, 1], [4])])
        let output = temporaryPath("fixed.safetensors")
        let result = try CLI.run(["repair", archive, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let fixed = try ModelReader.readLayered(path: output)
        #expect(fixed.tensorNames?.map(\.weights) == ["net.0.weight", "net.2.weight", "net.4.weight"])
        let topology = try DeepTopology(network: fixed)
        #expect(topology.invariants.joined().allSatisfy { $0.c.signum > 0 })
    }
}

import Foundation
import Testing
import ExactNumbers
import JSONDocument
@testable import ModelIO
import ReluNetwork
@testable import ReluNetwork
import TestSupport

@Suite struct ArchiveReaderTests {
    static let expected: JSONValue = {
        let data = (try? Data(contentsOf: Fixtures.directory.appendingPathComponent("archives_expected.json"))) ?? Data()
        return (try? JSONValue.parse([UInt8](data))) ?? .null
    }()

    static var archiveNames: [String] {
        guard case .object(let members) = expected else { return [] }
        return members.map(\.0)
    }

    /// c_k of every .npz/.safetensors fixture (written by NumPy, the safetensors
    /// package, PyTorch 2.13 — `torch_*` — and BF16 by hand) equals `fractions`,
    /// and the chosen keys are the expected ones.
    @Test(arguments: archiveNames)
    func invariantsAndKeysMatch(name: String) throws {
        let model = try ModelReader.read(path: Fixtures.path("archives/\(name)"))
        let entry = Self.expected[name]
        let expectedC = Fixtures.strings(entry?["c"])
        let c = model.invariants().map(\.c)
        #expect(c.count == expectedC.count && expectedC.count == Fixtures.integers(entry?["shape"]).dropFirst().first)
        for (k, text) in expectedC.enumerated() where k < c.count {
            #expect(c[k] == (try Rational(parsing: text)), "\(name) neuron \(k)")
        }
        #expect(model.selection?.description == { if case .string(let s)? = entry?["keys"] { return s } else { return nil } }())
        #expect(model.shape.hasHiddenBias == (entry?["hidden_bias"] == .bool(true)))
    }

    @Test func ambiguousLayersNeedKeys() throws {
        let path = Fixtures.path("archives/three_layers.safetensors")
        #expect(throws: ModelInputError.self) { _ = try ModelReader.read(path: path) }
        do { _ = try ModelReader.read(path: path) } catch { #expect(error.reason.contains("3 chained linear layers") && !error.reason.contains("0.weight,-,4.weight")) }
        var options = ModelReadOptions()
        options.keys = try #require(TensorKeys(parsing: "2.weight,-,4.weight,-"))
        let model = try ModelReader.read(path: path, options: options)
        #expect(model.shape == NetworkShape(inputs: 4, hidden: 4, outputs: 1, hasHiddenBias: false, hasOutputBias: false))
        #expect(model.selection?.autoDetected == false)
        options.keys = try #require(TensorKeys(parsing: "0.weight,-,9.weight,-"))
        #expect(throws: ModelInputError.self) { _ = try ModelReader.read(path: path, options: options) }
    }

    /// Every malformed archive is refused with a ModelInputError naming the file (never a trap).
    @Test(arguments: (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path("bad_archives"))) ?? [])
    func malformedArchivesAreRefused(name: String) {
        _ = refusal(Fixtures.path("bad_archives/\(name)"))
    }

    /// A deflated entry that inflates to more than its directory size is caught on full inflation.
    @Test func inflationSizeLiesAreCaught() throws {
        let data = try RegularFile.map(Fixtures.path("bad_archives/deflate_size_lie.npz"))
        let archive = try ZipArchive(data: data, file: "lie.npz")
        let entry = try #require(archive.entries.first)
        #expect(throws: ModelInputError.self) { _ = try archive.contents(of: entry) }
    }

    /// The ZIP writer's output is read back by the reader, stored, with CRCs that check.
    @Test func storedZipRoundTrips() throws {
        let members: [(String, [UInt8])] = [("a.npy", Array(0..<200).map { UInt8($0) }), ("empty.npy", []), ("b.npy", [7, 7, 7])]
        let bytes = try ModelWriter.storedZip(members, file: "t.npz")
        let archive = try ZipArchive(data: Data(bytes), file: "t.npz")
        #expect(archive.entries.map(\.name) == ["a.npy", "empty.npy", "b.npy"])
        for (entry, member) in zip(archive.entries, members) {
            #expect([UInt8](try archive.contents(of: entry)) == member.1)
            #expect(entry.method == 0)
        }
    }

    /// Rewriting keeps every other tensor and the metadata byte for byte.
    @Test func safetensorsRewriteKeepsTheRest() throws {
        let path = Fixtures.path("archives/sequential.safetensors")
        let original = try SafetensorsArchive(path: path)
        let replacement: [UInt8] = withUnsafeBytes(of: Float(2).bitPattern.littleEndian) { Array($0) }
        let bytes = try ModelWriter.rewriteSafetensors(path: path, replacements: ["2.bias": (.float32, [1], replacement)])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-st-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(bytes).write(to: directory)
        let rewritten = try SafetensorsArchive(path: directory.path)
        #expect(rewritten.catalogue.map(\.name) == original.catalogue.map(\.name))
        #expect(rewritten.metadata == original.metadata && original.metadata != nil)
        for name in ["0.weight", "0.bias", "2.weight"] { #expect(rewritten.rawBytes(name) == original.rawBytes(name)) }
        #expect(rewritten.rawBytes("2.bias") == replacement)
    }
}

import Foundation
import Testing
import ExactNumbers
import JSONDocument
@testable import ModelIO
import ReluNetwork
@testable import ReluNetwork
import TestSupport

/// PyTorch files (issue 18): every fixture written by `torch.save` (PyTorch
/// 2.13, Tests/Fixtures/pytorch/make_pytorch_fixtures.py) reads back to the
/// values torch held, exactly; every hostile or damaged one is refused with
/// one line naming the file, and nothing in any of them is executed.
@Suite struct TorchArchiveTests {
    static let expected: JSONValue = {
        let data = (try? Data(contentsOf: Fixtures.url("pytorch/expected.json"))) ?? Data()
        return (try? JSONValue.parse([UInt8](data))) ?? .null
    }()

    static var goodNames: [String] {
        guard case .object(let members) = expected else { return [] }
        return members.map(\.0)
    }

    static var badNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path("pytorch/bad"))) ?? []).sorted()
    }

    @Test func fixturesArePresent() {
        #expect(Self.goodNames.count >= 13)
        #expect(Self.badNames.count >= 38)
    }

    /// Names, shapes and every value of every tensor equal what torch saved
    /// (Python's repr of each value as binary64), in file order.
    @Test(arguments: goodNames)
    func tensorsMatchTorch(name: String) throws {
        let path = Fixtures.path("pytorch/good/\(name)")
        let archive = try TorchArchive(path: path)
        guard case .array(let tensors)? = Self.expected[name]?["tensors"] else { Issue.record("no tensors for \(name)"); return }
        #expect(archive.catalogue.map(\.name) == tensors.compactMap { if case .string(let s)? = $0["name"] { return s } else { return nil } })
        for entry in tensors {
            guard case .string(let tensorName)? = entry["name"] else { continue }
            let tensor = try archive.tensor(named: tensorName)
            #expect(tensor.shape == Fixtures.integers(entry["shape"]), "\(name) \(tensorName)")
            let values = Fixtures.strings(entry["values"]).compactMap(Double.init)
            #expect(values.count == tensor.values.count, "\(name) \(tensorName)")
            for (index, value) in values.enumerated() where index < tensor.values.count {
                #expect(tensor.doubleValue(at: index) == value, "\(name) \(tensorName)[\(index)]")
            }
        }
    }

    /// Through the model reader (detection by content: `.pt`, `.pth`, `.bin`,
    /// a misnamed `.npz`): the expected keys are chosen and c_k equals the
    /// generator's exact fractions.
    @Test(arguments: goodNames)
    func modelsReadWithTheirInvariants(name: String) throws {
        let entry = Self.expected[name]
        guard case .string(let keys)? = entry?["keys"] else { return }
        let model = try ModelReader.read(path: Fixtures.path("pytorch/good/\(name)"))
        #expect(model.selection?.description == keys)
        #expect(model.format == .pytorch)
        let expectedC = Fixtures.strings(entry?["c"])
        let c = model.invariants().map(\.c)
        #expect(c.count == expectedC.count)
        for (k, text) in expectedC.enumerated() where k < c.count {
            #expect(c[k] == (try Rational(parsing: text)), "\(name) neuron \(k)")
        }
    }

    /// The strided fixture by hand: W1 is the transpose of (1…12)/8 reshaped
    /// 4×3, so W1[i][j] = (3j + i + 1)/8; b1 = (−4…5)/4 from offset 2; W2 takes
    /// every other element of (0…5)/2; b2 shares b1's storage at offset 7.
    @Test func viewsHonourOffsetsAndStrides() throws {
        let archive = try TorchArchive(path: Fixtures.path("pytorch/good/views.pt"))
        let w1 = try archive.tensor(named: "fc1.weight")
        #expect(w1.shape == [3, 4])
        for i in 0..<3 { for j in 0..<4 { #expect(w1.doubleValue(at: i * 4 + j) == Double(3 * j + i + 1) / 8) } }
        #expect(archive.views["fc1.weight"]?.strides == [1, 3])
        #expect(try archive.tensor(named: "fc1.bias").binaryValues() == [-0.5, -0.25, 0])
        #expect(try archive.tensor(named: "fc2.weight").binaryValues() == [0, 1, 2])
        #expect(try archive.tensor(named: "fc2.bias").binaryValues() == [0.75])
        #expect(archive.views["fc1.bias"]?.storage == archive.views["fc2.bias"]?.storage)
        #expect(archive.views["fc2.bias"]?.offset == 7)
    }

    /// The expected outcome of each hostile file: a piece of its one-line message.
    static let refusals: [String: String] = [
        "os_system.pt": "imports os.system, which a weights file never needs; refusing (nothing in the file is executed)",
        "builtins_eval.pt": "imports builtins.eval",
        "subprocess.pt": "imports subprocess.check_call",
        "stack_global_posix.pt": "imports posix.system",
        "eval_inside_state_dict.pt": "imports builtins.exec",
        "inst_os_system.pt": "imports os.system",
        "legacy_os_system.pt": "the pickle imports os.system",
        "reduce_on_storage_type.pt": "REDUCE on torch.FloatStorage",
        "reduce_on_string.pt": "REDUCE on a string",
        "build_on_tensor.pt": "BUILD on a tensor with a string",
        "whole_module.pt": "save model.state_dict() instead",
        "torchscript.pt": "save model.state_dict() instead",
        "truncated_pickle.pt": "(truncated?)",
        "memo_out_of_range.pt": "data.pkl, byte 5: memo index 200 was never stored",
        "stack_underflow.pt": "data.pkl, byte 2: the stack is empty",
        "tuple_underflow.pt": "data.pkl, byte 4: the stack is empty",
        "trailing_bytes.pt": "bytes after STOP",
        "unknown_opcode.pt": "data.pkl, byte 2: opcode 0xFF",
        "long_integer.pt": "an integer of 16 bytes",
        "odd_setitems.pt": "SETITEMS with an odd number of values",
        "deep_marks.pt": "more than 65536 nested MARKs",
        "deep_tuples.pt": "holds a tuple, not a state dict",
        "huge_sizes.pt": "reaches element 4294967292 of storage 0, which holds 6",
        "overflow_sizes.pt": "is too large",
        "negative_stride.pt": "negative stride -2",
        "repeat_bomb.pt": "repeats the 6 elements of storage 0",
        "view_past_storage.pt": "reaches element 6 of storage 0, which holds 6",
        "storage_short.pt": "archive/data/0 holds 20 bytes",
        "storage_missing.pt": "has no record archive/data/1",
        "complex_storage.pt": "torch.ComplexFloatStorage, a tensor type relutopo does not read",
        "v3_dtype_mismatch.pt": "a float64 tensor over a storage of another type",
        "nan_weight.pt": "tensor 0.weight, index [1, 0]: NaN",
        "byteorder_middle.pt": "says 'middle'",
        "no_tensors.pt": "holds no tensors",
        "lone_tensor.pt": "holds a single tensor, not a state dict",
        "two_pickles.pt": "2 data.pkl records",
        "legacy_truncated.pt": "(truncated?)",
        "not_torch.pth": "safetensors.torch",
    ]

    @Test(arguments: badNames)
    func hostileFilesAreRefused(name: String) {
        guard let error = refusal(Fixtures.path("pytorch/bad/\(name)")) else { return }
        let wanted = Self.refusals[name]
        #expect(wanted != nil, "no expected message for \(name)")
        #expect(wanted.map(error.description.contains) == true, "\(name): \(error.description)")
    }

    /// Every prefix of a real data.pkl is refused (never trapped on, never accepted): the
    /// pickle only ends at its STOP.
    @Test func everyTruncationOfDataPklIsRefused() throws {
        let data = try RegularFile.map(Fixtures.path("pytorch/good/sequential.pt"))
        let zip = try ZipArchive(data: data, file: "m.pt")
        let entry = try #require(TorchArchive.pickleEntry(in: zip))
        let pickle = [UInt8](try zip.contents(of: entry))
        #expect(pickle.count > 300)
        var machine = PickleMachine(file: "m.pt", part: "data.pkl", legacy: false)
        let whole: Result<(value: PickleValue, end: Int), ModelInputError> = pickle.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> (value: PickleValue, end: Int) in try machine.run(bytes, from: 0) }
        }
        #expect(try whole.get().end == pickle.count)
        for cut in 0..<pickle.count {
            var partial = PickleMachine(file: "m.pt", part: "data.pkl", legacy: false)
            let outcome: Result<(value: PickleValue, end: Int), ModelInputError> = pickle[..<cut].withUnsafeBytes { bytes in
                Result { () throws(ModelInputError) -> (value: PickleValue, end: Int) in try partial.run(bytes, from: 0) }
            }
            guard case .failure(let error) = outcome else { Issue.record("prefix of \(cut) bytes accepted"); continue }
            #expect(error.reason.hasPrefix("data.pkl, byte "))
        }
    }

    /// Every prefix of a legacy file is refused; the whole file reads.
    @Test func everyTruncationOfALegacyFileIsRefused() throws {
        let bytes = try Data(contentsOf: Fixtures.url("pytorch/good/legacy.pt"))
        _ = try TorchArchive(data: bytes, file: "legacy.pt")
        for cut in 0..<bytes.count {
            #expect(throws: ModelInputError.self, "prefix \(cut)") { _ = try TorchArchive(data: bytes.prefix(cut), file: "legacy.pt") }
        }
    }

    /// An `.npz` named `.pt` is no torch file: the missing data.pkl is named (not "no .npy arrays"),
    /// while the same bytes named `.npz` read as before.
    @Test func zipWithoutDataPklUnderATorchName() throws {
        let source = Fixtures.url("archives/savez.npz")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-\(UUID().uuidString).pt")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: source, to: copy)
        do {
            _ = try ModelReader.read(path: copy.path)
            Issue.record("an .npz named .pt was read")
        } catch {
            #expect(error.reason.contains("without <name>/data.pkl"))
        }
        #expect(try ModelReader.read(path: source.path).format == .npz)
    }

    /// Detection is by content first: a `.safetensors` file named `pytorch_model.bin` reads as what it is.
    @Test func safetensorsUnderATorchName() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-\(UUID().uuidString)-pytorch_model.bin")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: Fixtures.url("archives/sequential.safetensors"), to: copy)
        #expect(try ModelReader.read(path: copy.path).format == .safetensors)
    }

    // MARK: - Hand-made pickles

    /// A torch zip of one data.pkl and float32 storages, built in memory.
    static func torchZip(_ pickle: [UInt8], storages: [String: [Float]] = [:]) throws -> Data {
        var members: [(name: String, bytes: [UInt8])] = [("m/data.pkl", pickle)]
        for (key, values) in storages.sorted(by: { $0.key < $1.key }) {
            members.append(("m/data/\(key)", values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }))
        }
        return Data(try ModelWriter.storedZip(members, file: "m.pt"))
    }

    static func unicode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return [0x58] + withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { Array($0) } + bytes
    }

    static func global(_ module: String, _ name: String) -> [UInt8] { [0x63] + Array("\(module)\n\(name)\n".utf8) }

    static func ints(_ values: [Int]) -> [UInt8] { [0x28] + values.flatMap { [0x4B, UInt8($0)] } + [0x74] }

    /// `_rebuild_tensor_v2(('storage', FloatStorage, key, 'cpu', numel), offset, size, stride, False, OrderedDict())`.
    static func tensor(_ key: String, numel: Int, size: [Int], stride: [Int], offset: Int = 0) -> [UInt8] {
        global("torch._utils", "_rebuild_tensor_v2") + [0x28, 0x28] + unicode("storage") + global("torch", "FloatStorage") + unicode(key) + unicode("cpu")
            + [0x4B, UInt8(numel), 0x74, 0x51, 0x4B, UInt8(offset)] + ints(size) + ints(stride) + [0x89] + global("collections", "OrderedDict") + [0x29, 0x52, 0x74, 0x52]
    }

    /// A stride of 0 repeats an element (`expand`): legal and read; a 0-element
    /// tensor reads as empty; a size-1 dimension's stride is never used.
    @Test func expandedAndEmptyViews() throws {
        let pickle: [UInt8] = [0x80, 0x02, 0x7D, 0x28]
            + Self.unicode("b") + Self.tensor("0", numel: 1, size: [3], stride: [0])
            + Self.unicode("e") + Self.tensor("0", numel: 1, size: [0, 5], stride: [5, 1])
            + Self.unicode("w") + Self.tensor("1", numel: 2, size: [1, 2], stride: [200, 1])
            + [0x75, 0x2E]
        let archive = try TorchArchive(data: try Self.torchZip(pickle, storages: ["0": [2.5], "1": [1, -1]]), file: "m.pt")
        #expect(try archive.tensor(named: "b").binaryValues() == [2.5, 2.5, 2.5])
        #expect(try archive.tensor(named: "e").values.count == 0)
        #expect(try archive.tensor(named: "w").binaryValues() == [1, -1])
        // An empty view whose offset lies past its storage is refused, not used as a byte offset.
        let far: [UInt8] = [0x80, 0x02, 0x7D, 0x28] + Self.unicode("e") + Self.tensor("0", numel: 1, size: [0], stride: [1], offset: 200) + [0x75, 0x2E]
        #expect(throws: ModelInputError.self) { _ = try TorchArchive(data: try Self.torchZip(far, storages: ["0": [2.5]]), file: "m.pt") }
    }

    /// A dict stored in the memo and changed afterwards is the same dict when
    /// recalled (Python's references); a repeated key keeps its first place
    /// and its last value; a dict holding itself does not loop.
    @Test func memoIsByReferenceAndKeysFollowPython() throws {
        // d = {}; memo[0] = d; outer = {"inner": d, "w": t, "self": d, "w": t2}; then d["x"] = t3 and d["loop"] = d.
        let pickle: [UInt8] = [0x80, 0x02, 0x7D, 0x28]
            + Self.unicode("inner") + [0x7D, 0x71, 0x00]
            + Self.unicode("w") + Self.tensor("0", numel: 2, size: [2], stride: [1])
            + Self.unicode("self") + [0x68, 0x00]
            + Self.unicode("w") + Self.tensor("0", numel: 2, size: [1], stride: [1], offset: 1)
            + [0x75]
            + [0x68, 0x00] + Self.unicode("x") + Self.tensor("1", numel: 1, size: [1], stride: [1]) + [0x73, 0x30]
            + [0x68, 0x00] + Self.unicode("loop") + [0x68, 0x00, 0x73, 0x30]
            + [0x2E]
        let archive = try TorchArchive(data: try Self.torchZip(pickle, storages: ["0": [3, 4], "1": [7]]), file: "m.pt")
        #expect(archive.catalogue.map(\.name) == ["inner.x", "w", "self.x"])
        #expect(try archive.tensor(named: "w").binaryValues() == [4])
        #expect(try archive.tensor(named: "inner.x").binaryValues() == [7])
    }

    /// Integers as torch's pickles write them: BININT1/2/4 and LONG1 with its sign.
    @Test func integerOpcodes() throws {
        func value(_ bytes: [UInt8]) throws -> PickleValue {
            var machine = PickleMachine(file: "t", part: "data.pkl", legacy: false)
            let outcome: Result<PickleValue, ModelInputError> = ([0x80, 0x02] + bytes + [0x2E]).withUnsafeBytes { raw in
                Result { () throws(ModelInputError) -> PickleValue in try machine.run(raw, from: 0).value }
            }
            return try outcome.get()
        }
        #expect(try value([0x4B, 0xFF]) == .int(255))
        #expect(try value([0x4D, 0x01, 0x02]) == .int(513))
        #expect(try value([0x4A, 0xFE, 0xFF, 0xFF, 0xFF]) == .int(-2))
        #expect(try value([0x8A, 0x01, 0xFF]) == .int(-1))
        #expect(try value([0x8A, 0x02, 0xFF, 0x00]) == .int(255))
        #expect(try value([0x8A, 0x00]) == .int(0))
        #expect(try value([0x8A, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x80]) == .int(Int.min))
        #expect(try value([0x47, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0]) == .float(1.5))
    }

    /// Globals are refused where they are named, before any argument is read:
    /// a GLOBAL followed by garbage still names the global.
    @Test func globalsAreRefusedWhereNamed() throws {
        for (module, name) in [("os", "system"), ("builtins", "getattr"), ("torch", "load"), ("torch.serialization", "_get_layout"),
                               ("collections", "defaultdict"), ("numpy.core.multiarray", "_reconstruct"), ("copyreg", "_reconstructor")] {
            let data = try Self.torchZip([0x80, 0x02] + Self.global(module, name) + [0xFF, 0xFF])
            do {
                _ = try TorchArchive(data: data, file: "m.pt")
                Issue.record("\(module).\(name) accepted")
            } catch {
                #expect(error.reason.contains("\(module).\(name)"), "\(error.reason)")
                #expect(error.reason.contains("nothing in the file is executed"))
            }
        }
    }
}

import Foundation
import Testing
import ExactNumbers
import JSONDocument
@testable import ModelIO
@testable import ReluNetwork
import TestSupport

/// Hand-made `.npy` and `.safetensors` images (format by the NumPy and
/// safetensors specifications, not by relutopo's writer).
enum HandFiles {
    /// A version 1.0 `.npy`: magic, header dictionary padded to 64 bytes, payload.
    static func npy(descr: String, shape: String, payload: [UInt8]) -> [UInt8] {
        var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header + payload
    }

    /// A `.safetensors`: 8-byte little-endian header length, the header bytes as given, the data.
    static func safetensors(header: [UInt8], data: [UInt8]) -> [UInt8] {
        (0..<8).map { UInt8(header.count >> (8 * $0) & 0xFF) } + header + data
    }

    static func f64(_ values: [Double]) -> [UInt8] { values.flatMap { value in (0..<8).map { UInt8(value.bitPattern >> (8 * UInt64($0)) & 0xFF) } } }

    /// A fresh temporary directory, removed by the caller.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite struct ReaderHostileInputTests {
    // MARK: booleans

    /// NumPy (`bool(np.uint8(2))`) and PyTorch read any non-zero byte as True:
    /// the bytes 0, 2, 255, 1 of a `|b1` array are False, True, True, True.
    @Test func npyBooleanBytesOtherThanOneAreTrue() throws {
        let image = HandFiles.npy(descr: "|b1", shape: "(4,)", payload: [0, 2, 255, 1])
        let tensor = try NpyReader.tensor(from: Data(image), file: "b.npy", name: "b1")
        #expect((0..<4).map { tensor.exactValue(at: $0) } == [0, 1, 1, 1].map { Rational($0) })
    }

    @Test func safetensorsBooleanBytesOtherThanOneAreTrue() throws {
        let header = Array(#"{"W1": {"dtype": "BOOL", "shape": [2, 2], "data_offsets": [0, 4]}}"#.utf8)
        let archive = try SafetensorsArchive(data: Data(HandFiles.safetensors(header: header, data: [0, 2, 255, 1])), file: "b.safetensors")
        let tensor = try archive.tensor(named: "W1")
        #expect((0..<4).map { tensor.exactValue(at: $0) } == [0, 1, 1, 1].map { Rational($0) })
    }

    /// Through a whole model: W1 = bool [[0, 2], [255, 1]] is [[0, 1], [1, 1]];
    /// with W2 = [[1, 1]], c = ‖W1[k]‖² − W2[0,k]² = (1 − 1, 2 − 1) = (0, 1).
    /// (Bytes taken as numbers would give 4 − 1 and 65026 − 1.)
    @Test func booleanModelHasTheInvariantsOfItsTruthValues() throws {
        let header = Array(#"{"W1": {"dtype": "BOOL", "shape": [2, 2], "data_offsets": [0, 4]}, "W2": {"dtype": "F64", "shape": [1, 2], "data_offsets": [4, 20]}}"#.utf8)
        let bytes = HandFiles.safetensors(header: header, data: [0, 2, 255, 1] + HandFiles.f64([1, 1]))
        let model = try ModelReader.read(bytes: Data(bytes), format: .safetensors, file: "b.safetensors")
        #expect(model.invariants().map(\.c) == [Rational(0), Rational(1)])
    }

    // MARK: files that are not regular files

    /// A FIFO is refused by name at once (opening it for reading would block
    /// until a writer came), with no talk of an "empty file".
    @Test func fifoIsRefusedWithoutBlocking() throws {
        let directory = try HandFiles.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("W1.npy").path
        #expect(mkfifo(fifo, 0o600) == 0)
        do {
            _ = try RegularFile.map(fifo)
            Issue.record("a FIFO was read")
        } catch {
            #expect(error.file == fifo)
            #expect(error.reason.contains("not a regular file (a FIFO)"))
            #expect(!error.reason.contains("empty"))
        }
    }

    /// `/dev/zero` (endless) and `/dev/null` (the closed stdin of scripts) under every model extension.
    @Test(arguments: ["/dev/zero", "/dev/null"]) func characterDevicesAreRefused(device: String) throws {
        let directory = try HandFiles.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["m.npy", "m.safetensors", "m.npz", "m.json", "m"] {
            let link = directory.appendingPathComponent(name).path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: device)
            do {
                _ = try ModelReader.read(path: link)
                Issue.record("\(device) as \(name) was read")
            } catch {
                #expect(error.file == link && error.reason.contains("not a regular file (a character device)"), "\(error)")
            }
        }
    }

    /// A FIFO (or a directory, or a dangling link) named W1.npy or b1.npy in a
    /// model directory is refused naming that file; a bias is "absent" only when nothing is there.
    @Test func nonRegularTensorsInAModelDirectoryAreRefusedByName() throws {
        let directory = try HandFiles.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let w1 = HandFiles.npy(descr: "<f8", shape: "(1, 1)", payload: HandFiles.f64([2]))
        try Data(w1).write(to: directory.appendingPathComponent("W1.npy"))
        try Data(w1).write(to: directory.appendingPathComponent("W2.npy"))
        #expect(try ModelReader.read(path: directory.path).invariants().map(\.c) == [Rational(0)])   // 2² − 2²
        let b1 = directory.appendingPathComponent("b1.npy").path
        let makers: [(String, () throws -> Void)] = [
            ("a FIFO", { #expect(mkfifo(b1, 0o600) == 0) }),
            ("is a directory", { try FileManager.default.createDirectory(atPath: b1, withIntermediateDirectories: false) }),
            ("does not exist", { try FileManager.default.createSymbolicLink(atPath: b1, withDestinationPath: directory.appendingPathComponent("gone.npy").path) }),
        ]
        for (fragment, make) in makers {
            try make()
            defer { try? FileManager.default.removeItem(atPath: b1) }
            do {
                _ = try ModelReader.read(path: directory.path)
                Issue.record("b1.npy that \(fragment) was read")
            } catch {
                #expect(error.file == b1 && error.reason.contains(fragment), "\(error)")
            }
        }
    }

    @Test func socketsAreRefused() throws {
        let directory = try HandFiles.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.npz").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        do {
            _ = try ModelReader.read(path: path)
            Issue.record("a socket was read")
        } catch {
            #expect(error.file == path && error.reason.contains("not a regular file (a socket)"), "\(error)")
        }
    }

    // MARK: UTF-8

    /// Tensor names that are not Unicode text are refused, not renamed to U+FFFD.
    @Test(arguments: ["invalid_utf8_key", "lone_surrogate_key"]) func safetensorsKeysMustBeUnicode(name: String) {
        let path = Fixtures.path("bad_archives/\(name).safetensors")
        do {
            _ = try ModelReader.read(path: path)
            Issue.record("\(name) was read")
        } catch {
            #expect(error.file == path)
            #expect(error.reason.contains("invalid UTF-8") || error.reason.contains("lone surrogate"), "\(error)")
        }
    }

    @Test func jsonStringsMustBeUnicode() throws {
        for bad: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], Array(#""\udc00""#.utf8), Array(#""\ud800\u0041""#.utf8)] {
            #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bad) }
        }
        // Valid text still reads: é raw and escaped, and 😀 as a surrogate pair.
        #expect(try JSONValue.parse([0x22, 0xC3, 0xA9, 0x22]) == .string("é"))
        #expect(try JSONValue.parse(Array(#""\u00e9\ud83d\ude00""#.utf8)) == .string("é\u{1F600}"))
    }

    // MARK: --keys

    @Test(arguments: ["../W1,-,W2,-", "W1,b1,/etc/W2,-", "W1,.,W2,-", "W1,-,W2,..", "W1,-,a/b,-", "W1,b\u{0}1,W2,-"])
    func keysThatAreNotPlainNamesAreRefused(text: String) {
        #expect(TensorKeys(parsing: text) == nil)
        #expect(TensorKeys.parsingProblem(text)?.contains("must be a plain name") == true)
    }

    @Test func plainKeysWithDotsAreAccepted() throws {
        let keys = try #require(TensorKeys(parsing: "0.weight,0.bias,2.weight,-"))
        #expect(keys.inputWeights == "0.weight" && keys.hiddenBias == "0.bias" && keys.outputBias == nil)
        #expect(TensorKeys.parsingProblem("W1,b1,W2") != nil && TensorKeys.parsingProblem("W1,b1,W2,b2") == nil)
    }

    /// Keys built in code (not parsed) are checked again by the directory reader.
    @Test func directoryReaderRefusesPathsAsStems() throws {
        let keys = TensorKeys(inputWeights: "../W1", hiddenBias: nil, outputWeights: "W2", outputBias: nil, explicit: true)
        do {
            _ = try ModelReader.read(path: Fixtures.path("models/bias_f32"), options: ModelReadOptions(keys: keys))
            Issue.record("../W1 was read")
        } catch {
            #expect(error.file == Fixtures.path("models/bias_f32") && error.reason.contains("must be a plain name"))
        }
    }

    // MARK: shapes

    /// A W1 of shape (10^15, 0) holds no element; the single-`.npy` entry point
    /// refuses it as an empty network instead of building 10^15 ones for W2.
    @Test func hugeEmptyShapeIsRefusedWithoutAllocating() {
        let image = HandFiles.npy(descr: "<f8", shape: "(1000000000000000, 0)", payload: [])
        do {
            _ = try ModelReader.read(bytes: Data(image), format: .npyDirectory, file: "W1.npy")
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains("empty network"), "\(error)")
        }
    }
}

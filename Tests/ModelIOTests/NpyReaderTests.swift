import Foundation
import Testing
import ExactNumbers
@testable import ModelIO
import ReluNetwork
@testable import ReluNetwork
import TestSupport

@Suite struct NpyReaderTests {
    @Test func fixturesArePresent() {
        #expect(Fixtures.names("arrays").count == 34)
        #expect(Fixtures.names("bad").count == 13)
    }

    /// Every dtype, byte order and memory order: each element equals the exact
    /// value `fractions.Fraction` gave for the same NumPy array.
    @Test(arguments: Fixtures.names("arrays"))
    func readsExactValues(name: String) throws {
        let tensor = try NpyReader.readTensor(path: Fixtures.path("arrays/\(name).npy"), name: name)
        let entry = Fixtures.expected["arrays"]?[name]
        #expect(tensor.shape == Fixtures.integers(entry?["shape"]))
        let expected = Fixtures.strings(entry?["values"])
        #expect(tensor.values.count == expected.count)
        for (index, text) in expected.enumerated() {
            #expect(tensor.exactValue(at: index) == (try Rational(parsing: text)), "\(name)[\(index)]")
        }
    }

    @Test func largeInt64ValuesStayExact() throws {
        let tensor = try NpyReader.readTensor(path: Fixtures.path("arrays/i8_big.npy"), name: "W1")
        guard case .exact = tensor.values else { Issue.record("2^60 + 1 must not be rounded to binary64"); return }
        #expect(tensor.exactValue(at: 0) == Rational(BigInt.powerOfTwo(60) + BigInt(1)))
    }

    /// Malformed files: an error naming the file and tensor (and index where
    /// there is one), never a trap.
    @Test(arguments: Fixtures.names("bad"))
    func rejectsBadFiles(name: String) throws {
        let path = Fixtures.path("bad/\(name).npy")
        guard case .string(let fragment)? = Fixtures.expected["bad"]?[name] else {
            Issue.record("no expected message for \(name)"); return
        }
        do {
            _ = try NpyReader.readTensor(path: path, name: "W1")
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(error.description.hasPrefix(path + ": tensor W1"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func everyTruncationOfAValidFileIsRejectedCleanly() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("arrays/f4_be_F.npy")))
        let bytes = [UInt8](data)
        for length in 0..<bytes.count {
            let prefix = Data(bytes[0..<length])
            if (try? NpyReader.tensor(from: prefix, file: "cut.npy", name: "W1")) != nil {
                Issue.record("prefix of \(length) bytes accepted")
            }
        }
    }

    @Test func missingFileAndDirectory() {
        #expect(throws: ModelInputError.self) { try NpyReader.readTensor(path: "/nonexistent/W1.npy", name: "W1") }
        #expect(throws: ModelInputError.self) { try NpyReader.readTensor(path: Fixtures.path("arrays"), name: "W1") }
    }
}

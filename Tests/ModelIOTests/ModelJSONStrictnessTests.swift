import Foundation
import Testing
import ModelIO
import ReluNetwork

/// Issue "Nothing lost, nothing wrong", for the model readers: the strict JSON
/// parser's refusals reach the user as one line naming the file.
@Suite struct ModelJSONStrictnessTests {
    /// Model JSON: refused with the file and the key in one line.
    @Test func modelJSONWithADuplicateTensorNamesFileAndKey() {
        let text = #"{"W1": [[1, 0], [0, 1]], "W2": [[2, -3]], "W1": [[5, 5], [5, 5]]}"#
        #expect(throws: ModelInputError.self) { try ModelJSONReader.parse(Array(text.utf8), file: "m.json") }
        do {
            _ = try ModelJSONReader.parse(Array(text.utf8), file: "m.json")
        } catch {
            #expect(error.description.hasPrefix("m.json: "))
            #expect(error.description.contains("duplicate key") && error.description.contains("\"W1\""))
        }
    }

    /// A safetensors header goes through the same parser.
    @Test func safetensorsHeaderWithADuplicateTensorIsRefused() throws {
        let entry = #"{"dtype": "F64", "shape": [1, 1], "data_offsets": [0, 8]}"#
        let header = Array(#"{"W1": \#(entry), "W2": {"dtype": "F64", "shape": [1, 1], "data_offsets": [8, 16]}, "W1": \#(entry)}"#.utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)
        bytes += header
        bytes += withUnsafeBytes(of: Double(1).bitPattern.littleEndian, Array.init)
        bytes += withUnsafeBytes(of: Double(2).bitPattern.littleEndian, Array.init)
        do {
            _ = try ModelReader.read(bytes: Data(bytes), format: .safetensors, file: "m.safetensors")
            Issue.record("accepted a duplicate tensor")
        } catch {
            #expect(error.description.hasPrefix("m.safetensors"))
            #expect(error.description.contains("\"W1\"") && error.description.contains("twice"))
        }
    }

    /// The refusal comes early: 20 000 `1e99999` are refused after eleven, not after materialising any.
    @Test func theHostileFileIsRefusedQuickly() throws {
        let text = #"{"W1": [["# + Array(repeating: "1e99999", count: 20_000).joined(separator: ",") + #"]], "W2": [[1]]}"#
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try ModelJSONReader.parse(Array(text.utf8), file: "exp.json")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("exp.json") && error.description.contains("exponent budget exceeded"))
        }
        #expect(clock.now - start < .seconds(5))
    }
}

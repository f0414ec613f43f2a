import Testing
@testable import ModelIO
import ReluNetwork

/// Reads `path` expecting it refused: the error, which must name the file on
/// one line; nil (and a recorded issue) when the file was accepted.
func refusal(_ path: String) -> ModelInputError? {
    do {
        _ = try ModelReader.read(path: path)
        Issue.record("\(path) was accepted")
        return nil
    } catch {
        #expect(error.file == path)
        #expect(!error.description.contains("\n"))
        return error
    }
}

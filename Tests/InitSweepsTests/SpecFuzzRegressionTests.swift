import Foundation
import Testing
@testable import InitSweeps
import TestSupport

/// Replays the sweep-spec fuzzing corpus and regressions (Tests/Fuzz/*/spec):
/// every input is accepted or refused with a SweepSpecError, never a trap.
@Suite struct SpecFuzzRegressionTests {
    static let root = Fixtures.fuzz

    static let inputs: [String] = ["corpus", "regressions"].flatMap { folder in
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("\(folder)/spec").path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/spec/\($0)" }
    }

    @Test(arguments: inputs)
    func replayNeverTraps(_ relative: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(relative)))
        do {
            let spec = try SweepParameters.parse(bytes, file: relative).spec(file: relative)
            #expect(spec.cellCount != nil)
        } catch {
            #expect(!error.description.isEmpty)
        }
    }
}

import Foundation
import Testing
@testable import ModelIO
import ReluNetwork
@testable import ReluNetwork
import TestSupport

/// Replays the fuzzing corpus and every crash the fuzzers ever found
/// (Tests/Fuzz/regressions/FORMAT, fixed) through the same entry point the
/// fuzzers use: each input must be accepted or refused with a ModelInputError,
/// never trap. `scripts/fuzz FORMAT SECONDS` finds new ones.
@Suite struct FuzzRegressionTests {
    static let root = Fixtures.fuzz

    static let inputs: [String] = {
        var paths: [String] = []
        for folder in ["corpus", "regressions"] {
            for format in ["npy", "npz", "safetensors", "json", "pt", "pkl", "csv"] {
                let directory = root.appendingPathComponent(folder).appendingPathComponent(format)
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
                paths += names.filter { !$0.hasPrefix(".") }.map { "\(folder)/\(format)/\($0)" }
            }
        }
        return paths
    }()

    @Test func corpusIsPresent() {
        #expect(Self.inputs.filter { $0.hasPrefix("corpus/") }.count >= 60)
    }

    @Test(arguments: inputs)
    func replayNeverTraps(_ relative: String) throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent(relative))
        if relative.split(separator: "/")[1] == "csv" {
            do {
                let table = try CSVTable.parse(data, file: relative)
                for column in table.header { _ = try table.exactColumn(column) }
            } catch {
                #expect(!error.description.isEmpty)
            }
            return
        }
        if relative.split(separator: "/")[1] == "pkl" {
            do {
                _ = try ModelReader.read(torchPickle: data, file: relative).invariants()
            } catch {
                #expect(!error.description.isEmpty)
            }
            return
        }
        let format: ModelFormat
        switch relative.split(separator: "/")[1] {
        case "npz": format = .npz
        case "safetensors": format = .safetensors
        case "json": format = .json
        case "pt": format = .pytorch
        default: format = .npyDirectory
        }
        do {
            let model = try ModelReader.read(bytes: data, format: format, file: relative)
            _ = model.invariants()
        } catch {
            #expect(!error.description.isEmpty)
        }
    }
}

import Foundation
import Testing
@testable import InitSweeps

@Suite struct SweepSpecTests {
    @Test func integerListsFollowSpecTwelve() throws {
        #expect(try IntegerList.parse("1,2,5", key: "inputs") == [1, 2, 5])
        #expect(try IntegerList.parse("3:6", key: "inputs") == [3, 4, 5, 6])
        #expect(try IntegerList.parse("2:10:4", key: "inputs") == [2, 6, 10])
        #expect(try IntegerList.parse("1, 4:5", key: "inputs") == [1, 4, 5])
        for bad in ["", "1,,2", "a", "5:1", "1:5:0", "1:2:3:4", "0:100000000", "-9223372036854775808:9223372036854775807", "99999999999999999999"] {
            #expect(throws: SweepSpecError.self, "\(bad)") { _ = try IntegerList.parse(bad, key: "inputs") }
        }
    }

    @Test func hugeGridsAreRefusedNotTrapped() throws {
        let wide = Array(1...1024)
        let spec = SweepSpec(schemes: InitScheme.namedSchemes, inputs: wide, hidden: wide, outputs: wide, bias: [false, true], samples: wide, seed: 0)
        #expect(throws: SweepSpecError.self) { try spec.validate() }
        let tooWide = SweepSpec(schemes: [.kaimingNormal], inputs: [1 << 21], hidden: [2], samples: [1], seed: 0)
        #expect(throws: SweepSpecError.self) { try tooWide.validate() }
    }

    @Test func shardsPartitionTheCells() throws {
        let spec = SweepSpec(schemes: [.kaimingNormal, .xavierUniform], inputs: [1, 2, 3], hidden: [1, 2], samples: [10], seed: 0)
        let cells = spec.cells
        #expect(cells.count == 12 && cells.map(\.index) == Array(0..<12))
        for count in 1...5 {
            var covered: [Int] = []
            for index in 1...count {
                let shard = try #require(Shard(parsing: "\(index)/\(count)"))
                covered += cells.filter { shard.contains($0.index) }.map(\.index)
            }
            #expect(covered.sorted() == Array(0..<12))
        }
        #expect(Shard(parsing: "0/3") == nil && Shard(parsing: "4/3") == nil && Shard(parsing: "1/0") == nil && Shard(parsing: "x") == nil)
    }

    @Test func yamlAndJSONSpecsReadTheSameParameters() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = directory.appendingPathComponent("sweep.yaml")
        try """
            # the appendix figure, small
            scheme: [xavier_normal, "gaussian(0.5,1,0.5)"]
            inputs: 1:3   # d
            hidden:
              - 1
              - 4
            bias: both
            teacher: 1/1
            samples: 100
            seed: 9
            """.write(to: yaml, atomically: true, encoding: .utf8)
        let json = directory.appendingPathComponent("sweep.json")
        try """
            {"scheme": ["xavier_normal", "gaussian(0.5,1,0.5)"], "inputs": "1:3", "hidden": [1, 4], "bias": "both",
             "teacher": "1/1", "samples": 100, "seed": 9}
            """.write(to: json, atomically: true, encoding: .utf8)
        let fromYAML = try SweepParameters.parse(Array(Data(contentsOf: yaml)), file: yaml.path).spec(file: yaml.path)
        let fromJSON = try SweepParameters.parse(Array(Data(contentsOf: json)), file: json.path).spec(file: json.path)
        #expect(fromYAML == fromJSON)
        #expect(fromYAML.schemes == [.xavierNormal, .gaussian(inputStd: 0.5, outputStd: 1, biasStd: 0.5)])
        #expect(fromYAML.inputs == [1, 2, 3] && fromYAML.hidden == [1, 4] && fromYAML.bias == [false, true])
        #expect(fromYAML.teachers == [TeacherSigns(positive: 1, negative: 1)] && fromYAML.samples == [100] && fromYAML.seed == 9)

        let nested = directory.appendingPathComponent("nested.yaml")
        try "scheme: kaiming_normal\ninputs:\n  deep: 1\n".write(to: nested, atomically: true, encoding: .utf8)
        let nestedBytes = try Array(Data(contentsOf: nested))
        #expect(throws: SweepSpecError.self) { _ = try SweepParameters.parse(nestedBytes, file: nested.path) }
        let typo = directory.appendingPathComponent("typo.yaml")
        try "scheme: kaiming_normal\ninput: 1\nhidden: 2\n".write(to: typo, atomically: true, encoding: .utf8)
        let typoBytes = try Array(Data(contentsOf: typo))
        do {
            _ = try SweepParameters.parse(typoBytes, file: typo.path)
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.key == "input" && error.file == typo.path)
        }
    }

    /// Rows computed cell by cell in any grouping are the same JSON.
    @Test func rowsDoNotDependOnTheGrouping() {
        let spec = SweepSpec(schemes: [.pytorchDefault, .kaimingNormal], inputs: [2, 3], hidden: [2, 3], teachers: [TeacherSigns(positive: 1, negative: 0)], samples: [500], seed: 4)
        let all = SweepRunner(spec: spec, threads: 2).rows(for: spec.cells)
        let oneByOne = spec.cells.reversed().flatMap { SweepRunner(spec: spec, threads: 1).rows(for: [$0]) }.reversed()
        #expect(all == Array(oneByOne))
    }
}

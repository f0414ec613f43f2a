import ExactNumbers
import ModelIO
import ReluNetwork
import Testing
@testable import ProofChecks

/// `verify lie --data/--samples [--point]` without the binary: the problem built
/// from parsed inputs, its errors, and the count.
@Suite struct GivenDataInputsTests {
    static func model(_ json: String) throws -> ReluNetworkModel {
        try ModelJSONReader.parse(Array(json.utf8), file: "point.json")
    }

    static func rows(_ values: [[Int]]) -> [[Rational]] { values.map { $0.map { Rational($0) } } }

    /// Random data and a random point come from one seeded stream, data first.
    @Test func randomDataThenRandomPointFromOneStream() throws {
        let problem = try LieProblem(data: .random(samples: 3, inputs: 2), point: .random(hidden: 2, outputs: 1, hiddenBias: true), seed: 9)
        var random = SeededRationals(seed: 9)
        func rational() -> Rational { random.rational(numerators: -100...100, denominators: 1...7) }
        let inputs = (0..<3).map { _ in (0..<2).map { _ in rational() } }
        let inputSides = (0..<2).map { _ in (0..<3).map { _ in rational() } }
        let outputSides = (0..<2).map { _ in [rational()] }
        #expect(problem.inputs == inputs)
        #expect(problem.inputSides == inputSides)
        #expect(problem.outputSides == outputSides)
        #expect(problem.hiddenBias && problem.slope == .zero)
    }

    /// A model point keeps its neurons, hidden bias and leaky slope.
    @Test func modelPointKeepsItsNeuronsAndSlope() throws {
        let point = try Self.model(#"{"W1": [[1, 2], [3, -1]], "b1": [0, 1], "W2": [[5, -7]], "activation": {"leaky_relu": 0.25}}"#)
        let problem = try LieProblem(data: .rows(Self.rows([[1, 1], [2, -3]]), file: "data.csv"), point: .model(point, file: "point.json"), seed: 1)
        #expect(problem.inputSides == Self.rows([[1, 2, 0], [3, -1, 1]]))
        #expect(problem.outputSides == Self.rows([[5], [-7]]))
        #expect(problem.hiddenBias)
        #expect(problem.slope == Rational(numerator: 1, denominator: 4))
    }

    /// A point whose d is not the data's width is bad input naming its W1.
    @Test func pointOfAnotherWidthIsBadInput() throws {
        let point = try Self.model(#"{"W1": [[1, 2, 3]], "W2": [[1]]}"#)
        let error = #expect(throws: ModelInputError.self) {
            try LieProblem(data: .rows(Self.rows([[1, 1]]), file: "data.csv"), point: .model(point, file: "point.json"), seed: 1)
        }
        #expect(error?.description.contains("point.json") == true)
        #expect(error?.description.contains("W1") == true)
    }

    /// The count of VerifyCommandTests, without the binary: two neurons active on
    /// every point (3 laws) and one dead neuron (m + e = 3 laws).
    @Test func countsGivenDataAtAModelPoint() throws {
        let point = try Self.model(#"{"W1": [[1, 1], [2, 1], [-1, -1]], "W2": [[1, -2, 3]]}"#)
        let data = LieProblem.Data.rows(Self.rows([[1, 2], [2, 1], [3, 3], [1, 4]]), file: "data.csv")
        #expect(data.inputs == 2)
        let report = try ConservationLawCount.givenData(data: data, point: .model(point, file: "point.json"), seed: 1)
        #expect(report.conservationLaws == 6)
        #expect(report.deadNeurons == 1)
        #expect(report.certified)
    }

    /// A point the prime cannot reduce is bad input naming the point's file.
    @Test func pointOutsideThePrimeFieldNamesThePoint() throws {
        let point = try Self.model(#"{"W1": [[1, "1/2305843009213693951"]], "W2": [[1]]}"#)
        let error = #expect(throws: ModelInputError.self) {
            try ConservationLawCount.givenData(data: .rows(Self.rows([[1, 2]]), file: "data.csv"), point: .model(point, file: "point.json"), seed: 1)
        }
        #expect(error?.description.contains("point.json") == true)
    }

    /// Data values the prime cannot reduce are refused with their line and column.
    @Test func dataOutsideThePrimeFieldNamesLineAndColumn() throws {
        let dataSet = try CSVDataSet.parse(Array("x1,x2,y\n1,2,0\n2,1/2305843009213693951,1\n".utf8), file: "bad.csv", target: "y", exactFeatures: true)
        let error = #expect(throws: ModelInputError.self) { try LieProblem.rows(of: dataSet, file: "bad.csv") }
        #expect(error?.description.contains("line 3") == true)
        #expect(error?.description.contains("x2") == true)
        let good = try CSVDataSet.parse(Array("x1,x2,y\n1,2/3,0\n".utf8), file: "good.csv", target: "y", exactFeatures: true)
        #expect(try LieProblem.rows(of: good, file: "good.csv") == [[Rational(1), Rational(numerator: 2, denominator: 3) ?? .zero]])
    }
}

import Foundation
import Testing
import GradientFlow
import ModelIO

/// Flow data from a CSV go through the one data-set reader (`CSVDataSet`).
@Suite struct FlowDataTests {
    /// Row-major features (every column but the target, in file order) and the target as the one output.
    @Test func csvRowsBecomeRowMajorInputs() throws {
        let data = try CSVDataSet.parse(Array("a,y,b\n1,10,2\n\n3,20,4\n".utf8), file: "d.csv", target: "y", inputs: 2)
        let flow = FlowData.csv(data)
        #expect(flow.samples == 2 && flow.d == 2 && flow.e == 1)
        #expect(flow.inputs == [1, 2, 3, 4])
        #expect(flow.targets == [10, 20])
    }

    /// The rule flow used to apply alone now holds for every command: a NaN is refused, naming the cell.
    @Test func nanIsRefusedWithItsLine() {
        do {
            _ = try CSVDataSet.parse(Array("a,y\n1,2\n\nnan,3\n".utf8), file: "d.csv", target: "y", inputs: 1)
            Issue.record("accepted NaN")
        } catch {
            #expect(error.description == "d.csv: line 4, column \"a\": NaN is not allowed (data must be finite)")
        }
    }
}

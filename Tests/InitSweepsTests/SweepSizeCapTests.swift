import Foundation
import Testing
@testable import InitSweeps

/// A list's total length and the grid's size are checked before anything is
/// expanded: each `a:b` piece under the cap is not enough (issue "Nothing lost,
/// nothing wrong": a 30 KB spec of `1:100000` pieces allocated > 8 GB).
@Suite struct SweepSizeCapTests {
    @Test func rangesAreCountedWithoutExpansion() throws {
        // 1…10 (10 values), 5 (1), 2, 5, 8, …, 20 (7): 18 in all.
        let ranges = try IntegerList.ranges("1:10,5,2:20:3", key: "inputs")
        #expect(ranges.count == 18)
        #expect(ranges.values == Array(1...10) + [5] + [2, 5, 8, 11, 14, 17, 20])
        // The cap is on the total: exactly 2^20 values pass, one more does not.
        #expect(try IntegerList.ranges("1:1048576", key: "hidden").count == 1 << 20)
        #expect(throws: SweepSpecError.self) { _ = try IntegerList.ranges("1:1048576,7", key: "hidden") }
        #expect(throws: SweepSpecError.self) { _ = try IntegerList.ranges("1:600000,1:600000", key: "hidden") }
    }

    /// 3300 pieces of 100 000 values (3.3·10⁸ in all) are refused at once, naming
    /// the key and the file; measuring them takes microseconds, not gigabytes.
    @Test func manyLargeRangesAreRefused() throws {
        let list = Array(repeating: "1:100000", count: 3300).joined(separator: ",")
        let started = ContinuousClock.now
        do {
            _ = try SweepParameters(values: ["scheme": "kaiming_normal", "inputs": list, "hidden": "1"]).spec(file: "big.yaml")
            Issue.record("3.3e8 values accepted")
        } catch {
            #expect(error.file == "big.yaml" && error.key == "inputs")
            #expect(error.reason.contains("1048576"))
        }
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    /// Each list fits but the product does not: 2 schemes × 1024 × 1024 = 2^21 cells.
    @Test func gridSizeIsCheckedBeforeExpansion() throws {
        #expect(throws: SweepSpecError.self) {
            _ = try SweepParameters(values: ["scheme": "kaiming_normal,xavier_normal", "inputs": "1:1024", "hidden": "1:1024"]).spec()
        }
        // 1 scheme × 1024 × 1024 = 2^20 cells: at the cap, accepted.
        let spec = try SweepParameters(values: ["scheme": "kaiming_normal", "inputs": "1:1024", "hidden": "1:1024", "samples": "0"]).spec()
        #expect(spec.cellCount == 1 << 20)
        // Rows are cells × teachers: 10 000 cells × 200 teachers = 2 000 000 > 2^20.
        let teachers = Array(repeating: "1/1", count: 200).joined(separator: ",")
        #expect(throws: SweepSpecError.self) {
            _ = try SweepParameters(values: ["scheme": "kaiming_normal", "inputs": "1:10", "hidden": "1:1000", "teacher": teachers]).spec()
        }
    }
}

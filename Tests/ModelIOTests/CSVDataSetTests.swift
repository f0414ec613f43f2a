import ExactNumbers
import Foundation
import Testing
@testable import ModelIO
import ReluNetwork

/// Issue "Nothing lost, nothing wrong": one CSV reader, one rule, for every
/// command that takes --data; messages name file, column and physical line.
@Suite struct CSVDataSetTests {
    static func read(_ text: String, target: String? = "y", inputs: Int? = nil, model: String? = nil,
                     exact: Bool = false) throws(ModelInputError) -> CSVDataSet {
        try CSVDataSet.parse(Array(text.utf8), file: "d.csv", target: target, inputs: inputs, model: model, exactFeatures: exact)
    }

    static func message(_ text: String, target: String? = "y", inputs: Int? = nil, model: String? = nil) -> String? {
        do {
            _ = try read(text, target: target, inputs: inputs, model: model)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func featuresAndTargetsAreExactAndInOrder() throws {
        let data = try Self.read("x1, y ,x2\n0.1,2,1/3\n-4e-1,  -5 ,7\n", exact: true)
        #expect(data.featureNames == ["x1", "x2"] && data.targetName == "y")
        #expect(data.samples == 2 && data.featureCount == 2)
        let tenth = try #require(Rational(numerator: BigInt(1), denominator: BigInt(10)))
        let third = try #require(Rational(numerator: BigInt(1), denominator: BigInt(3)))
        let minusTwoFifths = try #require(Rational(numerator: BigInt(-2), denominator: BigInt(5)))
        #expect(data.exactTargets == [Rational(2), Rational(-5)])
        #expect(Array(data.exactRow(0)) == [tenth, third])
        #expect(Array(data.exactRow(1)) == [minusTwoFifths, Rational(7)])
        // Binary64: the nearest doubles, which Swift's own literals are.
        #expect(data.features == [0.1, 1.0 / 3.0, -0.4, 7])
        #expect(data.targets == [2, -5])
        #expect(data.lines == [2, 3])
    }

    @Test func targetByIndexAndNoTarget() throws {
        let byIndex = try Self.read("a,b,c\n1,2,3\n", target: "0")
        #expect(byIndex.targetName == "a" && byIndex.features == [2, 3] && byIndex.targets == [1])
        let none = try Self.read("a,b,c\n1,2,3\n", target: nil)
        #expect(none.targetName == nil && none.features == [1, 2, 3] && none.targets.isEmpty)
    }

    /// Line numbers are the file's physical lines: blank lines, CRLF and lone CR all count.
    @Test(arguments: [
        ("x,y\n1,2\n\n\n1,nan\n", "line 5"),
        ("\n\nx,y\n1,2\n1,\n", "line 5"),
        ("x,y\r\n1,2\r\n\r\n  \t \r\n3,zz\r\n", "line 5"),
        ("x,y\r1,2\r\r3,zz\r", "line 4"),
        ("x,y\n1,2\n\n1,2,3\n", "line 4 has more than 2 cells"),
        ("x,y\n1,2\n\n5\n", "line 4 has 1 cells"),
    ])
    func lineNumbersArePhysical(_ text: String, _ fragment: String) throws {
        let message = try #require(Self.message(text))
        #expect(message.hasPrefix("d.csv: ") && message.contains(fragment), "\(message)")
    }

    /// The one rule: each refusal names the column and the line.
    @Test(arguments: [
        ("x1,x2,y\n1,2,3\n1,NaN,3\n", "line 3, column \"x2\": NaN is not allowed"),
        ("x1,x2,y\n1,2,3\n1,-inf,3\n", "line 3, column \"x2\": \"-inf\" is not allowed"),
        ("x1,x2,y\n1,2,3\n1,Infinity,3\n", "column \"x2\": \"Infinity\" is not allowed"),
        ("x1,x2,y\n1,,3\n", "line 2, column \"x2\": empty cell"),
        ("x1,x2,y\n1,2,\n", "line 2, column \"y\": empty cell"),
        ("x1,x2,y\n1,0x10,3\n", "line 2, column \"x2\": \"0x10\" is not a number"),
        ("x1,x2,y\n1,1/0,3\n", "zero denominator in \"1/0\""),
        ("x1,x2,y\n1,1e400,3\n", "column \"x2\": \"1e400\" is beyond binary64's range"),
        ("x1,x2,y\n1,\"2\",3\n", "is not a number"),
        ("x1,x2,y\n1,\u{1B}[2J,3\n", "\"\\u{1b}[2J\" is not a number"),
    ])
    func badCellsNameColumnAndLine(_ text: String, _ fragment: String) throws {
        let message = try #require(Self.message(text))
        #expect(message.hasPrefix("d.csv: ") && message.contains(fragment), "\(message)")
    }

    /// Tiny values are fine (they round to 0 in binary64, stay exact where exact).
    @Test func tinyValuesAreKeptExactly() throws {
        let data = try Self.read("x,y\n1e-400,1\n", exact: true)
        #expect(data.features == [0])
        #expect(data.exactRow(0).first?.signum == 1)
    }

    @Test(arguments: [
        ("x,y,x\n1,2,3\n", "line 1: column \"x\" appears twice (columns 1 and 3)"),
        ("\n# \nx,y\n1,2\n", "line 3 has more than 1 cells, the header (line 2) has 1"),   // no comments: "#" is the header
        (",x,y\n0,1,2\n", "line 1: column 1 has no name"),
        ("x,y\n", "no data rows after the header (line 1)"),
        ("", "no rows"),
        ("\n \n\t\n", "no rows"),
        ("x,y\n1,2\n", nil),
    ] as [(String, String?)])
    func headerRules(_ text: String, _ fragment: String?) throws {
        let message = Self.message(text, target: nil)
        if let fragment {
            let message = try #require(message)
            #expect(message.contains(fragment), "\(message)")
        } else {
            #expect(message == nil)
        }
    }

    @Test func targetAndFeatureCountAreChecked() throws {
        let missing = try #require(Self.message("x1,x2,y\n1,2,3\n", target: "z"))
        #expect(missing.contains("no target column \"z\""))
        let wrong = try #require(Self.message("x1,x2,x3,y\n1,2,3,4\n", inputs: 2, model: "init.json"))
        #expect(wrong.hasPrefix("d.csv: ") && wrong.contains("3 feature columns") && wrong.contains("init.json has d = 2"))
        let onlyTarget = try #require(Self.message("y\n1\n"))
        #expect(onlyTarget.contains("no feature columns"))
        #expect(Self.message("x1,x2,y\n1,2,3\n", inputs: 2, model: "init.json") == nil)
    }

    /// A UTF-8 byte-order mark (Excel) is not part of the first name.
    @Test func byteOrderMarkIsSkipped() throws {
        let data = try CSVDataSet.parse([0xEF, 0xBB, 0xBF] + Array("y,x\n1,2\n".utf8), file: "d.csv", target: "y")
        #expect(data.targetName == "y" && data.features == [2])
    }

    /// The exponent budget is per file: ten cells of 1e-99999 (999 990 ≤ 1 000 000 + 400·10) pass,
    /// one more (1 099 989 > 1 000 000 + 400·11) is refused at its cell.
    @Test func exponentBudgetIsPerFile() throws {
        let ten = "x\n" + String(repeating: "1e-99999\n", count: 10)
        #expect(Self.message(ten, target: nil) == nil)
        let eleven = "x\n" + String(repeating: "1e-99999\n", count: 11)
        let message = try #require(Self.message(eleven, target: nil))
        #expect(message.contains("line 12, column \"x\"") && message.contains("exponents"))
    }

    /// 100 000 columns: every lookup is constant time (a scan per column took 10 s in a release build, 145 s in debug).
    @Test func wideTablesAreLinear() throws {
        let count = 100_000
        let header = (0..<count - 1).map { "x\($0)" }.joined(separator: ",") + ",y"
        let row = Array(repeating: "1", count: count).joined(separator: ",")
        let clock = ContinuousClock()
        let start = clock.now
        let data = try Self.read(header + "\n" + row + "\n" + row + "\n", inputs: count - 1)
        #expect(clock.now - start < .seconds(10))
        #expect(data.featureCount == count - 1 && data.features.count == 2 * (count - 1) && data.targets == [1, 1])
        let table = try CSVTable.parse(Data((header + "\n" + row + "\n").utf8), file: "w.csv")
        #expect(try table.exactColumn("x99998") == [Rational(1)])
    }

    /// A row far wider than the header is refused without splitting all of it.
    @Test func overlongRowsStopAtTheHeaderWidth() throws {
        let message = try #require(Self.message("x,y\n" + String(repeating: "1,", count: 1_000_000) + "1\n"))
        #expect(message.contains("line 2 has more than 2 cells"))
    }

    /// The generic table shares the rules (duplicates, physical lines) with the data set.
    @Test func tableSharesTheRules() throws {
        #expect(throws: ModelInputError.self) { try CSVTable.parse(Data("a,a\n1,2\n".utf8), file: "t.csv") }
        let table = try CSVTable.parse(Data("a,b\n\n1,2\n\n3,x\n".utf8), file: "t.csv")
        #expect(table.lines == [3, 5])
        do {
            _ = try table.exactColumn("b")
            Issue.record("accepted x")
        } catch {
            #expect(error.description.contains("line 5, column \"b\""))
        }
    }

    /// Files: a directory, a missing file, and a FIFO read to its end (`--data <(cmd)`).
    @Test func filesAndPipes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: ModelInputError(file: directory.path, reason: "is a directory, expected a file")) {
            try CSVDataSet.read(path: directory.path, target: "y")
        }
        #expect(throws: ModelInputError(file: directory.path + "/none.csv", reason: "no such file")) {
            try CSVDataSet.read(path: directory.path + "/none.csv", target: "y")
        }
        // A pipe: the write end is filled and closed first (small enough for the pipe buffer).
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let text = Array("x,y\n1,2\n\n3,4\n".utf8)
        #expect(text.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == text.count)
        close(ends[1])
        defer { close(ends[0]) }
        let data = try CSVDataSet.read(path: "/dev/fd/\(ends[0])", target: "y")
        #expect(data.features == [1, 3] && data.targets == [2, 4] && data.lines == [2, 4])
        // An empty pipe has no rows (it is not "an empty file").
        #expect(pipe(&ends) == 0)
        close(ends[1])
        defer { close(ends[0]) }
        do {
            _ = try CSVDataSet.read(path: "/dev/fd/\(ends[0])", target: "y")
            Issue.record("accepted an empty pipe")
        } catch {
            #expect(error.reason.hasPrefix("no rows"))
        }
    }

    @Test func devZeroIsRefusedAtItsFirstByte() throws {
        #expect(throws: ModelInputError(file: "/dev/zero", reason: "NUL byte at offset 0: binary data, not CSV text")) {
            try CSVDataSet.read(path: "/dev/zero", target: "y")
        }
    }
}

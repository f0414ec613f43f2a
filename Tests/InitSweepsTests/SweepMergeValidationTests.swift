import Foundation
import JSONDocument
import Testing
@testable import InitSweeps

/// `sweep merge` refuses tampered parts, naming the file and the row.
@Suite struct SweepMergeValidationTests {
    static let spec = SweepSpec(schemes: [.kaimingNormal, .gaussian(inputStd: 1, outputStd: 2, biasStd: 1)], inputs: [1, 3], hidden: [2],
                                outputs: [1], bias: [false], teachers: [TeacherSigns(positive: 1, negative: 1)], samples: [40], seed: 9)

    static func parts() -> [(file: String, document: JSONValue)] {
        let runner = SweepRunner(spec: spec, threads: 1)
        return (1...2).map { i in
            let shard = Shard(parsing: "\(i)/2")!
            let rows = runner.rows(for: spec.cells.filter { shard.contains($0.index) })
            return ("part\(i).json", SweepDocument.make(spec: spec, shard: shard, rows: rows))
        }
    }

    /// The document with `key` of row `index` replaced.
    static func tampered(_ document: JSONValue, row index: Int, _ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var members) = document, let position = members.firstIndex(where: { $0.0 == "rows" }),
              case .array(var rows) = members[position].1, case .object(var row) = rows[index] else { return document }
        if let value {
            if let k = row.firstIndex(where: { $0.0 == key }) { row[k].1 = value } else { row.append((key, value)) }
        } else {
            row.removeAll { $0.0 == key }
        }
        rows[index] = .object(row)
        members[position].1 = .array(rows)
        return .object(members)
    }

    func refusal(_ parts: [(file: String, document: JSONValue)]) -> SweepDocument.MergeError? {
        do { _ = try SweepDocument.merge(parts); return nil } catch { return error }
    }

    @Test func untouchedPartsMerge() throws {
        let merged = try SweepDocument.merge(Self.parts())
        guard case .array(let rows)? = merged["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 4)   // 2 schemes × 2 inputs × 1 teacher
        #expect(rows.map { $0["cell"] } == (0..<4).map { JSONValue.integer($0) })
    }

    @Test(arguments: [
        ("p_pathological_mc", JSONValue.number("1.5")),      // not a probability
        ("p_pathological", .number("-0.25")),
        ("p_teacher_obstructed_mc", .number("2")),
        ("p_pathological_se", .number("-0.1")),             // SE < 0
        ("p_multiple_effective_se", .number("0.75")),        // SE of a proportion ≤ 1/2
        ("samples", .number("0")),                           // not the spec's cell
        ("samples", .number("-40")),
        ("d", .string("1")),                                 // wrong type
        ("l", .number("2.5")),
        ("e", .number("0")),
        ("bias", .number("0")),
        ("zero_invariants_mc", .number("81")),               // > samples·l = 80
        ("exact_fallbacks_mc", .number("-1")),
        ("teacher_unknown_mc", .number("41")),               // > samples
        ("expected_components", .number("0.5")),             // β₀ ≥ 1
        ("log10_expected_components", .number("-3")),
        ("p_pathological_mc", .string("0.5")),
        ("p_pathological_mc", .number("NaN")),
        ("pathological_count_histogram_mc", .array([.number("40"), .number("1"), .number("0")])),   // 41 samples
        ("pathological_count_distribution", .array([.number("0.5"), .number("0.5")])),              // l + 1 = 3 entries
        ("seed", .number("10")),
        ("teacher", .string("2/0")),
        ("surprise", .number("1")),                          // unknown key
    ])
    func tamperedRowIsRefusedWithFileAndRow(_ key: String, _ value: JSONValue) throws {
        var parts = Self.parts()
        parts[1].document = Self.tampered(parts[1].document, row: 1, key, value)
        let error = try #require(refusal(parts), "\(key) = \(value.compactText) accepted")
        #expect(error.file == "part2.json")
        #expect(error.reason.contains("rows[1]"), "\(error.reason)")
    }

    @Test func missingKeysAndRowsAreRefused() throws {
        var parts = Self.parts()
        parts[0].document = Self.tampered(parts[0].document, row: 0, "p_pathological_mc", nil)
        #expect(refusal(parts)?.reason.contains("missing") == true)
        // A row dropped from a part: the cell lacks its row.
        var dropped = Self.parts()
        if case .object(var members) = dropped[0].document, let position = members.firstIndex(where: { $0.0 == "rows" }),
           case .array(var rows) = members[position].1 {
            rows.removeLast()
            members[position].1 = .array(rows)
            dropped[0].document = .object(members)
        }
        #expect(refusal(dropped) != nil)
        // A complete document passes through only when valid too.
        let whole = try SweepDocument.merge(Self.parts())
        #expect(try SweepDocument.merge([("whole.json", whole)]) == whole)
        let bad = Self.tampered(whole, row: 2, "p_multiple_effective", .number("1.01"))
        #expect(refusal([("whole.json", bad)])?.reason.contains("rows[2]") == true)
    }

    /// The spec is rebuilt through `sweep --spec`'s parser and limits.
    @Test func tamperedSpecIsRefused() throws {
        var parts = Self.parts()
        for index in parts.indices {
            guard case .object(var members) = parts[index].document, case .object(var spec) = members[0].1 else { continue }
            if let k = spec.firstIndex(where: { $0.0 == "hidden" }) { spec[k].1 = .array([.number("0")]) }
            members[0].1 = .object(spec)
            parts[index].document = .object(members)
        }
        let error = try #require(refusal(parts))
        #expect(error.file == "part1.json" && error.reason.contains("hidden"))
    }
}

import Foundation
import JSONDocument

/// The committed fixtures under Tests/Fixtures (written by make_fixtures.py with
/// NumPy; expected exact values computed there with Python's `fractions`).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static let expected: JSONValue = {
        let data = (try? Data(contentsOf: directory.appendingPathComponent("expected.json"))) ?? Data()
        return (try? JSONValue.parse([UInt8](data))) ?? .null
    }()

    static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    static func integers(_ value: JSONValue?) -> [Int] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { if case .number(let s) = $0 { return Int(s) } else { return nil } }
    }

    static func names(_ section: String) -> [String] {
        guard case .object(let members)? = expected[section] else { return [] }
        return members.map(\.0)
    }
}

import Foundation
import JSONDocument
import ReluNetwork

/// The committed test inputs: `Tests/Fixtures` (written by make_fixtures.py
/// with NumPy; expected exact values computed there with Python's
/// `fractions`), the fuzzing corpus `Tests/Fuzz` and the adversarial cases
/// `Tests/Adversarial`.
public enum Fixtures {
    /// `Tests/` (this file is `Tests/TestSupport/Fixtures.swift`).
    public static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    public static let directory = tests.appendingPathComponent("Fixtures")
    public static let fuzz = tests.appendingPathComponent("Fuzz")
    public static let adversarial = tests.appendingPathComponent("Adversarial")

    /// A file under `Tests/Fixtures`.
    public static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    public static func path(_ relative: String) -> String { url(relative).path }

    /// The lines of a text fixture, without `#` comments.
    public static func lines(_ relative: String) -> [String] {
        let text = (try? String(contentsOf: url(relative), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// `expected.json`: the exact values make_fixtures.py computed for every fixture.
    public static let expected: JSONValue = {
        let data = (try? Data(contentsOf: url("expected.json"))) ?? Data()
        return (try? JSONValue.parse([UInt8](data))) ?? .null
    }()

    /// The member names of a section of `expected.json`.
    public static func names(_ section: String) -> [String] {
        guard case .object(let members)? = expected[section] else { return [] }
        return members.map(\.0)
    }

    /// The strings of a JSON array (other elements skipped).
    public static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    /// The integers of a JSON array (other elements skipped).
    public static func integers(_ value: JSONValue?) -> [Int] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { if case .number(let s) = $0 { return Int(s) } else { return nil } }
    }
}

import ArgumentParser
import Foundation

/// Checks of numeric command-line values that say what is wrong with the value
/// (negative, zero, not a number, infinite, out of range) and name the flag.
enum NumericFlag {
    enum Requirement {
        /// Finite and > 0.
        case positive
        /// Finite and ≥ 0.
        case nonNegative
        /// In [0, 1).
        case fraction

        var text: String {
            switch self {
            case .positive: return "a finite number > 0"
            case .nonNegative: return "a finite number ≥ 0"
            case .fraction: return "a number in [0, 1)"
            }
        }
    }

    /// What is wrong with `value` under `requirement`, or nil when it is fine.
    static func problem(_ value: Double, _ requirement: Requirement) -> String? {
        if value.isNaN { return "it is not a number" }
        if value.isInfinite { return "it is infinite" }
        switch requirement {
        case .positive where value == 0: return "it is zero"
        case .positive where value < 0, .nonNegative where value < 0, .fraction where value < 0: return "it is negative"
        case .fraction where value >= 1: return value == 1 ? "it is 1" : "it is greater than 1"
        default: return nil
        }
    }

    static func check(_ flag: String, _ value: Double, _ requirement: Requirement) throws {
        if let problem = problem(value, requirement) {
            throw ValidationError("\(flag) must be \(requirement.text), but \(problem) (\(value))")
        }
    }

    /// A seed: an integer in 0…2⁶⁴−1, with what is wrong otherwise.
    static func seed(_ text: String) throws -> UInt64 {
        if let value = UInt64(text) { return value }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let problem = trimmed.hasPrefix("-") && Int(trimmed) != nil ? "it is negative"
            : (trimmed.allSatisfy(\.isNumber) && !trimmed.isEmpty ? "it is larger than 2⁶⁴−1" : "it is not an integer")
        throw ValidationError("a seed is an integer in 0…18446744073709551615, but \(problem)")
    }

    static func check(_ flag: String, _ value: Int, in range: ClosedRange<Int>) throws {
        guard !range.contains(value) else { return }
        let problem = value < 0 ? "it is negative" : (value == 0 ? "it is zero" : (value < range.lowerBound ? "it is too small" : "it is too large"))
        throw ValidationError("\(flag) must be in \(range.lowerBound)…\(range.upperBound), but \(problem) (\(value))")
    }
}

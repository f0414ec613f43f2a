import ExactNumbers
import Foundation
import InvariantTopology

/// Full decimal up to 40 digits, else leading and trailing digits and the length.
func formatBig(_ value: BigInt) -> String {
    let digits = value.description
    guard digits.count > 40 else { return digits }
    return "\(digits.prefix(12))…\(digits.suffix(6)) (\(digits.count - (value.signum < 0 ? 1 : 0)) digits; exact in --json)"
}

/// Non-zero Betti numbers, at most six shown.
func formatBetti(_ polynomial: PoincarePolynomial) -> String {
    let terms = polynomial.terms
    var parts = terms.prefix(6).map { "β\($0.degree) = \(formatBig($0.coefficient))" }
    if terms.count > 6 { parts.append("… (\(terms.count) non-zero, top degree \(polynomial.degree))") }
    return parts.isEmpty ? "all 0" : parts.joined(separator: ", ")
}

/// Six significant digits.
func formatApproximate(_ value: Double) -> String {
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e-4 && magnitude < 1e6 {
        var text = String(format: "%.6g", value)
        if text.hasPrefix("-") { text = "−" + text.dropFirst() }
        return text
    }
    return String(format: "%.5e", value).replacingOccurrences(of: "-", with: "−")
}

extension BettiSize {
    /// The text row when the Betti numbers are not expanded.
    var summary: String {
        "β0 = \(formatBig(lowest)), top β\(topDegree) = \(formatBig(highest)); up to \(BettiSize.describe(terms)) non-zero, up to \(BettiSize.describe(digits)) digits in all: not expanded (--json --betti sparse writes them)"
    }

    /// `12345`, or `1.5e9` for large values.
    static func describe(_ value: Double) -> String {
        value < 1e6 ? String(Int(value.rounded())) : String(format: "%.2g", value)
    }
}

import ExactNumbers
import JSONDocument
import ReluNetwork

/// The value rule for one cell: an exact finite number (`Rational(parsing:)`),
/// within binary64's range, paid for from the file's exponent budget.
enum CSVCell {
    static func value(_ bytes: ArraySlice<UInt8>, file: String, line: Int, column: String,
                      budget: inout DecimalExponentBudget) throws(ModelInputError) -> Rational {
        func refuse(_ reason: String) -> ModelInputError {
            ModelInputError(file: file, reason: "line \(line), column \(CSVHeader.quoted(column)): \(reason)")
        }
        guard !bytes.isEmpty else { throw refuse("empty cell (every cell must hold a number)") }
        guard bytes.count <= CSVLimits.cellCharacters else {
            throw refuse("a cell of \(bytes.count) characters (at most \(CSVLimits.cellCharacters)) is not a data value")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let shown = CSVHeader.quoted(text)
        if let first = bytes.first(where: { $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }), first | 0x20 == UInt8(ascii: "n") || first | 0x20 == UInt8(ascii: "i") {
            // NumPy writes "nan", "inf", "-inf"; pandas "NaN", "inf"; others "Infinity".
            let word = text.lowercased().drop(while: { $0 == "+" || $0 == "-" })
            if word == "nan" { throw refuse("NaN is not allowed (data must be finite)") }
            if word == "inf" || word == "infinity" { throw refuse("\(shown) is not allowed (data must be finite)") }
        }
        guard budget.charge(text: bytes) else { throw refuse(budget.reason) }
        let value: Rational
        do {
            value = try Rational(parsing: text)
        } catch {
            switch error {
            case .empty: throw refuse("empty cell (every cell must hold a number)")
            case .malformed: throw refuse("\(shown) is not a number (a decimal like -1.25e-3, or p/q)")
            case .zeroDenominator: throw refuse("zero denominator in \(shown)")
            case .exponentOutOfRange: throw refuse("exponent out of range in \(shown) (|exponent| ≤ \(Rational.maximumDecimalExponent))")
            }
        }
        guard value.doubleValue.isFinite else { throw refuse("\(shown) is beyond binary64's range (±1.8e308)") }
        return value
    }
}

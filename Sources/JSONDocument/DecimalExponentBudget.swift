/// A bound on the work of turning decimal numbers into exact rationals.
///
/// `1e99999` is 16 bytes of text but a 332 000-bit integer; 20 000 of them in a
/// 160 KB file would take most of a gigabyte. Every finite binary64 value,
/// written in scientific notation, has a decimal exponent of magnitude at most
/// 324, so a file of real numbers never spends more than `perNumber` = 400 per
/// number. The budget allows that for every number read so far, plus a pool of
/// `pool` = 1 000 000 for a few exact extremes (ten `1e99999`). Checked after
/// every number, so the work done before a refusal is bounded too; digits
/// themselves cost nothing extra (they are paid for by the file's length).
public struct DecimalExponentBudget: Sendable {
    public static let pool = 1_000_000
    public static let perNumber = 400
    /// Numbers charged so far.
    public private(set) var numbers = 0
    /// The sum of their |decimal exponent|s (saturating).
    public private(set) var spent = 0

    public init() {}

    /// Whether the total is still within the budget.
    public var holds: Bool { spent <= DecimalExponentBudget.pool + DecimalExponentBudget.perNumber * numbers }

    /// The refusal text, once `holds` is false.
    public var reason: String {
        "the decimal exponents of the \(numbers) numbers so far add up to \(spent) (more than \(DecimalExponentBudget.pool) + \(DecimalExponentBudget.perNumber) per number; real data never come near: binary64 exponents are at most 324)"
    }

    /// Charges one number whose decimal exponent has magnitude `exponent`.
    /// Returns `holds`.
    @discardableResult
    public mutating func charge(exponent: Int) -> Bool {
        numbers += 1
        spent = spent > Int.max / 2 - exponent ? Int.max / 2 : spent + exponent
        return holds
    }

    /// Charges `text` if it is a decimal with an exponent part (`[+-]digits.digits[eE][+-]digits`,
    /// the form `Rational(parsing:)` reads), as a number with exponent 0 if it is another
    /// number, and not at all otherwise. Returns `holds`.
    @discardableResult
    public mutating func charge<Bytes: Collection<UInt8>>(text: Bytes) -> Bool {
        guard let exponent = DecimalExponentBudget.exponentMagnitude(text) else { return holds }
        return charge(exponent: exponent)
    }

    /// |exponent| of a decimal literal (0 without an exponent part), saturating at 10¹²;
    /// nil if `text` does not look like a decimal number.
    static func exponentMagnitude<Bytes: Collection<UInt8>>(_ text: Bytes) -> Int? {
        var index = text.startIndex
        if index < text.endIndex, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { text.formIndex(after: &index) }
        var digits = 0
        while index < text.endIndex, (48...57).contains(text[index]) || text[index] == UInt8(ascii: ".") {
            if text[index] != UInt8(ascii: ".") { digits += 1 }
            text.formIndex(after: &index)
        }
        guard digits > 0 else { return nil }
        if index == text.endIndex { return 0 }
        guard text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") else { return nil }
        text.formIndex(after: &index)
        if index < text.endIndex, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { text.formIndex(after: &index) }
        let exponentDigits = text[index...]
        guard !exponentDigits.isEmpty, exponentDigits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return saturatingValue(ofDigits: exponentDigits)
    }

    /// The value of a run of ASCII digits, saturating at 10¹² (leading zeros are free).
    static func saturatingValue<Bytes: Collection<UInt8>>(ofDigits digits: Bytes) -> Int {
        var value = 0
        for digit in digits where value < 1_000_000_000_000 { value = value * 10 + Int(digit &- 48) }
        return value
    }
}

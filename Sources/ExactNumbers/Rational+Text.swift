import CGMP
#if canImport(Glibc)
import Glibc
#endif

/// Why a piece of text is not an exact number.
public enum NumberSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case malformed(String)
    case zeroDenominator(String)
    case exponentOutOfRange(String)

    public var description: String {
        switch self {
        case .empty: return "empty number"
        case .malformed(let text): return "malformed number \"\(text.prefix(40))\""
        case .zeroDenominator(let text): return "zero denominator in \"\(text.prefix(40))\""
        case .exponentOutOfRange(let text):
            return "exponent out of range in \"\(text.prefix(40))\" (|exponent| ≤ \(Rational.maximumDecimalExponent))"
        }
    }
}

extension Rational: CustomStringConvertible, LosslessStringConvertible {
    /// Largest decimal exponent accepted by the parser. `1e100000` already has
    /// 332 193 bits; larger exponents would let a hostile file exhaust memory.
    public static let maximumDecimalExponent = 100_000

    /// Lowest-terms text: `"-7/16"`, or `"3"` for integers (SPEC §12).
    public var description: String {
        withPointer { q in
            // One mpq_get_str call (no numerator/denominator copies); sizeinbase may
            // overestimate by one per part, +3 for sign, '/' and NUL.
            let capacity = Int(__gmpz_sizeinbase(cgmp_mpq_numref_const(q), 10)) + Int(__gmpz_sizeinbase(cgmp_mpq_denref_const(q), 10)) + 3
            return String(unsafeUninitializedCapacity: capacity) { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    guard let base = chars.baseAddress else { return 0 }
                    _ = __gmpq_get_str(base, 10, q)
                    return strlen(base)
                }
            }
        }
    }

    public init?(_ description: String) {
        guard let value = try? Rational(parsing: description) else { return nil }
        self = value
    }

    /// Parses an exact number: a decimal (`"-1.25e-3"`, `"0.1"`, `".5"`, `"7."`, `"3E+2"`)
    /// or a fraction `"p/q"` with an optional sign on `p`. No white space, no
    /// `nan`/`inf`, no hexadecimal. The result is exact: `"0.1"` is `1/10`.
    public init(parsing text: String) throws(NumberSyntaxError) {
        try self.init(parsing: Substring(text))
    }

    public init(parsing text: Substring) throws(NumberSyntaxError) {
        guard !text.isEmpty else { throw .empty }
        if let slash = text.firstIndex(of: "/") {
            guard let p = BigInt(decimal: text[..<slash]) else { throw .malformed(String(text)) }
            let denominatorText = text[text.index(after: slash)...]
            guard denominatorText.first != "+", denominatorText.first != "-",
                  let q = BigInt(decimal: denominatorText) else { throw .malformed(String(text)) }
            guard let value = Rational(numerator: p, denominator: q) else { throw .zeroDenominator(String(text)) }
            self = value
            return
        }
        self = try Rational.parseDecimal(text)
    }

    private static func parseDecimal(_ text: Substring) throws(NumberSyntaxError) -> Rational {
        let bytes = Array(text.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var sawPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                digits.append(byte)
                if sawPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard !digits.isEmpty else { throw .malformed(String(text)) }
        var exponent = 0
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else {
                throw .malformed(String(text))
            }
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count else { throw .malformed(String(text)) }
            while index < bytes.count {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { throw .malformed(String(text)) }
                // Saturate instead of overflowing; the range check below rejects it.
                if exponent <= maximumDecimalExponent * 10 { exponent = exponent * 10 + Int(byte - 48) }
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard abs(exponent) <= maximumDecimalExponent else { throw .exponentOutOfRange(String(text)) }
        guard let mantissa = BigInt(decimal: Substring(decoding: digits, as: UTF8.self)) else {
            throw .malformed(String(text))
        }
        let scale = exponent - fractionDigits
        var value = Rational(mantissa)
        let ten = BigInt(10)
        if scale > 0 {
            value = Rational(mantissa * BigInt.power(ten, scale))
        } else if scale < 0 {
            value = Rational(numerator: mantissa, denominator: BigInt.power(ten, -scale)) ?? value
        }
        return negative ? -value : value
    }
}

/// A JSON document that keeps every number as the exact text written in the
/// file, so that `0.1` can become the rational `1/10` (SPEC §8). Object keys
/// keep their order (output follows SPEC §12's key order).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A JSON number, as its literal text (`"-1.25e-3"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// An array of `count` scalars that are all `fill` except at `entries`
    /// (ascending indices); `fill` and the entries are serialized JSON text.
    /// Written without materialising the dense array: a Betti list of degree
    /// 2 million is mostly zeros. Never produced by the parser.
    case sparseArray(count: Int, fill: String, entries: [(index: Int, json: String)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.sparseArray(n, f, a), .sparseArray(m, g, b)):
            return n == m && f == g && a.count == b.count && zip(a, b).allSatisfy { $0.index == $1.index && $0.json == $1.json }
        default: return false
        }
    }

    /// The value for `key` in an object (first occurrence), else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.0 == key })?.1
    }

    /// A JSON number for an integer.
    public static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A JSON number for a binary64 value (shortest round-trip text); `null` if not finite.
    public static func double(_ value: Double) -> JSONValue {
        value.isFinite ? .number("\(value)") : .null
    }
}

/// Where a JSON text is malformed or refused (a duplicate key, too much
/// exponent work), with the 1-based line and column of the offending token.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String
    /// What kind of problem: `"syntax error"`, `"duplicate key"`, `"exponent budget exceeded"`.
    public var kind: String = "syntax error"
    public var description: String { "JSON \(kind) at line \(line), column \(column): \(reason)" }
}

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

extension JSONValue {
    /// Nesting deeper than this is rejected (a hostile file cannot exhaust the stack).
    public static let maximumDepth = 256

    /// Parses one JSON document (RFC 8259), keeping numbers as text.
    ///
    /// Refused beyond RFC 8259's grammar: an object with the same key twice
    /// (at any depth: Python keeps the last, a first-wins reader the first, so
    /// the file means different things to different readers); keys are the
    /// same when Swift's `String` equality says so (canonical equivalence),
    /// the comparison every later lookup uses. Also refused: numbers (and
    /// strings written as decimals, which model JSON reads as numbers) whose
    /// exponents exceed `DecimalExponentBudget`.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the document") }
        return value
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var position = 0
    var budget = DecimalExponentBudget()

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String, at offset: Int? = nil, kind: String = "syntax error") -> JSONSyntaxError {
        let (line, column) = location(of: offset ?? position)
        return JSONSyntaxError(line: line, column: column, reason: reason, kind: kind)
    }

    /// 1-based line and column of byte `offset`.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes[..<min(max(offset, 0), bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// A key as it can be shown in a one-line message.
    static func quoted(_ key: String) -> String { JSONValue.quotedForMessage(key, limit: 80) }

    /// Refuses the document once its numbers' exponents exceed the budget.
    func checkBudget(at offset: Int) throws(JSONSyntaxError) {
        guard budget.holds else { throw error(budget.reason, at: offset, kind: "exponent budget exceeded") }
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func expect(_ literal: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let utf8 = Array(literal.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw error("invalid literal")
        }
        position += utf8.count
        return value
    }

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < JSONValue.maximumDepth else { throw error("nesting deeper than \(JSONValue.maximumDepth)") }
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""):
            let start = position
            let text = try parseString()
            budget.charge(text: text.utf8)   // model JSON reads "1e-3" as a number
            try checkBudget(at: start)
            return .string(text)
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        position += 1
        var members: [(String, JSONValue)] = []
        var firstOffset: [String: Int] = [:]
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyOffset = position
            let key = try parseString()
            if let first = firstOffset.updateValue(keyOffset, forKey: key) {
                let (line, column) = location(of: first)
                throw error("key \(JSONParser.quoted(key)) appears twice in one object (first at line \(line), column \(column))",
                            at: keyOffset, kind: "duplicate key")
            }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input in array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw error("expected ',' or ']'")
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = position
        func digits(_ p: inout Int) -> Int {
            let s = p
            while p < bytes.count, bytes[p] >= 48, bytes[p] <= 57 { p += 1 }
            return p - s
        }
        var p = position
        if bytes[p] == UInt8(ascii: "-") { p += 1 }
        guard p < bytes.count else { throw error("malformed number") }
        if bytes[p] == UInt8(ascii: "0") { p += 1 } else if digits(&p) == 0 { throw error("malformed number") }
        if p < bytes.count, bytes[p] == UInt8(ascii: ".") {
            p += 1
            guard digits(&p) > 0 else { position = p; throw error("malformed number") }
        }
        var exponent = 0
        if p < bytes.count, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            p += 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            let exponentStart = p
            guard digits(&p) > 0 else { position = p; throw error("malformed number") }
            exponent = DecimalExponentBudget.saturatingValue(ofDigits: bytes[exponentStart..<p])
        }
        budget.charge(exponent: exponent)
        try checkBudget(at: start)
        position = p
        return .number(String(decoding: bytes[start..<p], as: UTF8.self))
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw error("bad \\u escape")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        // RFC 8259 §8.1: JSON text is UTF-8. Invalid bytes are an error, not
        // U+FFFD: a tensor name must not be silently renamed.
        func flush() throws(JSONSyntaxError) {
            guard !raw.isEmpty else { return }
            guard let text = String(validating: raw, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
            scalars.append(contentsOf: text.unicodeScalars)
            raw.removeAll()
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                try flush()
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in string") }
            if byte == UInt8(ascii: "\\") {
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                try flush()
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        // Only a low surrogate completes the pair; any other escape
                        // stays a character of its own (it was once dropped).
                        let save = position
                        position += 2
                        let low = try parseHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalars.append(Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}")
                            continue
                        }
                        position = save
                    }
                    // A lone surrogate is no character: refused, like invalid UTF-8.
                    guard let scalar = Unicode.Scalar(code) else { throw error("\\u escape of a lone surrogate") }
                    scalars.append(scalar)
                default: throw error("bad escape")
                }
                continue
            }
            raw.append(byte)
            position += 1
        }
        throw error("unterminated string")
    }
}

// MARK: - Messages

extension JSONValue {
    /// `text` in double quotes for a one-line message: at most `limit`
    /// characters, quotes and backslashes escaped, and every control character
    /// (C0, DEL, C1: a file's text must not drive the user's terminal) as `\u{…}`.
    public static func quotedForMessage(_ text: String, limit: Int) -> String {
        var result = "\""
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if offset == limit { result += "…"; break }
            switch scalar.value {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0..<0x20, 0x7F..<0xA0: result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

// MARK: - Writing

extension JSONValue {
    /// The document as text: objects one member per line (indented by two
    /// spaces), arrays of scalars and small flat objects on one line, so long
    /// numeric lists stay compact.
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The document as UTF-8 bytes (see `serialized()`).
    public func serializedBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(into: &output, indent: 0)
        return output
    }

    /// Streams the document (and a final newline) to `sink` in chunks of about
    /// 64 KiB, so a multi-megabyte document never exists as one buffer.
    public func stream(to sink: (UnsafeRawBufferPointer) -> Void) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 17)
        streamValue(self, indent: 0, buffer: &buffer, sink: sink)
        buffer.append(0x0A)
        JSONValue.flush(&buffer, sink)
    }

    /// Emits a `.sparseArray` in pieces: runs of the fill value come from one
    /// reusable chunk of 1024 copies.
    private func writeSparseArray(_ emit: ([UInt8]) -> Void) {
        guard case .sparseArray(let count, let fill, let entries) = self else { return }
        let separated = Array((", " + fill).utf8)
        let run = Array([[UInt8]](repeating: separated, count: 1024).joined())
        var pending: [UInt8] = [UInt8(ascii: "[")]
        var next = 0
        func fillUpTo(_ end: Int) {
            if next == 0 && end > 0 {
                pending.append(contentsOf: fill.utf8)
                next = 1
            }
            while next < end {
                let copies = min(end - next, 1024)
                pending.append(contentsOf: run[0..<(copies * separated.count)])   // one copy per gap
                next += copies
                if pending.count >= 1 << 16 {
                    emit(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        for entry in entries where entry.index >= next && entry.index < count {
            fillUpTo(entry.index)
            if next > 0 { pending.append(contentsOf: ", ".utf8) }
            pending.append(contentsOf: entry.json.utf8)
            next += 1
        }
        fillUpTo(count)
        pending.append(UInt8(ascii: "]"))
        emit(pending)
    }

    private static func flush(_ buffer: inout [UInt8], _ sink: (UnsafeRawBufferPointer) -> Void) {
        buffer.withUnsafeBytes(sink)
        buffer.removeAll(keepingCapacity: true)
    }

    private func streamValue(_ value: JSONValue, indent: Int, buffer: inout [UInt8],
                             sink: (UnsafeRawBufferPointer) -> Void) {
        switch value {
        case .sparseArray:
            value.writeSparseArray { chunk in
                buffer.append(contentsOf: chunk)
                if buffer.count > 1 << 16 { JSONValue.flush(&buffer, sink) }
            }
        case .array(let elements) where !elements.allSatisfy(\.isScalar):
            buffer.append(contentsOf: "[\n".utf8)
            for (offset, element) in elements.enumerated() {
                JSONValue.pad(&buffer, indent + 2)
                streamValue(element, indent: indent + 2, buffer: &buffer, sink: sink)
                buffer.append(contentsOf: (offset + 1 < elements.count ? ",\n" : "\n").utf8)
                if buffer.count > 1 << 16 { JSONValue.flush(&buffer, sink) }
            }
            JSONValue.pad(&buffer, indent)
            buffer.append(UInt8(ascii: "]"))
        case .object(let members) where !(members.allSatisfy({ $0.1.isScalar }) && members.count <= 12):
            buffer.append(contentsOf: "{\n".utf8)
            for (offset, (key, member)) in members.enumerated() {
                JSONValue.pad(&buffer, indent + 2)
                JSONValue.writeString(key, into: &buffer)
                buffer.append(contentsOf: ": ".utf8)
                streamValue(member, indent: indent + 2, buffer: &buffer, sink: sink)
                buffer.append(contentsOf: (offset + 1 < members.count ? ",\n" : "\n").utf8)
                if buffer.count > 1 << 16 { JSONValue.flush(&buffer, sink) }
            }
            JSONValue.pad(&buffer, indent)
            buffer.append(UInt8(ascii: "}"))
        default:
            value.write(into: &buffer, indent: indent)
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object, .sparseArray: return false
        default: return true
        }
    }

    private static func pad(_ output: inout [UInt8], _ count: Int) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    private func write(into output: inout [UInt8], indent: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): output.append(contentsOf: text.utf8)
        case .sparseArray:
            writeSparseArray { output.append(contentsOf: $0) }
        case .string(let text): JSONValue.writeString(text, into: &output)
        case .array(let elements):
            if elements.isEmpty { output.append(contentsOf: "[]".utf8); return }
            if elements.allSatisfy(\.isScalar) {
                output.append(UInt8(ascii: "["))
                for (offset, element) in elements.enumerated() {
                    if offset > 0 { output.append(contentsOf: ", ".utf8) }
                    element.write(into: &output, indent: indent)
                }
                output.append(UInt8(ascii: "]"))
                return
            }
            output.append(contentsOf: "[\n".utf8)
            for (offset, element) in elements.enumerated() {
                JSONValue.pad(&output, indent + 2)
                element.write(into: &output, indent: indent + 2)
                output.append(contentsOf: (offset + 1 < elements.count ? ",\n" : "\n").utf8)
            }
            JSONValue.pad(&output, indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { output.append(contentsOf: "{}".utf8); return }
            if members.allSatisfy({ $0.1.isScalar }) && members.count <= 12 {
                // Small flat objects (one neuron's row) stay on one line.
                output.append(UInt8(ascii: "{"))
                for (offset, (key, value)) in members.enumerated() {
                    if offset > 0 { output.append(contentsOf: ", ".utf8) }
                    JSONValue.writeString(key, into: &output)
                    output.append(contentsOf: ": ".utf8)
                    value.write(into: &output, indent: indent)
                }
                output.append(UInt8(ascii: "}"))
                return
            }
            output.append(contentsOf: "{\n".utf8)
            for (offset, (key, value)) in members.enumerated() {
                JSONValue.pad(&output, indent + 2)
                JSONValue.writeString(key, into: &output)
                output.append(contentsOf: ": ".utf8)
                value.write(into: &output, indent: indent + 2)
                output.append(contentsOf: (offset + 1 < members.count ? ",\n" : "\n").utf8)
            }
            JSONValue.pad(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `text` holds a quote, a backslash or a control character
    /// (a tight loop over contiguous UTF-8: Betti numbers run to megabytes of digits).
    static func needsEscaping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var found = false
            for byte in bytes { found = found || byte < 0x20 || byte == 0x22 || byte == 0x5C }
            return found
        }
    }

    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        if !JSONValue.needsEscaping(text) {
            output.append(contentsOf: text.utf8)   // nothing to escape: one copy
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
            case 0x0A: output.append(contentsOf: "\\n".utf8)
            case 0x0D: output.append(contentsOf: "\\r".utf8)
            case 0x09: output.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: "\\u00".utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 15)])
            default: output.append(byte)  // UTF-8 passes through unchanged
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

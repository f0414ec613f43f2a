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

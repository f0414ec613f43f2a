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

/// Where a JSON text is malformed.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String
    public var description: String { "JSON syntax error at line \(line), column \(column): \(reason)" }
}

extension JSONValue {
    /// Nesting deeper than this is rejected (a hostile file cannot exhaust the stack).
    public static let maximumDepth = 256

    /// Parses one JSON document (RFC 8259), keeping numbers as text.
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

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String) -> JSONSyntaxError {
        var line = 1, column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return JSONSyntaxError(line: line, column: column, reason: reason)
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
        case UInt8(ascii: "\""): return .string(try parseString())
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
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
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
        if p < bytes.count, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            p += 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            guard digits(&p) > 0 else { position = p; throw error("malformed number") }
        }
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
                    var code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try parseHex4()
                        if (0xDC00...0xDFFF).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
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

/// The tiny subset of Python literals that `.npy` headers use.
enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case tuple([Int])
    case other

    struct SyntaxError: Error { let reason: String }

    static func parseDictionary(_ text: String) throws(SyntaxError) -> [String: PythonLiteral] {
        var scanner = Scanner(Array(text.utf8))
        scanner.skipSpace()
        guard scanner.consume(UInt8(ascii: "{")) else { throw SyntaxError(reason: "expected '{'") }
        var result: [String: PythonLiteral] = [:]
        while true {
            scanner.skipSpace()
            if scanner.consume(UInt8(ascii: "}")) { break }
            guard case .string(let key) = try scanner.value() else { throw SyntaxError(reason: "expected a string key") }
            scanner.skipSpace()
            guard scanner.consume(UInt8(ascii: ":")) else { throw SyntaxError(reason: "expected ':'") }
            scanner.skipSpace()
            result[key] = try scanner.value()
            scanner.skipSpace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            scanner.skipSpace()
            guard scanner.consume(UInt8(ascii: "}")) else { throw SyntaxError(reason: "expected ',' or '}'") }
            break
        }
        return result
    }

    struct Scanner {
        let bytes: [UInt8]
        var position = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func integer() throws(SyntaxError) -> Int {
            let start = position
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
            guard position > start, position - start <= 18,
                  let value = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                throw SyntaxError(reason: "bad integer")
            }
            _ = consume(UInt8(ascii: "L"))  // Python 2 long suffix
            return value
        }

        mutating func value() throws(SyntaxError) -> PythonLiteral {
            guard position < bytes.count else { throw SyntaxError(reason: "unexpected end") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                position += 1
                let start = position
                while position < bytes.count, bytes[position] != byte { position += 1 }
                guard position < bytes.count else { throw SyntaxError(reason: "unterminated string") }
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return .string(text)
            case UInt8(ascii: "("):
                position += 1
                var elements: [Int] = []
                while true {
                    skipSpace()
                    if consume(UInt8(ascii: ")")) { break }
                    elements.append(try integer())
                    skipSpace()
                    if consume(UInt8(ascii: ",")) { continue }
                    guard consume(UInt8(ascii: ")")) else { throw SyntaxError(reason: "expected ',' or ')'") }
                    break
                }
                return .tuple(elements)
            case UInt8(ascii: "T"), UInt8(ascii: "F"):
                let word = byte == UInt8(ascii: "T") ? "True" : "False"
                let utf8 = Array(word.utf8)
                guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
                    throw SyntaxError(reason: "bad literal")
                }
                position += utf8.count
                return .bool(word == "True")
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .integer(try integer())
            case UInt8(ascii: "["):
                // Structured dtypes: skip the balanced list; the caller rejects it.
                var depth = 0
                repeat {
                    if bytes[position] == UInt8(ascii: "[") { depth += 1 }
                    if bytes[position] == UInt8(ascii: "]") { depth -= 1 }
                    position += 1
                } while depth > 0 && position < bytes.count
                guard depth == 0 else { throw SyntaxError(reason: "unterminated list") }
                return .other
            default:
                throw SyntaxError(reason: "unexpected character")
            }
        }
    }
}

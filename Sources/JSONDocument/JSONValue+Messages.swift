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

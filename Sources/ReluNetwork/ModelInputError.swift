/// Bad input: an unreadable or malformed file, a wrong shape, a non-finite or
/// malformed number. The CLI prints `description` on one line and exits with
/// status 3 (SPEC §12).
public struct ModelInputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file (or directory) the problem is in.
    public var file: String
    /// The tensor concerned (`W1`, `b1`, `W2`, `b2`), when there is one.
    public var tensor: String?
    /// The element index in the tensor's own shape, when there is one.
    public var index: [Int]?
    /// What is wrong, in words.
    public var reason: String

    public init(file: String, tensor: String? = nil, index: [Int]? = nil, reason: String) {
        self.file = file
        self.tensor = tensor
        self.index = index
        self.reason = reason
    }

    /// One line: `path: tensor W1, index [3, 17]: NaN is not allowed`.
    public var description: String {
        var text = file
        if let tensor { text += ": tensor \(tensor)" }
        if let index { text += (tensor == nil ? ": " : ", ") + "index [\(index.map(String.init).joined(separator: ", "))]" }
        text += ": " + reason
        return text.asOneMessageLine()
    }
}

extension String {
    /// The text as one line of a message: line breaks become spaces; every other control character (an escape
    /// sequence in a tensor name or a JSON string, say) is shown as `\u{1b}`, so
    /// text from a file can never drive the user's terminal.
    package func asOneMessageLine() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                result.append(" ")
            } else if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format && (0x202A...0x202E).contains(scalar.value) {
                result.append("\\u{\(String(scalar.value, radix: 16))}")
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

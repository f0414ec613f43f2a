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
        return text.replacingNewlines()
    }
}

extension String {
    /// The text with line breaks replaced by spaces (messages are one line).
    package func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}

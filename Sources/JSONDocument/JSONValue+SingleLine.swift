extension JSONValue {
    /// The document on one line (no newline inside, none at the end): members
    /// separated by `", "`, keys by `": "`, strings escaped as in
    /// `serialized()`, numbers as their text. One record of a JSON Lines file
    /// (`flow --batch`): the same values `serialized()` writes, without its
    /// line breaks.
    public func singleLineBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(2048)
        JSONValue.writeLine(self, into: &output)
        return output
    }

    private static func writeLine(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text): output.append(contentsOf: text.utf8)
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(contentsOf: ", ".utf8) }
                writeLine(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.append(contentsOf: ", ".utf8) }
                writeString(member.0, into: &output)
                output.append(contentsOf: ": ".utf8)
                writeLine(member.1, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .sparseArray(let count, let fill, let entries):
            output.append(UInt8(ascii: "["))
            var iterator = entries.makeIterator()
            var next = iterator.next()
            for index in 0..<max(0, count) {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                if let entry = next, entry.index == index {
                    output.append(contentsOf: entry.json.utf8)
                    next = iterator.next()
                } else {
                    output.append(contentsOf: fill.utf8)
                }
            }
            output.append(UInt8(ascii: "]"))
        }
    }
}

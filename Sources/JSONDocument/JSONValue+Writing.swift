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
        JSONValue.write(self, indent: 0, into: &output) { _ in }
        return output
    }

    /// Streams the document (and a final newline) to `sink` in chunks of about
    /// 64 KiB, so a multi-megabyte document never exists as one buffer. The
    /// bytes are those of `serializedBytes()`: both go through one writer.
    public func stream(to sink: (UnsafeRawBufferPointer) -> Void) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 17)
        JSONValue.write(self, indent: 0, into: &buffer) { buffer in
            if buffer.count > 1 << 16 { JSONValue.flush(&buffer, sink) }
        }
        buffer.append(0x0A)
        JSONValue.flush(&buffer, sink)
    }

    private static func flush(_ buffer: inout [UInt8], _ sink: (UnsafeRawBufferPointer) -> Void) {
        buffer.withUnsafeBytes(sink)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The one writer of the layout above. `checkpoint` is called after each
    /// member of a multi-line container and each piece of a sparse array: a
    /// streaming caller hands the bytes so far on there (and empties `output`).
    private static func write(_ value: JSONValue, indent: Int, into output: inout [UInt8],
                              checkpoint: (inout [UInt8]) -> Void) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let text): output.append(contentsOf: text.utf8)
        case .string(let text): writeString(text, into: &output)
        case .sparseArray(let count, let fill, let entries):
            writeSparseArray(count: count, fill: fill, entries: entries, into: &output, checkpoint: checkpoint)
        case .array(let elements) where elements.allSatisfy(\.isScalar):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(contentsOf: ", ".utf8) }
                write(element, indent: indent, into: &output, checkpoint: checkpoint)
            }
            output.append(UInt8(ascii: "]"))
        case .array(let elements):
            output.append(contentsOf: "[\n".utf8)
            for (offset, element) in elements.enumerated() {
                pad(&output, indent + 2)
                write(element, indent: indent + 2, into: &output, checkpoint: checkpoint)
                output.append(contentsOf: (offset + 1 < elements.count ? ",\n" : "\n").utf8)
                checkpoint(&output)
            }
            pad(&output, indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members) where members.allSatisfy({ $0.1.isScalar }) && members.count <= 12:
            // Small flat objects (one neuron's row) stay on one line.
            output.append(UInt8(ascii: "{"))
            for (offset, (key, member)) in members.enumerated() {
                if offset > 0 { output.append(contentsOf: ", ".utf8) }
                writeString(key, into: &output)
                output.append(contentsOf: ": ".utf8)
                write(member, indent: indent, into: &output, checkpoint: checkpoint)
            }
            output.append(UInt8(ascii: "}"))
        case .object(let members):
            output.append(contentsOf: "{\n".utf8)
            for (offset, (key, member)) in members.enumerated() {
                pad(&output, indent + 2)
                writeString(key, into: &output)
                output.append(contentsOf: ": ".utf8)
                write(member, indent: indent + 2, into: &output, checkpoint: checkpoint)
                output.append(contentsOf: (offset + 1 < members.count ? ",\n" : "\n").utf8)
                checkpoint(&output)
            }
            pad(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a `.sparseArray` on one line without materialising it: runs of
    /// the fill value are copied from one reusable chunk of 1024 copies.
    private static func writeSparseArray(count: Int, fill: String, entries: [(index: Int, json: String)],
                                         into output: inout [UInt8], checkpoint: (inout [UInt8]) -> Void) {
        let separated = Array((", " + fill).utf8)
        let run = Array([[UInt8]](repeating: separated, count: 1024).joined())
        output.append(UInt8(ascii: "["))
        var next = 0
        func fillUpTo(_ end: Int) {
            if next == 0 && end > 0 {
                output.append(contentsOf: fill.utf8)
                next = 1
            }
            while next < end {
                let copies = min(end - next, 1024)
                output.append(contentsOf: run[0..<(copies * separated.count)])   // one copy per gap
                next += copies
                checkpoint(&output)
            }
        }
        for entry in entries where entry.index >= next && entry.index < count {
            fillUpTo(entry.index)
            if next > 0 { output.append(contentsOf: ", ".utf8) }
            output.append(contentsOf: entry.json.utf8)
            next += 1
            checkpoint(&output)
        }
        fillUpTo(count)
        output.append(UInt8(ascii: "]"))
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

    /// Whether `text` holds a quote, a backslash or a control character.
    /// Branch-free over contiguous UTF-8 (so it vectorises): Betti numbers run
    /// to megabytes of digits.
    static func needsEscaping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var found: UInt8 = 0
            for byte in bytes {
                found |= (byte < 0x20 ? 1 : 0) | (byte == 0x22 ? 1 : 0) | (byte == 0x5C ? 1 : 0)
            }
            return found != 0
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

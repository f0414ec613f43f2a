import Testing
import JSONDocument

/// `singleLineBytes()` (one record of a JSON Lines file, `flow --batch`):
/// no line break inside, and parsing it gives the value back.
@Suite struct SingleLineTests {
    @Test func roundTripsOnOneLine() throws {
        let value = JSONValue.object([
            ("init", .string("a\"b\nc\\d\t\u{1}é.json")),
            ("numbers", .array([.number("1"), .number("-2.5e-300"), .null, .bool(true)])),
            ("nested", .object([("empty", .object([])), ("list", .array([.object([("k", .string(""))]), .array([])]))])),
        ])
        let bytes = value.singleLineBytes()
        #expect(!bytes.contains(0x0A) && !bytes.contains(0x0D))
        #expect(try JSONValue.parse(bytes) == value)
        #expect(String(decoding: JSONValue.object([("a", .number("1")), ("b", .array([.bool(false)]))]).singleLineBytes(), as: UTF8.self)
                == #"{"a": 1, "b": [false]}"#)
    }

    /// A sparse array is written dense: fill everywhere but at its entries.
    @Test func sparseArrayIsExpanded() throws {
        let sparse = JSONValue.sparseArray(count: 5, fill: "0", entries: [(index: 1, json: "7"), (index: 4, json: "\"x\"")])
        #expect(String(decoding: sparse.singleLineBytes(), as: UTF8.self) == #"[0, 7, 0, 0, "x"]"#)
    }
}

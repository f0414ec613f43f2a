import Testing
@testable import JSONDocument

@Suite struct JSONValueTests {
    @Test func deeplyNestedJSONIsRejectedNotCrashed() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    /// Every byte below 0x20, the quote and the backslash are escaped; any
    /// other byte (UTF-8 of é, ×, §) passes through, at every position of a
    /// long string (the scan is a vectorised loop).
    @Test func escapingFindsEveryByteThatNeedsIt() {
        let long = String(repeating: "0123456789", count: 100)
        for byte in UInt8(0)...UInt8(0x7F) {
            let needs = byte < 0x20 || byte == 0x22 || byte == 0x5C
            for position in [0, 511, 1000] {
                var bytes = Array(long.utf8)
                bytes.insert(byte, at: position)
                #expect(JSONValue.needsEscaping(String(decoding: bytes, as: UTF8.self)) == needs, "byte \(byte) at \(position)")
            }
        }
        #expect(!JSONValue.needsEscaping(long + "é×§"))
        #expect(JSONValue.string("a\u{1F}b").serialized() == #""a\u001fb""#)
    }

    @Test func jsonRoundTripKeepsNumberText() throws {
        let text = #"{"a": [1.50, -0.0, 1e-400, "x\n\"y\u00e9"], "b": {"c": null, "d": true}}"#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value["a"] == .array([.number("1.50"), .number("-0.0"), .number("1e-400"), .string("x\n\"yé")]))
        #expect(try JSONValue.parse(Array(value.serialized().utf8)) == value)
    }

    /// A document with every layout rule: flat objects of at most 12 scalars and
    /// arrays of scalars on one line, anything else one member per line.
    static let sample = JSONValue.object([
        ("empty", .object([])), ("none", .array([])),
        ("row", .object([("k", .integer(0)), ("c", .string("1/3")), ("lock", .null), ("apex", .bool(false))])),
        ("wide", .object((0..<13).map { ("m\($0)", .integer($0)) })),
        ("list", .array([.number("1.5"), .string("tab\there \"q\" \u{1}")])),
        ("nested", .array([.object([("a", .array([.integer(1)]))]), .array([])])),
        ("betti", .sparseArray(count: 6, fill: "0", entries: [(0, "1"), (3, "\"12\"")])),
    ])

    @Test func layoutIsByteExact() {
        let expected = """
            {
              "empty": {},
              "none": [],
              "row": {"k": 0, "c": "1/3", "lock": null, "apex": false},
              "wide": {
                "m0": 0,
                "m1": 1,
                "m2": 2,
                "m3": 3,
                "m4": 4,
                "m5": 5,
                "m6": 6,
                "m7": 7,
                "m8": 8,
                "m9": 9,
                "m10": 10,
                "m11": 11,
                "m12": 12
              },
              "list": [1.5, "tab\\there \\"q\\" \\u0001"],
              "nested": [
                {
                  "a": [1]
                },
                []
              ],
              "betti": [1, 0, 0, "12", 0, 0]
            }
            """
        #expect(Self.sample.serialized() == expected)
    }

    /// Documents whose streaming crosses many 64 KiB chunks.
    static let large: [JSONValue] = [
        sample,
        .sparseArray(count: 200_000, fill: "0", entries: [(5, "7"), (150_000, "8")]),
        .object([("big", .sparseArray(count: 100_000, fill: "\"x\"", entries: [])),
                 ("rows", .array((0..<5_000).map { .object([("i", .integer($0))]) }))]),
    ]

    /// Streaming writes the same bytes as `serializedBytes()` plus a newline,
    /// also when a document spans many 64 KiB chunks.
    @Test(arguments: large.indices)
    func streamingMatchesSerializing(_ index: Int) {
        let document = Self.large[index]
        var streamed: [UInt8] = []
        var chunks = 0
        document.stream { chunk in
            streamed.append(contentsOf: chunk)
            chunks += 1
        }
        #expect(streamed == document.serializedBytes() + [0x0A])
        if streamed.count > 1 << 17 { #expect(chunks > 1) }
    }
}

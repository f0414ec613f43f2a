import Testing
@testable import JSONDocument

/// Issue "Nothing lost, nothing wrong": a JSON document means one thing to
/// every reader (no duplicate keys), and its numbers cost bounded work.
@Suite struct JSONStrictnessTests {
    static func refusal(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try JSONValue.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    /// The second occurrence is reported where it stands (line and column counted by hand), naming the key.
    @Test func duplicateKeysAreRefusedAtTheSecondOccurrence() throws {
        let error = try #require(Self.refusal("{\"a\": 1,\n  \"b\": 2,\n  \"a\": 3}"))
        #expect(error.kind == "duplicate key")
        #expect(error.line == 3 && error.column == 3)
        #expect(error.reason.contains("\"a\"") && error.reason.contains("line 1, column 2"))
    }

    @Test(arguments: [
        #"{"x": {"y": [{"z": 1, "z": 2}]}}"#,           // three levels down
        #"{"a": 1, "\u0061": 2}"#,                         // the same key, escaped
        #"{"W1": [[1]], "W2": [[1]], "activation": {"leaky_relu": 0.1, "leaky_relu": 0.2}}"#,
    ])
    func duplicatesAtAnyDepthAreRefused(_ text: String) {
        #expect(Self.refusal(text)?.kind == "duplicate key")
    }

    @Test func equalKeysInDifferentObjectsAreFine() throws {
        let value = try JSONValue.parse(Array(#"{"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}]}"#.utf8))
        #expect(value["a"]?["a"] == .number("1"))
    }

    /// A high surrogate followed by an escape that is not a low surrogate is no
    /// character at all (it once swallowed the next one, which made these two
    /// keys equal): refused, like invalid UTF-8.
    @Test func aLoneHighSurrogateIsRefused() throws {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(#"{"\ud800\u0041": 1, "\ud800\u0042": 2}"#.utf8)) }
        // A proper pair still decodes to one scalar: U+1F600.
        #expect(try JSONValue.parse(Array(#""\ud83d\ude00""#.utf8)) == .string("\u{1F600}"))
    }

    @Test(arguments: [
        ("1.5e-300", 300), ("-2E+0007", 7), ("12", 0), ("-.5", 0), ("7.", 0), ("1e000000000000000000000000000009", 9),
    ])
    func exponentMagnitudeOfDecimals(_ text: String, _ exponent: Int) {
        #expect(DecimalExponentBudget.exponentMagnitude(Array(text.utf8)) == exponent)
    }

    @Test(arguments: ["1/3", "e5", "1e", "1e+", "abc", "", "-", "1e5x", "F32"])
    func exponentMagnitudeOfNonDecimalsIsNil(_ text: String) {
        #expect(DecimalExponentBudget.exponentMagnitude(Array(text.utf8)) == nil)
    }

    /// The budget is 1 000 000 + 400 per number: ten `1e99999` cost 999 990 ≤ 1 004 000,
    /// eleven cost 1 099 989 > 1 004 400.
    @Test func tenHugeExponentsPassElevenDoNot() throws {
        let ten = "[" + Array(repeating: "1e99999", count: 10).joined(separator: ",") + "]"
        #expect(Self.refusal(ten) == nil)
        let eleven = "[" + Array(repeating: "1e99999", count: 11).joined(separator: ",") + "]"
        let error = try #require(Self.refusal(eleven))
        #expect(error.kind == "exponent budget exceeded")
        #expect(error.column == 1 + 10 * 8 + 1)   // the eleventh number: after "[" and ten "1e99999,"
    }

    /// Strings written as decimals count too (model JSON reads them as numbers).
    @Test func decimalStringsAreCharged() {
        let eleven = "[" + Array(repeating: "\"-1E-99999\"", count: 11).joined(separator: ",") + "]"
        #expect(Self.refusal(eleven)?.kind == "exponent budget exceeded")
        let fractions = "[" + Array(repeating: "\"1/3\"", count: 1000).joined(separator: ",") + "]"
        #expect(Self.refusal(fractions) == nil)
    }

    /// Real data never come near: every finite binary64 written in scientific
    /// notation has |exponent| ≤ 324 < 400, so any number of them passes.
    @Test func binary64ExtremesAlwaysPass() throws {
        let values = Array(repeating: "4.9406564584124654e-324", count: 5000) + Array(repeating: "1.7976931348623157e308", count: 5000)
        #expect(Self.refusal("[" + values.joined(separator: ", ") + "]") == nil)
    }

    /// Control characters of a key are escaped in the message.
    @Test func messagesEscapeControlCharacters() {
        #expect(JSONValue.quotedForMessage("a\u{1B}[2J\u{9B}\"", limit: 80) == #""a\u{1b}[2J\u{9b}\"""#)
        #expect(JSONValue.quotedForMessage(String(repeating: "x", count: 100), limit: 3) == "\"xxx…\"")
    }
}

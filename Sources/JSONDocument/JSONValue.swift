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

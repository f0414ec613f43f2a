/// Encodes `Encodable` report values into `JSONValue` documents, so every
/// report is a typed value and every document goes through the one writer
/// (`JSONValue.stream`). Keys are the property names in snake case
/// (`maxDrift` → `max_drift`), in declaration order; `nil` is written as
/// `null` (SPEC §12 documents absent values as `null`, never as a missing
/// key); a `JSONValue` property is embedded as it is (pre-built parts such as
/// sparse Betti lists); non-finite doubles are `null`.
public struct JSONValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoding.box(value, codingPath: [], keys: KeyNames())
    }

    /// `camelCase` → `camel_case` (ASCII capitals; digits stay with the word
    /// before them: `beta0` → `beta0`). A key that does not start with a
    /// lower-case ASCII letter (`W1`, a dictionary's key) is kept as it is.
    public static func snakeCase(_ key: String) -> String {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return key }
        // ASCII fast path (every report key): no Unicode property look-ups per character.
        guard bytes.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return key }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 4)
        for byte in bytes {
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                result.append(UInt8(ascii: "_"))
                result.append(byte + 32)
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Snake-case key names already converted in one encoding (a report of 4096
/// neurons asks for the same dozen names 4096 times).
final class KeyNames {
    private var names: [String: String] = [:]

    func name(_ key: String) -> String {
        if let known = names[key] { return known }
        let name = JSONValueEncoder.snakeCase(key)
        names[key] = name
        return name
    }
}

/// Where a value under construction is stored (containers write back into
/// it). Scalars are stored as values; only nested containers get a slot of
/// their own (a report of 4096 neurons holds 45 000 scalars).
final class JSONValueSlot {
    var value: JSONValue = .null
    var members: [(String, Member)]? = nil
    var elements: [Member]? = nil

    enum Member {
        case value(JSONValue)
        case slot(JSONValueSlot)

        var resolved: JSONValue {
            switch self {
            case .value(let value): return value
            case .slot(let slot): return slot.resolved
            }
        }
    }

    /// The finished value.
    var resolved: JSONValue {
        if let members { return .object(members.map { ($0.0, $0.1.resolved) }) }
        if let elements { return .array(elements.map(\.resolved)) }
        return value
    }
}

struct JSONValueEncoding: Encoder {
    let slot: JSONValueSlot
    let codingPath: [any CodingKey]
    let keys: KeyNames
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey], keys: KeyNames) throws -> JSONValue {
        if let json = value as? JSONValue { return json }
        if let double = value as? Double { return .double(double) }
        let slot = JSONValueSlot()
        try value.encode(to: JSONValueEncoding(slot: slot, codingPath: codingPath, keys: keys))
        return slot.resolved
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if slot.members == nil { slot.members = [] }
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, codingPath: codingPath, keys: keys))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if slot.elements == nil { slot.elements = [] }
        return UnkeyedContainer(slot: slot, codingPath: codingPath, keys: keys)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath, keys: keys)
    }

    // The coding path is not extended per value (nothing here reports errors
    // by path, and building it cost an array per value).
    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: JSONValueSlot
        let codingPath: [any CodingKey]
        let keys: KeyNames

        private func store(_ value: JSONValue, _ key: Key) {
            add(.value(value), key)
        }

        private func add(_ member: JSONValueSlot.Member, _ key: Key) {
            let name = keys.name(key.stringValue)
            if let index = slot.members?.firstIndex(where: { $0.0 == name }) {
                slot.members?[index].1 = member
            } else {
                slot.members?.append((name, member))
            }
        }

        mutating func encodeNil(forKey key: Key) throws { store(.null, key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            store(try JSONValueEncoding.box(value, codingPath: codingPath, keys: keys), key)
        }
        // Scalars directly: no dynamic casts, no nested encoder.
        mutating func encode(_ value: Bool, forKey key: Key) throws { store(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { store(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { store(.double(value), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { store(.integer(value), key) }
        // Absent optionals are written as null, not left out (SPEC §12).
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return store(.null, key) }
            try encode(value, forKey: key)
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { store(value.map(JSONValue.bool) ?? .null, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { store(value.map(JSONValue.string) ?? .null, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { store(value.map(JSONValue.double) ?? .null, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { store(value.map(JSONValue.integer) ?? .null, key) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let member = JSONValueSlot()
            member.members = []
            add(.slot(member), key)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: member, codingPath: codingPath, keys: keys))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let member = JSONValueSlot()
            member.elements = []
            add(.slot(member), key)
            return UnkeyedContainer(slot: member, codingPath: codingPath, keys: keys)
        }

        mutating func superEncoder() -> any Encoder { JSONValueEncoding(slot: slot, codingPath: codingPath, keys: keys) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let member = JSONValueSlot()
            add(.slot(member), key)
            return JSONValueEncoding(slot: member, codingPath: codingPath, keys: keys)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let slot: JSONValueSlot
        let codingPath: [any CodingKey]
        let keys: KeyNames
        var count: Int { slot.elements?.count ?? 0 }

        private func store(_ value: JSONValue) {
            slot.elements?.append(.value(value))
        }

        mutating func encodeNil() throws { store(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { store(try JSONValueEncoding.box(value, codingPath: codingPath, keys: keys)) }
        mutating func encode(_ value: String) throws { store(.string(value)) }
        mutating func encode(_ value: Int) throws { store(.integer(value)) }
        mutating func encode(_ value: Double) throws { store(.double(value)) }
        mutating func encode(_ value: Bool) throws { store(.bool(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let element = JSONValueSlot()
            element.members = []
            slot.elements?.append(.slot(element))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: element, codingPath: codingPath, keys: keys))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let element = JSONValueSlot()
            element.elements = []
            slot.elements?.append(.slot(element))
            return UnkeyedContainer(slot: element, codingPath: codingPath, keys: keys)
        }

        mutating func superEncoder() -> any Encoder {
            let element = JSONValueSlot()
            slot.elements?.append(.slot(element))
            return JSONValueEncoding(slot: element, codingPath: codingPath, keys: keys)
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let slot: JSONValueSlot
        let codingPath: [any CodingKey]
        let keys: KeyNames

        mutating func encodeNil() throws { slot.value = .null }
        mutating func encode(_ value: Bool) throws { slot.value = .bool(value) }
        mutating func encode(_ value: String) throws { slot.value = .string(value) }
        mutating func encode(_ value: Double) throws { slot.value = .double(value) }
        mutating func encode(_ value: Float) throws { slot.value = .double(Double(value)) }
        mutating func encode(_ value: Int) throws { slot.value = .integer(value) }
        mutating func encode(_ value: Int8) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: Int16) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: Int32) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: Int64) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: UInt) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: UInt8) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: UInt16) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: UInt32) throws { slot.value = .number(String(value)) }
        mutating func encode(_ value: UInt64) throws { slot.value = .number(String(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { slot.value = try JSONValueEncoding.box(value, codingPath: codingPath, keys: keys) }
    }
}

/// A `JSONValue` inside a report is embedded as it is by `JSONValueEncoder`;
/// other encoders get its plain structure.
extension JSONValue: Encodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let text):
            var container = encoder.singleValueContainer()
            try container.encode(Double(text) ?? .nan)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(stringValue: key)) }
        case .sparseArray(let count, let fill, let entries):
            var values = [JSONValue](repeating: .number(fill), count: count)
            for entry in entries where entry.index < count { values[entry.index] = .number(entry.json) }
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        }
    }
}

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
        try JSONValueEncoding.box(value, codingPath: [])
    }

    /// `camelCase` → `camel_case`, digits kept with the word before them
    /// (`beta0` → `beta0`). A key that does not start with a lower-case letter
    /// (`W1`, a dictionary's key) is kept as it is.
    public static func snakeCase(_ key: String) -> String {
        guard key.first?.isLowercase == true else { return key }
        var result = ""
        result.reserveCapacity(key.count + 4)
        for character in key {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Where a value under construction is stored (containers write back into it).
final class JSONValueSlot {
    var value: JSONValue = .null
    var members: [(String, JSONValueSlot)]? = nil
    var elements: [JSONValueSlot]? = nil

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
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        if let json = value as? JSONValue { return json }
        if let double = value as? Double { return .double(double) }
        let slot = JSONValueSlot()
        try value.encode(to: JSONValueEncoding(slot: slot, codingPath: codingPath))
        return slot.resolved
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if slot.members == nil { slot.members = [] }
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if slot.elements == nil { slot.elements = [] }
        return UnkeyedContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath)
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: JSONValueSlot
        let codingPath: [any CodingKey]

        private func store(_ value: JSONValue, _ key: Key) {
            let member = JSONValueSlot()
            member.value = value
            add(member, key)
        }

        private func add(_ member: JSONValueSlot, _ key: Key) {
            let name = JSONValueEncoder.snakeCase(key.stringValue)
            if let index = slot.members?.firstIndex(where: { $0.0 == name }) {
                slot.members?[index].1 = member
            } else {
                slot.members?.append((name, member))
            }
        }

        mutating func encodeNil(forKey key: Key) throws { store(.null, key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            store(try JSONValueEncoding.box(value, codingPath: codingPath + [key]), key)
        }
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
            add(member, key)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: member, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let member = JSONValueSlot()
            member.elements = []
            add(member, key)
            return UnkeyedContainer(slot: member, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { JSONValueEncoding(slot: slot, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let member = JSONValueSlot()
            add(member, key)
            return JSONValueEncoding(slot: member, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let slot: JSONValueSlot
        let codingPath: [any CodingKey]
        var count: Int { slot.elements?.count ?? 0 }

        private func store(_ value: JSONValue) {
            let element = JSONValueSlot()
            element.value = value
            slot.elements?.append(element)
        }

        mutating func encodeNil() throws { store(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { store(try JSONValueEncoding.box(value, codingPath: codingPath)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let element = JSONValueSlot()
            element.members = []
            slot.elements?.append(element)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: element, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let element = JSONValueSlot()
            element.elements = []
            slot.elements?.append(element)
            return UnkeyedContainer(slot: element, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let element = JSONValueSlot()
            slot.elements?.append(element)
            return JSONValueEncoding(slot: element, codingPath: codingPath)
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let slot: JSONValueSlot
        let codingPath: [any CodingKey]

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
        mutating func encode<T: Encodable>(_ value: T) throws { slot.value = try JSONValueEncoding.box(value, codingPath: codingPath) }
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

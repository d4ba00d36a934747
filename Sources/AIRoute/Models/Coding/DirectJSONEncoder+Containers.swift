import Foundation

/// The `Encoder` handed to each value's `encode(to:)` by ``DirectJSONEncoder``: its container is
/// the frame that opens at `depth`.
struct JSONByteEncoder: Encoder {
    let writer: JSONByteWriter
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(JSONKeyedContainer<Key>(writer: writer, frame: frame(array: false), depth: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedContainer(writer: writer, frame: frame(array: true), depth: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(writer: writer)
    }

    /// This value's container: opened on first use; asking again for the same kind returns it.
    private func frame(array: Bool) -> Int {
        if let open = writer.openFrame(at: depth) {
            if open.isArray != array { writer.unsupported = true }
            return open.id
        }
        return writer.open(array: array)
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let frame: Int
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    private func begin(_ key: Key) throws {
        try writer.beginElement(of: frame, at: depth)
        writer.writeKey(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws {
        try begin(key)
        writer.writeNull()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try begin(key)
        writer.writeBool(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try begin(key)
        writer.writeString(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try begin(key)
        try writer.writeDouble(value)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        try begin(key)
        try writer.writeFloat(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try writer.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        do { try begin(key) } catch { writer.unsupported = true }
        let nested = writer.open(array: false)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(writer: writer, frame: nested, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        do { try begin(key) } catch { writer.unsupported = true }
        return JSONUnkeyedContainer(writer: writer, frame: writer.open(array: true), depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder {
        writer.unsupported = true
        return JSONByteEncoder(writer: writer, depth: depth + 1)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.unsupported = true
        return JSONByteEncoder(writer: writer, depth: depth + 1)
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer, JSONValueSlots {
    let writer: JSONByteWriter
    let frame: Int
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.count(of: frame, at: depth) }

    func begin() throws {
        try writer.beginElement(of: frame, at: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        do { try begin() } catch { writer.unsupported = true }
        let nested = writer.open(array: false)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(writer: writer, frame: nested, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        do { try begin() } catch { writer.unsupported = true }
        return JSONUnkeyedContainer(writer: writer, frame: writer.open(array: true), depth: depth + 1)
    }

    mutating func superEncoder() -> any Encoder {
        writer.unsupported = true
        return JSONByteEncoder(writer: writer, depth: depth + 1)
    }
}

/// One value written where the encoder stands; a second value is unsupported.
struct JSONSingleValueContainer: SingleValueEncodingContainer, JSONValueSlots {
    let writer: JSONByteWriter
    var codingPath: [any CodingKey] { [] }
    private var written = false

    init(writer: JSONByteWriter) {
        self.writer = writer
    }

    mutating func begin() throws {
        guard !written else { throw JSONByteWriter.Unsupported() }
        written = true
    }

}

/// The containers whose values have no key (an array's elements, a single value): each value
/// starts with `begin()` (a comma, or the check that only one value is written), then is written
/// as is. One implementation of the primitive `encode` methods for both.
protocol JSONValueSlots {
    var writer: JSONByteWriter { get }
    mutating func begin() throws
}

extension JSONValueSlots {
    mutating func encodeNil() throws {
        try begin()
        writer.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        try begin()
        writer.writeBool(value)
    }

    mutating func encode(_ value: String) throws {
        try begin()
        writer.writeString(value)
    }

    mutating func encode(_ value: Double) throws {
        try begin()
        try writer.writeDouble(value)
    }

    mutating func encode(_ value: Float) throws {
        try begin()
        try writer.writeFloat(value)
    }

    mutating func encode(_ value: Int) throws {
        try begin()
        writer.writeInteger(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try writer.encodeValue(value)
    }
}

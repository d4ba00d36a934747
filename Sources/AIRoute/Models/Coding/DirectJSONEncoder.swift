import Foundation

/// Encodes `Encodable` values straight into JSON bytes, for the request bodies airoute sends on
/// every call.
///
/// Foundation's `JSONEncoder` first builds a tree of every value and then serializes it: on the
/// hot path of a routed call that was most of the cost of encoding a chat request. This encoder
/// writes each value as it is given, with `withoutEscapingSlashes` output and no key sorting.
/// It supports the way `encode(to:)` implementations are written in practice: one container per
/// value, filled in order. Anything else — a container written to after a later one was opened,
/// `superEncoder`, `Date`, `Data`, `URL`, `Decimal`, a non-finite number — makes it hand the
/// whole value to Foundation's encoder instead, so the result is always what `JSONEncoder` would
/// accept (or the error it would throw).
package enum DirectJSONEncoder {
    /// The encoder used when a value needs what this one does not do.
    static let fallback: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// The JSON text of `value`, as compact UTF-8.
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try encodeWithoutFallback(value)
        } catch is JSONByteWriter.Unsupported {
            return try fallback.encode(value)
        }
    }

    /// The JSON text of `value` as this encoder alone writes it: throws
    /// ``JSONByteWriter/Unsupported`` where ``encode(_:)`` would hand the value to Foundation.
    /// Tests use it to check that the direct path did the work.
    static func encodeWithoutFallback<T: Encodable>(_ value: T) throws -> Data {
        let writer = JSONByteWriter()
        try writer.encodeValue(value)
        if writer.unsupported { throw JSONByteWriter.Unsupported() }
        return Data(writer.bytes)
    }
}

/// The output and the open containers of one ``DirectJSONEncoder`` run.
final class JSONByteWriter {
    /// Thrown (or flagged, from non-throwing `Encoder` methods) when the value needs Foundation.
    struct Unsupported: Error {}

    private struct Frame {
        let id: Int
        let closer: UInt8
        var count = 0
    }

    private(set) var bytes: [UInt8] = []
    private var frames: [Frame] = []
    private var nextFrameID = 0
    /// Set by `Encoder` methods that cannot throw.
    var unsupported = false

    init() {
        bytes.reserveCapacity(1024)
    }

    // MARK: Values

    /// Writes one value at the current position (after a key, a comma, or at the top).
    ///
    /// Primitive types are recognised by comparing metatypes (pointer comparisons), not by
    /// dynamic casts, which would run for every nested value.
    func encodeValue<T: Encodable>(_ value: T) throws {
        let type = T.self
        if type == String.self { return writeString(unsafeBitCast(value, to: String.self)) }
        if type == Int.self { return writeInteger(unsafeBitCast(value, to: Int.self)) }
        if type == Double.self { return try writeDouble(unsafeBitCast(value, to: Double.self)) }
        if type == Bool.self { return writeBool(unsafeBitCast(value, to: Bool.self)) }
        if type == Float.self { return try writeFloat(unsafeBitCast(value, to: Float.self)) }
        if Self.otherIntegers.contains(where: { $0 == type }), let integer = value as? any BinaryInteger {
            return writeInteger(integer)
        }
        if Self.foundationSpecials.contains(where: { $0 == type }) { throw Unsupported() }
        let depth = frames.count
        let start = bytes.count
        try value.encode(to: JSONByteEncoder(writer: self, depth: depth))
        if unsupported { throw Unsupported() }
        closeFrames(downTo: depth)
        if bytes.count == start {
            // Nothing encoded: `{}` inside a container, as Foundation does; at the top, its error.
            guard depth > 0 else { throw Unsupported() }
            append("{}")
        }
    }

    private static let otherIntegers: [any Any.Type] = [
        Int8.self, Int16.self, Int32.self, Int64.self, UInt.self, UInt8.self, UInt16.self, UInt32.self, UInt64.self,
    ]
    /// Types `JSONEncoder` encodes its own way (dates, base64 data, URL strings, decimals).
    private static let foundationSpecials: [any Any.Type] = [Date.self, Data.self, URL.self, Decimal.self]

    func writeNull() { append("null") }

    func writeBool(_ value: Bool) { append(value ? "true" : "false") }

    /// An integer's decimal digits (a short `String` is stored inline: no allocation).
    func writeInteger<T: BinaryInteger>(_ value: T) {
        append(String(value))
    }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else { throw Unsupported() }
        if value == value.rounded(.towardZero), value.magnitude < 1e15 {
            writeInteger(Int64(value))
        } else {
            append(value.description)
        }
    }

    func writeFloat(_ value: Float) throws {
        guard value.isFinite else { throw Unsupported() }
        if value == value.rounded(.towardZero), value.magnitude < 1e7 {
            writeInteger(Int64(value))
        } else {
            append(value.description)
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped; `/` and non-ASCII as is.
    func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var copy = string
        copy.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    append("\\u00")
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0xF)])
                }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// One byte of punctuation (`{`, `}`, `[`, `]`, `,`, `:`), for the hand-written request bodies.
    func writeByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    private func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    // MARK: Containers

    /// Opens an object or array at the current position; returns its frame id.
    func open(array: Bool) -> Int {
        nextFrameID += 1
        bytes.append(array ? UInt8(ascii: "[") : UInt8(ascii: "{"))
        frames.append(Frame(id: nextFrameID, closer: array ? UInt8(ascii: "]") : UInt8(ascii: "}")))
        return nextFrameID
    }

    /// Makes the container `id` (at `depth`) the innermost open one, closing any deeper ones,
    /// and starts its next element (a comma after the first); fails if it was already closed.
    func beginElement(of id: Int, at depth: Int) throws {
        guard depth < frames.count, frames[depth].id == id else { throw Unsupported() }
        closeFrames(downTo: depth + 1)
        if frames[depth].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[depth].count += 1
    }

    /// Writes a key and the colon after it.
    func writeKey(_ key: String) {
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// The number of elements written to the container `id` so far.
    func count(of id: Int, at depth: Int) -> Int {
        depth < frames.count && frames[depth].id == id ? frames[depth].count : 0
    }

    /// The container opened at `depth` by an encoder, if it is still open.
    func openFrame(at depth: Int) -> (id: Int, isArray: Bool)? {
        guard depth < frames.count else { return nil }
        return (frames[depth].id, frames[depth].closer == UInt8(ascii: "]"))
    }

    private func closeFrames(downTo depth: Int) {
        while frames.count > depth { bytes.append(frames.removeLast().closer) }
    }
}

import Foundation

/// A parsed JSON value, kept close to the text: objects as key–value pairs in document order and
/// numbers with their integer value when they are written as integers.
indirect enum FastJSON {
    case null
    case bool(Bool)
    /// A number: its value, and the integer it spells when written without fraction or exponent.
    case number(Double, integer: Int?)
    case string(String)
    case array([FastJSON])
    case object([(key: String, value: FastJSON)])

    /// The value of `key` in an object, `nil` when absent (the reader refuses repeated keys).
    subscript(key: String) -> FastJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// The value as a ``JSONValue``.
    var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let value, _): .number(value)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(\.jsonValue))
        case .object(let pairs): .object(Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value.jsonValue) }))
        }
    }
}

/// Parses JSON text for the decoders of the hottest answers (streamed chunks, completions).
///
/// Foundation's `JSONDecoder` spends most of its time in the generic `Decoder` machinery, not in
/// parsing; the types that use this reader build themselves from ``FastJSON`` directly. The reader
/// accepts strict JSON only (UTF-8 validated, nesting limited) and returns `nil` for anything
/// else, so that the caller can hand the text to `JSONDecoder` and report its error.
struct FastJSONReader {
    /// Deeper documents are left to Foundation.
    static let maximumDepth = 64

    /// The value of a whole document, or `nil` when the text is not (plain, strict) JSON.
    static func parse(_ data: Data) -> FastJSON? {
        data.withUnsafeBytes { parse(bytes: $0) }
    }

    /// The value of a whole document given as text (a streamed event's data), read in place.
    static func parse(_ text: String) -> FastJSON? {
        if let value = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: UnsafeRawBufferPointer($0)) }) {
            return value
        }
        return Array(text.utf8).withUnsafeBytes { parse(bytes: $0) }
    }

    private static func parse(bytes buffer: UnsafeRawBufferPointer) -> FastJSON? {
        var reader = FastJSONReader(bytes: buffer)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.index == buffer.count ? value : nil
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func value(depth: Int) -> FastJSON? {
        guard depth < Self.maximumDepth else { return nil }
        skipWhitespace()
        guard let byte = current else { return nil }
        switch byte {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(FastJSON.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: FastJSON) -> FastJSON? {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0
        else { return nil }
        index += count
        return value
    }

    private mutating func object(depth: Int) -> FastJSON? {
        index += 1
        var pairs: [(key: String, value: FastJSON)] = []
        var seen: Set<String> = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .object(pairs)
        }
        pairs.reserveCapacity(8)  // without it, an object of 8 members grew its array 4 times
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = value(depth: depth + 1) else { return nil }
            // A repeated key is left to Foundation (which of the two wins is its decision).
            if pairs.count < 16 {
                if pairs.contains(where: { $0.key == key }) { return nil }
            } else {
                if seen.isEmpty { seen = Set(pairs.map(\.key)) }
                guard seen.insert(key).inserted else { return nil }
            }
            pairs.append((key, value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(pairs)
            default: return nil
            }
        }
    }

    private mutating func array(depth: Int) -> FastJSON? {
        index += 1
        var values: [FastJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .array(values)
        }
        while true {
            guard let value = value(depth: depth + 1) else { return nil }
            values.append(value)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(values)
            default: return nil
            }
        }
    }

    /// A string starting at the opening quote: escapes resolved, UTF-8 validated.
    /// `bytes` as a string when they are valid UTF-8. ASCII — every key and most content — skips
    /// `String(validating:as:)`, whose generic metadata lookups on every call cost about 6 % of a
    /// streamed reply's client CPU (perf, 200-chunk streams at C=32).
    private static func utf8String(_ bytes: UnsafeRawBufferPointer) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private mutating func string() -> String? {
        index += 1
        let start = index
        // Fast path: no escapes.
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { return nil }
            index += 1
        }
        guard let stop = current else { return nil }
        if stop == UInt8(ascii: "\"") {
            let text = Self.utf8String(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            index += 1
            return text
        }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return utf8.withUnsafeBytes { Self.utf8String($0) }
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return nil }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    utf8.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                utf8.append(byte)
            }
        }
        return nil
    }

    /// The scalar of a `\uXXXX` escape (after the `u`), joining a surrogate pair; `nil` for a
    /// lone surrogate.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { return nil }
            index += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number in strict JSON syntax.
    private mutating func number() -> FastJSON? {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return nil }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard skipDigits() > 0 else { return nil }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { return nil }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        // Out of Double's range (`1e400`) is Foundation's to refuse.
        guard let value = Double(text), value.isFinite else { return nil }
        return .number(value, integer: isInteger ? Int(text) : nil)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }
}

import Foundation

/// A type decoded on the hot path from ``FastJSON`` when the JSON has its ordinary shape, and by
/// Foundation's `JSONDecoder` otherwise.
///
/// `init?(fast:)` must take exactly the fields and defaults of `init(from:)` and return `nil` for
/// anything else (a value of an unexpected type, a number that is not a plain integer where an
/// integer is expected, a field it does not handle), so that `JSONDecoder` decides — and the two
/// paths never disagree. `FastChunkDecodingTests` and `FastCompletionDecodingTests` check that.
protocol FastDecodable: Decodable {
    init?(fast json: FastJSON)
}

extension FastDecodable {
    /// Decodes `data`: directly when it is strict JSON of the ordinary shape, else with `JSONDecoder`
    /// (which also reports malformed text).
    static func decode(from data: Data) throws -> Self {
        if let json = FastJSONReader.parse(data), let value = Self(fast: json) { return value }
        return try SharedJSONDecoder.decoder.decode(Self.self, from: data)
    }

    /// Decodes JSON text (a streamed event's data) as ``decode(from:)`` does, without copying it
    /// into `Data` unless it goes to `JSONDecoder`.
    static func decode(fromText text: String) throws -> Self {
        if let json = FastJSONReader.parse(text), let value = Self(fast: json) { return value }
        return try SharedJSONDecoder.decoder.decode(Self.self, from: Data(text.utf8))
    }
}

extension FastJSON {
    /// Whether `key` is absent or null.
    func isAbsent(_ key: String) -> Bool {
        switch self[key] {
        case nil, .null?: true
        default: false
        }
    }

    /// A string field that may be absent or null (`.some(nil)`); `nil` when it is another type.
    func optionalString(_ key: String) -> String?? {
        switch self[key] {
        case nil, .null?: .some(nil)
        case .string(let value)?: .some(value)
        default: nil
        }
    }

    /// A string field that must be present; `nil` when absent, null or another type.
    func requiredString(_ key: String) -> String? {
        if case .string(let value)? = self[key] { value } else { nil }
    }

    /// A string field with a default for absent or null; `nil` when it is another type.
    func string(_ key: String, default fallback: String) -> String? {
        optionalString(key).map { $0 ?? fallback }
    }

    /// An integer field that may be absent or null; `nil` when it is not a plain integer.
    func optionalInteger(_ key: String) -> Int?? {
        switch self[key] {
        case nil, .null?: .some(nil)
        case .number(_, let integer?)?: .some(integer)
        default: nil
        }
    }

    /// An integer field with a default for absent or null; `nil` when it is not a plain integer.
    func integer(_ key: String, default fallback: Int) -> Int? {
        optionalInteger(key).map { $0 ?? fallback }
    }

    /// Any JSON field that may be absent or null, as a ``JSONValue``.
    func optionalJSON(_ key: String) -> JSONValue? {
        switch self[key] {
        case nil, .null?: nil
        case let value?: value.jsonValue
        }
    }

    /// The members of an object whose keys are not in `known`, for the types that keep undeclared
    /// fields in `extra`: empty (and allocation-free) when every key is known.
    func unknownMembers(_ known: DeclaredKeys) -> [String: JSONValue] {
        guard case .object(let pairs) = self else { return [:] }
        var extra: [String: JSONValue] = [:]
        for pair in pairs where !known.contains(pair.key) { extra[pair.key] = pair.value.jsonValue }
        return extra
    }

    /// An array field of `T`s that may be absent or null (`.some(nil)`); `nil` when it is another
    /// type or an element does not decode.
    func optionalArray<T>(_ key: String, _ element: (FastJSON) -> T?) -> [T]?? {
        switch self[key] {
        case nil, .null?: return .some(nil)
        case .array(let values)?:
            var result: [T] = []
            result.reserveCapacity(values.count)
            for value in values {
                guard let decoded = element(value) else { return nil }
                result.append(decoded)
            }
            return .some(result)
        default: return nil
        }
    }

    /// An object field decoded by `decode`, absent or null giving `.some(nil)`; `nil` when it
    /// does not decode.
    func optionalObject<T>(_ key: String, _ decode: (FastJSON) -> T?) -> T?? {
        switch self[key] {
        case nil, .null?: return .some(nil)
        case let value?: return decode(value).map { .some($0) } ?? nil
        }
    }
}

/// The keys a type declares, for ``FastJSON/unknownMembers(_:)``: found by their length, then
/// compared, instead of hashed. Every member of every decoded object is checked, and hashing the
/// keys was 7 % of a streaming client's CPU (BENCHMARKS.md, "Client CPU").
struct DeclaredKeys: Sendable {
    /// The keys, by their length in UTF-8 bytes.
    private let byLength: [[String]]

    init<Keys: CodingKey & CaseIterable>(_: Keys.Type) {
        var byLength: [[String]] = []
        for key in Keys.allCases.map(\.stringValue) {
            let length = key.utf8.count
            if byLength.count <= length { byLength += Array(repeating: [], count: length + 1 - byLength.count) }
            byLength[length].append(key)
        }
        self.byLength = byLength
    }

    func contains(_ key: String) -> Bool {
        let length = key.utf8.count
        return length < byLength.count && byLength[length].contains(key)
    }
}

// The one implementation of `extra` flattening shared by every request type: extra parameters
// are written inline, beside the declared keys, and unknown keys are read back into `extra`.

extension Encoder {
    /// Writes `extra` inline into the JSON object being encoded.
    ///
    /// Keys that name a declared property (a case of `Keys`) are skipped: the declared property
    /// always wins, so `extra` can never produce a duplicate key.
    func encodeExtraParameters<Keys: CodingKey & CaseIterable>(
        _ extra: [String: JSONValue], reservedBy _: Keys.Type
    ) throws {
        guard !extra.isEmpty else { return }
        let reserved = Set(Keys.allCases.map(\.stringValue))
        var container = container(keyedBy: DynamicCodingKey.self)
        for (key, value) in extra where !reserved.contains(key) {
            try container.encode(value, forKey: DynamicCodingKey(key))
        }
    }
}

extension Decoder {
    /// Reads every key of the JSON object being decoded that is not a case of `Keys`.
    func decodeExtraParameters<Keys: CodingKey & CaseIterable>(
        reservedBy _: Keys.Type
    ) throws -> [String: JSONValue] {
        let reserved = Set(Keys.allCases.map(\.stringValue))
        let container = try container(keyedBy: DynamicCodingKey.self)
        var extra: [String: JSONValue] = [:]
        for key in container.allKeys where !reserved.contains(key.stringValue) {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return extra
    }
}

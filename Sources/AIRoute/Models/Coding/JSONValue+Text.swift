import Foundation

// JSON text to ``JSONValue`` and back, for the code that reads or writes JSON it has no type for
// (error bodies, tool-call arguments, pass-through parameters).

extension JSONValue {
    /// The value of the JSON document `data`, or `nil` when `data` is not JSON.
    ///
    /// Read by ``FastJSONReader``; what it leaves to Foundation (a repeated key, very deep nesting,
    /// a number out of range) is decoded by `JSONDecoder`, which decides.
    init?(parsing data: Data) {
        if let value = FastJSONReader.parse(data) {
            self = value.jsonValue
        } else if let value = try? SharedJSONDecoder.decoder.decode(JSONValue.self, from: data) {
            self = value
        } else {
            return nil
        }
    }

    /// The JSON value that `value` encodes to.
    package init(encoding value: some Encodable) throws {
        let data = try DirectJSONEncoder.encode(value)
        self = try JSONValue(parsing: data) ?? SharedJSONDecoder.decoder.decode(JSONValue.self, from: data)
    }

    /// The value as compact JSON text with sorted keys (``StableJSONEncoder``).
    var jsonText: String {
        (try? StableJSONEncoder.compact.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

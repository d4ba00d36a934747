/// The format the model must answer in: free text, any JSON object, or JSON matching a schema.
///
/// ```swift
/// let format = ResponseFormat.jsonSchema(.init(
///     name: "city", schema: ["type": "object", "properties": ["name": ["type": "string"]]], strict: true))
/// ```
public enum ResponseFormat: Codable, Hashable, Sendable {
    /// `{"type": "text"}`.
    case text
    /// `{"type": "json_object"}`: JSON mode.
    case jsonObject
    /// `{"type": "json_schema", "json_schema": {…}}`: structured outputs.
    case jsonSchema(JSONSchema)

    /// A named JSON Schema the answer must match.
    public struct JSONSchema: Codable, Hashable, Sendable {
        /// The schema's name (`a-z`, `A-Z`, `0-9`, `_`, `-`).
        public var name: String
        /// What the answer is for.
        public var description: String?
        /// The JSON Schema.
        public var schema: JSONValue?
        /// Whether the answer must follow the schema exactly.
        public var strict: Bool?

        /// Creates a named schema.
        public init(name: String, description: String? = nil, schema: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.schema = schema
            self.strict = strict
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, description, schema, strict
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case jsonSchema = "json_schema"
    }

    /// Decodes the format by its `type`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "text": self = .text
        case "json_object": self = .jsonObject
        case "json_schema": self = .jsonSchema(try container.decode(JSONSchema.self, forKey: .jsonSchema))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "Unknown response_format type '\(other)'.")
        }
    }

    /// Encodes the format with its `type`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text:
            try container.encode("text", forKey: .type)
        case .jsonObject:
            try container.encode("json_object", forKey: .type)
        case .jsonSchema(let schema):
            try container.encode("json_schema", forKey: .type)
            try container.encode(schema, forKey: .jsonSchema)
        }
    }

    /// Whether the format asks for JSON (and so needs a member with `json_output`).
    public var requiresJSON: Bool { self != .text }
}

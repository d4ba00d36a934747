// Gemini's `Schema` is an OpenAPI 3.0 subset: JSON Schema keywords outside it
// (`additionalProperties`, `$schema`, `$ref`, `strict`…) make the request fail with 400, so
// schemas from OpenAI-shaped requests are reduced to it, best effort.

extension GeminiWire {
    /// The keywords kept as they are.
    static let schemaKeywords: Set<String> = [
        "description", "title", "nullable", "enum", "required", "minItems", "maxItems", "minProperties",
        "maxProperties", "minLength", "maxLength", "pattern", "example", "propertyOrdering", "default",
        "minimum", "maximum",
    ]

    /// `schema` reduced to what Gemini accepts: unknown keywords dropped, `type: [T, "null"]` →
    /// `type: T, nullable: true`, `const` → a one-value `enum`, string formats other than `enum`
    /// and `date-time` dropped; `properties`, `items` and `anyOf` reduced recursively.
    static func sanitizedSchema(_ schema: JSONValue) -> JSONValue {
        guard case .object(let object) = schema else { return schema }
        var result: [String: JSONValue] = [:]
        for (key, value) in object {
            switch key {
            case "type":
                if case .array(let types) = value {
                    let concrete = types.filter { $0 != "null" }
                    if let first = concrete.first { result["type"] = first }
                    if concrete.count < types.count { result["nullable"] = true }
                } else {
                    result["type"] = value
                }
            case "properties":
                if case .object(let properties) = value { result[key] = .object(properties.mapValues(sanitizedSchema)) }
            case "items":
                result[key] = sanitizedSchema(value)
            case "anyOf":
                if case .array(let options) = value { result[key] = .array(options.map(sanitizedSchema)) }
            case "const":
                if object["enum"] == nil { result["enum"] = [value] }
            case "format":
                let isString = object["type"] == "string" || object["type"]?.arrayValue?.contains("string") == true
                if !isString || value == "enum" || value == "date-time" { result[key] = value }
            default:
                if schemaKeywords.contains(key) { result[key] = value }
            }
        }
        return .object(result)
    }

    /// A function's parameter schema, sanitized; `nil` for an object without properties (Gemini
    /// rejects an `OBJECT` with empty `properties`: a function without parameters declares none).
    static func parametersSchema(_ schema: JSONValue) -> JSONValue? {
        let sanitized = sanitizedSchema(schema)
        if sanitized["type"] == "object", sanitized["properties"]?.objectValue?.isEmpty ?? true {
            return nil
        }
        return sanitized
    }
}

// Gemini's `Schema` is an OpenAPI 3.0 subset: JSON Schema keywords outside it
// (`additionalProperties`, `$schema`, `$ref`, `strict`…) make the request fail with 400, so
// schemas from OpenAI-shaped requests are reduced to it, best effort. Gemini 2.5 and later also
// take full JSON Schema (`responseJsonSchema`), but 2.0 models do not, so the subset is what every
// model accepts.

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

    /// A response or parameter schema as Gemini takes it: local references inlined, then sanitized.
    static func geminiSchema(_ schema: JSONValue) -> JSONValue {
        sanitizedSchema(inliningReferences(schema))
    }

    /// How deep references are followed: a recursive schema is cut off there.
    static let maxReferenceDepth = 8

    /// `schema` with its local references (`{"$ref": "#/$defs/NAME"}`, or `#/definitions/NAME`)
    /// replaced by the definitions they name (Gemini's subset has no `$ref`: dropped, they would
    /// leave a property without a type). Keywords beside a `$ref` (a `description`) are kept;
    /// a reference that names nothing, or one nested deeper than ``maxReferenceDepth``, becomes `{}`.
    static func inliningReferences(_ schema: JSONValue) -> JSONValue {
        guard let root = schema.objectValue else { return schema }
        let definitions = (root["definitions"]?.objectValue ?? [:]).merging(
            root["$defs"]?.objectValue ?? [:], uniquingKeysWith: { _, defs in defs })
        guard !definitions.isEmpty else { return schema }
        func inline(_ value: JSONValue, depth: Int) -> JSONValue {
            switch value {
            case .array(let items):
                return .array(items.map { inline($0, depth: depth) })
            case .object(var object):
                guard let reference = object.removeValue(forKey: "$ref")?.stringValue else {
                    return .object(object.mapValues { inline($0, depth: depth) })
                }
                let name = reference.split(separator: "/").last.map(String.init) ?? ""
                let isLocal = reference.hasPrefix("#/$defs/") || reference.hasPrefix("#/definitions/")
                guard isLocal, depth < maxReferenceDepth, let target = definitions[name] else { return .object([:]) }
                var resolved = inline(target, depth: depth + 1).objectValue ?? [:]
                for (key, sibling) in object { resolved[key] = inline(sibling, depth: depth) }
                return .object(resolved)
            default:
                return value
            }
        }
        return inline(schema, depth: 0)
    }

    /// A function's parameter schema, sanitized; `nil` for an object without properties (Gemini
    /// rejects an `OBJECT` with empty `properties`: a function without parameters declares none).
    static func parametersSchema(_ schema: JSONValue) -> JSONValue? {
        let sanitized = geminiSchema(schema)
        if sanitized["type"] == "object", sanitized["properties"]?.objectValue?.isEmpty ?? true {
            return nil
        }
        return sanitized
    }
}

import AIRoute
import Foundation

/// The part of JSON Schema that answers are checked against: `type` (one or a list), `enum`,
/// `const`, `properties`, `required`, `additionalProperties: false` or a schema, `items`,
/// `minItems`/`maxItems`, `minimum`/`maximum`, `minLength`/`maxLength`, `anyOf`/`oneOf`/`allOf`.
/// Keywords beyond these (`$ref`, `pattern`, `format`…) are not checked: a mismatch reported here
/// is certain, a match is as far as these keywords go.
enum JSONSchemaCheck {
    /// The first place `value` breaks `schema`, as `$.path: reason`, or `nil`.
    static func firstMismatch(_ value: JSONValue, _ schema: JSONValue, at path: String) -> String? {
        guard case .object(let rules) = schema else { return nil }  // `true`/`false` schemas and others
        if let types = rules["type"] {
            let names = types.arrayValue?.compactMap(\.stringValue) ?? types.stringValue.map { [$0] } ?? []
            if !names.isEmpty, !names.contains(where: { matches(value, type: $0) }) {
                return "\(path): expected \(names.joined(separator: " or ")), got \(typeName(value))"
            }
        }
        if let choices = rules["enum"]?.arrayValue, !choices.contains(value) {
            return "\(path): \(short(value)) is not one of \(choices.map(short).joined(separator: ", "))"
        }
        if let constant = rules["const"], constant != value { return "\(path): expected \(short(constant))" }
        if let problem = numberMismatch(value, rules, path) ?? sizeMismatch(value, rules, path) { return problem }
        if case .object(let members) = value, let problem = objectMismatch(members, rules, path) { return problem }
        if case .array(let elements) = value, let items = rules["items"] {
            for (index, element) in elements.enumerated() {
                if let problem = firstMismatch(element, items, at: "\(path)[\(index)]") { return problem }
            }
        }
        for sub in rules["allOf"]?.arrayValue ?? [] {
            if let problem = firstMismatch(value, sub, at: path) { return problem }
        }
        for key in ["anyOf", "oneOf"] {
            if let options = rules[key]?.arrayValue, !options.isEmpty,
                !options.contains(where: { firstMismatch(value, $0, at: path) == nil })
            {
                return "\(path): matches none of the \(key) alternatives"
            }
        }
        return nil
    }

    /// Why `schema` is not a usable schema (a keyword of the wrong JSON type), or `nil`.
    static func problem(inSchema schema: JSONValue, at path: String) -> String? {
        guard case .object(let rules) = schema else { return nil }
        if let type = rules["type"], type.stringValue == nil, type.arrayValue == nil {
            return "\(path).type must be a string or a list of strings"
        }
        if let properties = rules["properties"] {
            guard let members = properties.objectValue else { return "\(path).properties must be an object" }
            for (name, sub) in members.sorted(by: { $0.key < $1.key }) {
                if let problem = problem(inSchema: sub, at: "\(path).properties.\(name)") { return problem }
            }
        }
        if let required = rules["required"], required.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
            return "\(path).required must be a list of names"
        }
        if let items = rules["items"] { return problem(inSchema: items, at: "\(path).items") }
        return nil
    }

    private static func objectMismatch(
        _ members: [String: JSONValue], _ rules: [String: JSONValue], _ path: String
    )
        -> String?
    {
        for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            return "\(path): the required property '\(name)' is missing"
        }
        let properties = rules["properties"]?.objectValue ?? [:]
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let sub = properties[name] {
                if let problem = firstMismatch(member, sub, at: "\(path).\(name)") { return problem }
            } else if let extra = rules["additionalProperties"] {
                if extra == .bool(false) { return "\(path): the property '\(name)' is not allowed" }
                if let problem = firstMismatch(member, extra, at: "\(path).\(name)") { return problem }
            }
        }
        return nil
    }

    private static func numberMismatch(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String) -> String? {
        guard let number = value.numberValue else { return nil }
        if let minimum = rules["minimum"]?.numberValue, number < minimum {
            return "\(path): \(short(value)) is below the minimum \(short(.number(minimum)))"
        }
        if let maximum = rules["maximum"]?.numberValue, number > maximum {
            return "\(path): \(short(value)) is above the maximum \(short(.number(maximum)))"
        }
        return nil
    }

    private static func sizeMismatch(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String) -> String? {
        let (count, unit, low, high): (Int, String, String, String)
        switch value {
        case .string(let text): (count, unit, low, high) = (text.count, "characters", "minLength", "maxLength")
        case .array(let elements): (count, unit, low, high) = (elements.count, "items", "minItems", "maxItems")
        default: return nil
        }
        if let minimum = rules[low]?.intValue, count < minimum {
            return "\(path): \(count) \(unit), at least \(minimum)"
        }
        if let maximum = rules[high]?.intValue, count > maximum {
            return "\(path): \(count) \(unit), at most \(maximum)"
        }
        return nil
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let number)): return number == number.rounded() && number.isFinite
        default: return false
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number(let n): n == n.rounded() ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A value in a message: compact JSON, at most 40 characters.
    private static func short(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return text.count > 40 ? String(text.prefix(39)) + "…" : text
    }
}

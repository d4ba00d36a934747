import AIRoute
import Foundation

/// `chat --schema`: the JSON Schema the answer must follow, sent as OpenAI's
/// `response_format: {type: json_schema}` (the adapters translate it for Anthropic and Gemini),
/// and the check of the answer (docs/cli.md, "Structured output").
///
/// The argument is a file holding a JSON Schema, inline JSON (`{"type": "object", …}`), or the
/// concise form `name, age int, bio: a short biography` — fields separated by commas or new lines,
/// each `NAME [TYPE][: DESCRIPTION]` with TYPE `str` (default), `int`, `float` or `bool` — which
/// becomes a strict object schema with every field required.
struct AnswerSchema: Sendable, Equatable {
    /// The schema's name (`[A-Za-z0-9_-]`, at most 64).
    var name: String
    /// The JSON Schema.
    var schema: JSONValue
    /// Whether providers are asked to follow it exactly (only for the concise form, which is
    /// written to strict mode's rules; a user's schema may not follow them).
    var strict: Bool?

    /// The request's `response_format`.
    var responseFormat: ResponseFormat {
        .jsonSchema(.init(name: name, schema: schema, strict: strict))
    }

    /// Reads `argument`: an existing file, inline JSON, or the concise form.
    static func load(_ argument: String) throws(CommandFailure) -> AnswerSchema {
        let trimmed = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            return try parse(Data(trimmed.utf8), source: "the inline schema", name: nil)
        }
        // A path: an existing file, or anything a field name cannot be (`/`, `.json`).
        if FileManager.default.fileExists(atPath: argument) || argument.hasSuffix(".json") || argument.contains("/") {
            let data = try InputFile.read(argument, limit: 1 << 20) { size in
                "\(argument) is \(ByteCount.text(size)); a schema may be at most 1 MB"
            }
            return try parse(data, source: argument, name: PathName.removingExtension(PathName.base(of: argument)))
        }
        return try concise(trimmed)
    }

    /// A JSON Schema document.
    private static func parse(_ data: Data, source: String, name: String?) throws(CommandFailure) -> AnswerSchema {
        guard let schema = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw CommandFailure("\(source) is not JSON: a schema is a JSON object", .dataError)
        }
        guard schema.objectValue != nil else {
            throw CommandFailure("\(source) is not a JSON Schema: the document must be an object", .dataError)
        }
        if let problem = JSONSchemaCheck.problem(inSchema: schema, at: "$") {
            throw CommandFailure("\(source) is not a usable JSON Schema: \(problem)", .dataError)
        }
        let title = schema["title"]?.stringValue
        return AnswerSchema(name: sanitized(title ?? name ?? "answer"), schema: schema, strict: nil)
    }

    /// `name, age int, bio: a short biography`.
    private static func concise(_ text: String) throws(CommandFailure) -> AnswerSchema {
        var properties: [String: JSONValue] = [:]
        var order: [String] = []
        for field in text.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            var spec = Substring(field)
            var description: String?
            if let colon = spec.firstIndex(of: ":") {
                description = spec[spec.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                spec = spec[..<colon]
            }
            let words = spec.split(whereSeparator: \.isWhitespace)
            guard !words.isEmpty else { continue }
            let types = ["str": "string", "int": "integer", "float": "number", "bool": "boolean"]
            guard words.count <= 2, let type = words.count == 2 ? types[String(words[1])] : "string" else {
                throw CommandFailure(
                    "'\(field.trimmingCharacters(in: .whitespaces))' is not a schema field: write NAME [TYPE][: "
                        + "DESCRIPTION] with TYPE str, int, float or bool, or give a JSON Schema (a .json file or "
                        + "inline {…})", .usage)
            }
            let name = String(words[0])
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true,
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
            else {
                throw CommandFailure(
                    "'\(name)' is neither a schema file nor a field name: give a JSON Schema file (it does not exist), "
                        + "inline JSON ({…}), or fields such as 'name, age int'", .usage)
            }
            var property: [String: JSONValue] = ["type": .string(type)]
            if let description, !description.isEmpty { property["description"] = .string(description) }
            if properties[name] == nil { order.append(name) }
            properties[name] = .object(property)
        }
        guard !order.isEmpty else { throw CommandFailure("the schema is empty", .usage) }
        let schema: JSONValue = .object([
            "type": "object", "properties": .object(properties), "required": .array(order.map { .string($0) }),
            "additionalProperties": false,
        ])
        return AnswerSchema(name: "answer", schema: schema, strict: true)
    }

    /// `name` with characters outside `[A-Za-z0-9_-]` replaced by `_`, at most 64 long.
    static func sanitized(_ name: String) -> String {
        let cleaned = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
                    ? Character(scalar) : "_"
            }.prefix(64))
        return cleaned.isEmpty ? "answer" : cleaned
    }

    /// The answer as JSON text to print, and the first way it does not match the schema.
    ///
    /// A Markdown code fence around the JSON (some models add one) is removed.
    /// - Throws: ``CommandFailure`` (exit 65) when the answer is not JSON.
    func check(_ answer: String) throws(CommandFailure) -> (json: String, mismatch: String?) {
        var text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```") {
            text = String(text.drop { $0 != "\n" }.dropFirst())
            if text.hasSuffix("```") { text = String(text.dropLast(3)) }
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            let preview = answer.prefix(120).map { $0.isNewline ? " " : $0 }
            throw CommandFailure(
                "the answer is not JSON\(answer.isEmpty ? " (it is empty)" : ": \(String(preview))")", .dataError)
        }
        return (text, JSONSchemaCheck.firstMismatch(value, schema, at: "$"))
    }
}

/// A tool the model may call: `{"type": "function", "function": {…}}`.
///
/// ```swift
/// let weather = Tool(function: .init(
///     name: "get_weather",
///     description: "Current weather in a city",
///     parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]
/// ))
/// ```
public struct Tool: Codable, Hashable, Sendable {
    /// Always `function` today.
    public var type: String
    /// The function's definition.
    public var function: FunctionDefinition

    /// Creates a tool.
    public init(type: String = "function", function: FunctionDefinition) {
        self.type = type
        self.function = function
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, function
    }

    /// A function's name, purpose and parameters.
    public struct FunctionDefinition: Codable, Hashable, Sendable {
        /// The name the model calls it by (`a-z`, `A-Z`, `0-9`, `_`, `-`; at most 64 characters).
        public var name: String
        /// What the function does, for the model to decide when to call it.
        public var description: String?
        /// The parameters as a JSON Schema object; `nil` for a function without parameters.
        public var parameters: JSONValue?
        /// Whether the model must follow the schema exactly (OpenAI structured outputs).
        public var strict: Bool?

        /// Creates a function definition.
        public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, description, parameters, strict
        }
    }
}

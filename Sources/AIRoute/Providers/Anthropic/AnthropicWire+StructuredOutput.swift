// `response_format` on Anthropic. The Messages API has no parameter every Claude model accepts for
// it, so the JSON is asked for as the input of one forced tool (Anthropic's "JSON mode via tool
// use"; LiteLLM and the Vercel AI SDK do the same), and that tool's input comes back as the
// answer's text (docs/routing.md, "Structured output on Anthropic").

extension AnthropicWire {
    /// The tool that carries a request's `response_format`, and how its input becomes the answer.
    ///
    /// - `json_schema`: a tool named after the schema, its description (or ``defaultDescription``),
    ///   the schema as `input_schema`. A tool input must be an object, so a schema whose top-level
    ///   `type` is not `object` is wrapped as `{"type":"object","properties":{"value":SCHEMA},…}`
    ///   (its `$defs`, `definitions` and `$schema` moved to the wrapper, so that `#/$defs/…`
    ///   references still resolve), and the answer is the input's `value`.
    /// - `json_object`: a tool named ``defaultName`` whose `input_schema` is `{"type":"object"}`.
    struct StructuredOutput: Sendable, Equatable {
        /// The tool's name: the schema's name made safe for Anthropic, unique among the caller's tools.
        var toolName: String
        /// The tool's description.
        var description: String
        /// The tool's input schema.
        var inputSchema: JSONValue
        /// Whether the schema is wrapped under ``wrapperKey``.
        var wrapped: Bool

        /// The tool's name for `json_object` (and for a schema without a usable name).
        static let defaultName = "json_response"
        /// The tool's description when the schema has none.
        static let defaultDescription =
            "Give your final answer by calling this tool: its input is the answer, in the JSON format requested."
        /// The property a wrapped schema's value is held in.
        static let wrapperKey = "value"
        /// Keywords that belong to a schema's root, moved to the wrapper.
        private static let rootKeywords = ["$defs", "definitions", "$schema"]

        /// The structured output `request` asks for; `nil` for text (or no `response_format`).
        init?(_ request: ChatCompletionRequest) {
            let schema: JSONValue?
            var name = Self.defaultName
            var description: String?
            switch request.responseFormat {
            case .jsonObject?:
                schema = nil
            case .jsonSchema(let format)?:
                schema = format.schema
                if !format.name.isEmpty { name = format.name }
                description = format.description
            case .text?, nil:
                return nil
            }
            let taken = Set((request.tools ?? []).map(\.function.name))
            var toolName = String(WireTranslation.safeID(name).prefix(64))
            while taken.contains(toolName) { toolName = String(toolName.prefix(59)) + "_json" }
            self.toolName = toolName
            self.description = description.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultDescription
            (inputSchema, wrapped) = Self.toolSchema(schema)
        }

        /// The tool's input schema for `schema`, and whether it had to be wrapped.
        static func toolSchema(_ schema: JSONValue?) -> (JSONValue, wrapped: Bool) {
            guard let schema else { return (["type": "object"], false) }
            if schema["type"] == "object" { return (schema, false) }
            var value = schema.objectValue ?? [:]
            var wrapper: [String: JSONValue] = [
                "type": "object", "required": [.string(wrapperKey)], "additionalProperties": false,
            ]
            for keyword in rootKeywords {
                if let moved = value.removeValue(forKey: keyword) { wrapper[keyword] = moved }
            }
            wrapper["properties"] = .object([wrapperKey: .object(value)])
            return (.object(wrapper), true)
        }

        /// The tool definition sent beside the caller's tools.
        var tool: ToolDefinition {
            ToolDefinition(name: toolName, description: description, inputSchema: inputSchema)
        }

        /// The answer's text for the tool's `input`: compact JSON (keys sorted), unwrapped.
        func content(_ input: JSONValue?) -> String {
            let input = input ?? .object([:])
            if wrapped, let value = input[Self.wrapperKey] { return value.jsonText }
            return input.jsonText
        }

        /// The `tool_choice` that makes the model answer through the tool: that tool alone when the
        /// caller has no tools; beside the caller's tools, theirs, or `any` when they set none. With
        /// extended thinking on, Anthropic accepts only `auto` (the model is then asked, not forced).
        func toolChoice(for request: ChatCompletionRequest, callerChoice: ToolChoiceBody?) -> ToolChoiceBody {
            let thinking = request.extra["thinking"]?["type"]?.stringValue.map { $0 != "disabled" } ?? false
            if thinking { return ToolChoiceBody(type: "auto") }
            let callerTools = !(request.tools ?? []).isEmpty
            if callerTools, request.toolChoice != nil, let callerChoice { return callerChoice }
            if callerTools {
                return ToolChoiceBody(type: "any", disableParallelToolUse: callerChoice?.disableParallelToolUse)
            }
            return ToolChoiceBody(type: "tool", name: toolName)
        }
    }
}

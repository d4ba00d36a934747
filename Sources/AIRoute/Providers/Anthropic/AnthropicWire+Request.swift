import Foundation

// The Messages API request body (`POST /v1/messages`), and its translation from an OpenAI-shaped
// ``ChatCompletionRequest``.

extension AnthropicWire {
    struct MessagesBody: Encodable {
        var model: String
        var system: String?
        var messages: [Message]
        var maxTokens: Int
        var temperature: Double?
        var topP: Double?
        var stopSequences: [String]?
        var tools: [ToolDefinition]?
        var toolChoice: ToolChoiceBody?
        var metadata: Metadata?
        var stream: Bool?
        /// Pass-through parameters Anthropic knows (`top_k`, `thinking`, `service_tier`).
        var extra: [String: JSONValue] = [:]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case model, system, messages, temperature, tools, metadata, stream
            case maxTokens = "max_tokens"
            case topP = "top_p"
            case stopSequences = "stop_sequences"
            case toolChoice = "tool_choice"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(model, forKey: .model)
            try container.encodeIfPresent(system, forKey: .system)
            try container.encode(messages, forKey: .messages)
            try container.encode(maxTokens, forKey: .maxTokens)
            try container.encodeIfPresent(temperature, forKey: .temperature)
            try container.encodeIfPresent(topP, forKey: .topP)
            try container.encodeIfPresent(stopSequences, forKey: .stopSequences)
            try container.encodeIfPresent(tools, forKey: .tools)
            try container.encodeIfPresent(toolChoice, forKey: .toolChoice)
            try container.encodeIfPresent(metadata, forKey: .metadata)
            try container.encodeIfPresent(stream, forKey: .stream)
            try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
        }
    }

    struct Message: Encodable, Equatable {
        var role: String
        var content: [Block]
    }

    /// A content block of a request message.
    enum Block: Encodable, Equatable {
        case text(String)
        case imageBase64(mediaType: String, data: String)
        case imageURL(String)
        case toolUse(id: String, name: String, input: JSONValue)
        case toolResult(toolUseID: String, content: String)

        private enum CodingKeys: String, CodingKey {
            case type, text, source, id, name, input, content
            case toolUseID = "tool_use_id"
        }

        private enum SourceKeys: String, CodingKey {
            case type, url, data
            case mediaType = "media_type"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .imageBase64(let mediaType, let data):
                try container.encode("image", forKey: .type)
                var source = container.nestedContainer(keyedBy: SourceKeys.self, forKey: .source)
                try source.encode("base64", forKey: .type)
                try source.encode(mediaType, forKey: .mediaType)
                try source.encode(data, forKey: .data)
            case .imageURL(let url):
                try container.encode("image", forKey: .type)
                var source = container.nestedContainer(keyedBy: SourceKeys.self, forKey: .source)
                try source.encode("url", forKey: .type)
                try source.encode(url, forKey: .url)
            case .toolUse(let id, let name, let input):
                try container.encode("tool_use", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name, forKey: .name)
                try container.encode(input, forKey: .input)
            case .toolResult(let toolUseID, let content):
                try container.encode("tool_result", forKey: .type)
                try container.encode(toolUseID, forKey: .toolUseID)
                try container.encode(content, forKey: .content)
            }
        }
    }

    struct ToolDefinition: Encodable {
        var name: String
        var description: String?
        var inputSchema: JSONValue

        enum CodingKeys: String, CodingKey {
            case name, description
            case inputSchema = "input_schema"
        }
    }

    struct ToolChoiceBody: Encodable, Equatable {
        var type: String
        var name: String?
        var disableParallelToolUse: Bool?

        enum CodingKeys: String, CodingKey {
            case type, name
            case disableParallelToolUse = "disable_parallel_tool_use"
        }
    }

    struct Metadata: Encodable {
        var userID: String

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
        }
    }

    /// Extra request parameters Anthropic accepts; other extras (meant for OpenAI-compatible
    /// servers) are left out rather than turned into a 400.
    static let passThroughExtras: Set<String> = ["top_k", "thinking", "service_tier"]

    /// The default `max_tokens` when neither the request nor the model configuration sets one
    /// (Anthropic requires it).
    static let defaultMaxTokens = 4096

    // MARK: Translation

    /// Translates an OpenAI-shaped chat request into a Messages API body.
    static func messagesBody(
        _ request: ChatCompletionRequest, member: RouteMember, stream: Bool
    ) throws
        -> MessagesBody
    {
        let (system, messages) = try translateMessages(request.messages)
        var tools = request.tools.flatMap { $0.isEmpty ? nil : $0 }?.map { tool in
            ToolDefinition(
                name: tool.function.name, description: tool.function.description,
                inputSchema: tool.function.parameters ?? ["type": "object", "properties": [:]])
        }
        var choice = tools == nil ? nil : toolChoice(request.toolChoice, parallel: request.parallelToolCalls)
        if let output = StructuredOutput(request) {
            tools = (tools ?? []) + [output.tool]
            choice = output.toolChoice(for: request, callerChoice: choice)
        }
        var body = MessagesBody(
            model: member.model.upstreamName, system: system, messages: messages,
            maxTokens: request.effectiveMaxTokens ?? member.model.maxOutputTokens ?? defaultMaxTokens,
            // Anthropic's range is 0–1, OpenAI's 0–2: clamp rather than fail.
            temperature: request.temperature.map { min(max($0, 0), 1) }, topP: request.topP,
            stopSequences: request.stop.flatMap { $0.sequences.isEmpty ? nil : $0.sequences },
            tools: tools, toolChoice: choice,
            metadata: request.user.map { Metadata(userID: $0) }, stream: stream ? true : nil)
        body.extra = request.extra.filter { passThroughExtras.contains($0.key) }
        return body
    }

    static func toolChoice(_ choice: ToolChoice?, parallel: Bool?) -> ToolChoiceBody? {
        let disable: Bool? = parallel == false ? true : nil
        guard let choice else { return disable.map { ToolChoiceBody(type: "auto", disableParallelToolUse: $0) } }
        switch choice {
        case .auto: return ToolChoiceBody(type: "auto", disableParallelToolUse: disable)
        case .none: return ToolChoiceBody(type: "none")
        case .required: return ToolChoiceBody(type: "any", disableParallelToolUse: disable)
        case .function(let name): return ToolChoiceBody(type: "tool", name: name, disableParallelToolUse: disable)
        }
    }

    /// Splits the conversation into the top-level `system` text and alternating user/assistant
    /// messages: system and developer messages are joined; tool results become `tool_result`
    /// blocks of a user message; consecutive messages of one role are merged; empty messages are
    /// dropped (Anthropic rejects empty text blocks).
    static func translateMessages(_ input: [ChatMessage]) throws -> (system: String?, messages: [Message]) {
        var systemTexts: [String] = []
        var messages: [Message] = []
        func append(_ role: String, _ blocks: [Block]) {
            guard !blocks.isEmpty else { return }
            if messages.last?.role == role {
                messages[messages.count - 1].content += blocks
            } else {
                messages.append(Message(role: role, content: blocks))
            }
        }
        for message in input {
            switch message.role {
            case .system, .developer:
                if let text = message.text, !text.isEmpty { systemTexts.append(text) }
            case .assistant:
                var blocks = try contentBlocks(message.content)
                for call in message.toolCalls ?? [] {
                    blocks.append(
                        .toolUse(
                            id: WireTranslation.safeID(call.id), name: call.function.name,
                            input: try WireTranslation.argumentsObject(call.function.arguments, call: call.id)))
                }
                append("assistant", blocks)
            case .tool:
                let id = WireTranslation.safeID(message.toolCallID ?? "")
                append("user", [.toolResult(toolUseID: id, content: WireTranslation.text(of: message.content))])
            default:
                append("user", try contentBlocks(message.content))
            }
        }
        return (systemTexts.isEmpty ? nil : systemTexts.joined(separator: "\n\n"), messages)
    }

    /// The blocks of a user or assistant message's content.
    static func contentBlocks(_ content: MessageContent?) throws -> [Block] {
        switch content {
        case nil: return []
        case .text(let text): return text.isEmpty ? [] : [.text(text)]
        case .parts(let parts):
            return try parts.compactMap { part -> Block? in
                switch part {
                case .text(let text): return text.isEmpty ? nil : .text(text)
                case .imageURL(let image):
                    if let data = WireTranslation.dataURL(image.url) {
                        return .imageBase64(mediaType: data.mediaType, data: data.base64)
                    }
                    return .imageURL(image.url)
                case .other:
                    try WireTranslation.rejectUnsupported(part, provider: "anthropic")
                    return nil
                }
            }
        }
    }
}

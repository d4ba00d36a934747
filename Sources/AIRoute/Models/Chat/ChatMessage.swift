/// One message of a chat conversation.
///
/// ```swift
/// let messages: [ChatMessage] = [
///     .system("Answer in one sentence."),
///     .user(text: "What is in this picture?", imageURL: "https://example.com/fox.png"),
/// ]
/// ```
public struct ChatMessage: Codable, Hashable, Sendable {
    /// Who wrote the message.
    public var role: ChatRole
    /// The text or parts; `nil` for an assistant message that only calls tools.
    public var content: MessageContent?
    /// An optional name distinguishing participants of the same role.
    public var name: String?
    /// The tools the assistant called (assistant messages only).
    public var toolCalls: [ToolCall]?
    /// The tool call this message answers (tool messages only).
    public var toolCallID: String?
    /// The model's refusal message, if it refused (assistant messages in responses only).
    public var refusal: String?
    /// The model's reasoning, kept apart from the answer (`reasoning_content`: DeepSeek, vLLM,
    /// and airoute's translation of Anthropic thinking, Gemini thought summaries and Mistral
    /// `thinking` parts). See ``reasoning`` for the reasoning of either form.
    public var reasoningContent: String?
    /// Annotations of the answer, such as `url_citation`s from web search, as the provider sent them.
    public var annotations: [JSONValue]?
    /// The audio answer (`id`, `data`, `expires_at`, `transcript`) when audio output was requested.
    public var audio: JSONValue?
    /// Fields this type does not declare (`function_call`, `reasoning`, provider additions), kept
    /// as sent and written back inline when encoded.
    public var extra: [String: JSONValue]

    /// Creates a message.
    public init(
        role: ChatRole, content: MessageContent? = nil, name: String? = nil, toolCalls: [ToolCall]? = nil,
        toolCallID: String? = nil, refusal: String? = nil, reasoningContent: String? = nil,
        annotations: [JSONValue]? = nil, audio: JSONValue? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.refusal = refusal
        self.reasoningContent = reasoningContent
        self.annotations = annotations
        self.audio = audio
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, name, refusal, annotations, audio
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
        case reasoningContent = "reasoning_content"
    }

    /// Decodes a message; keys it does not declare are kept in ``extra``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            role: try container.decode(ChatRole.self, forKey: .role),
            content: try container.decodeIfPresent(MessageContent.self, forKey: .content),
            name: try container.decodeIfPresent(String.self, forKey: .name),
            toolCalls: try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls),
            toolCallID: try container.decodeIfPresent(String.self, forKey: .toolCallID),
            refusal: try container.decodeIfPresent(String.self, forKey: .refusal),
            reasoningContent: try container.decodeIfPresent(String.self, forKey: .reasoningContent),
            annotations: try container.decodeIfPresent([JSONValue].self, forKey: .annotations),
            audio: try container.decodeIfPresent(JSONValue.self, forKey: .audio),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes a message, with ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(content, forKey: .content)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        try container.encodeIfPresent(refusal, forKey: .refusal)
        try container.encodeIfPresent(reasoningContent, forKey: .reasoningContent)
        try container.encodeIfPresent(annotations, forKey: .annotations)
        try container.encodeIfPresent(audio, forKey: .audio)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }

    /// The message's text: the string content, or its text parts joined with newlines.
    public var text: String? { content?.text }

    /// The model's reasoning: ``reasoningContent``, else the text of `thinking` content parts
    /// (the non-streamed form of Mistral's reasoning models); `nil` when there is none.
    public var reasoning: String? { reasoningContent ?? content?.thinking }

    /// Whether the content has an image part.
    public var hasImageParts: Bool { content?.hasImageParts ?? false }

    /// Whether the content has an `input_audio` part.
    public var hasAudioParts: Bool { content?.hasAudioParts ?? false }
}

// MARK: - Convenience constructors

extension ChatMessage {
    /// A system message.
    public static func system(_ text: String) -> ChatMessage {
        ChatMessage(role: .system, content: .text(text))
    }

    /// A developer message.
    public static func developer(_ text: String) -> ChatMessage {
        ChatMessage(role: .developer, content: .text(text))
    }

    /// A user message.
    public static func user(_ text: String) -> ChatMessage {
        ChatMessage(role: .user, content: .text(text))
    }

    /// A user message with text and one image.
    ///
    /// - Parameters:
    ///   - text: The question or instruction about the image.
    ///   - imageURL: An `https:` URL or a `data:image/…;base64,…` URL.
    ///   - detail: The resolution the image is processed at; `nil` for the server's default.
    public static func user(
        text: String, imageURL: String, detail: ContentPart.ImageURL.Detail? = nil
    )
        -> ChatMessage
    {
        ChatMessage(role: .user, content: .parts([.text(text), .imageURL(imageURL, detail: detail)]))
    }

    /// An assistant message (a previous reply, replayed as context).
    public static func assistant(_ text: String) -> ChatMessage {
        ChatMessage(role: .assistant, content: .text(text))
    }

    /// An assistant message that calls tools.
    public static func assistant(toolCalls: [ToolCall]) -> ChatMessage {
        ChatMessage(role: .assistant, toolCalls: toolCalls)
    }

    /// A tool message: the result of the tool call `id`.
    public static func tool(id: String, content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: .text(content), toolCallID: id)
    }
}

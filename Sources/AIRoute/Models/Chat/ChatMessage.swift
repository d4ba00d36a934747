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

    /// Creates a message.
    public init(
        role: ChatRole, content: MessageContent? = nil, name: String? = nil, toolCalls: [ToolCall]? = nil,
        toolCallID: String? = nil, refusal: String? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.refusal = refusal
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, name, refusal
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    /// The message's text: the string content, or its text parts joined with newlines.
    public var text: String? { content?.text }

    /// Whether the content has an image part.
    public var hasImageParts: Bool { content?.hasImageParts ?? false }
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
    public static func user(text: String, imageURL: String, detail: ContentPart.ImageURL.Detail? = nil)
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

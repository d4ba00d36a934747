// Messages of whole completions, decoded on the hot path (see ``FastDecodable``).

extension ChatMessage {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

    /// A message whose content is text or null (a list of parts is left to `JSONDecoder`).
    init?(fast json: FastJSON) {
        guard case .object = json, let role = json.requiredString("role"),
            let content = json.optionalString("content"),
            let name = json.optionalString("name"),
            let toolCalls = json.optionalArray("tool_calls", ToolCall.init(fast:)),
            let toolCallID = json.optionalString("tool_call_id"),
            let refusal = json.optionalString("refusal"),
            let reasoning = json.optionalString("reasoning_content"),
            let annotations = json.optionalArray("annotations", { $0.jsonValue })
        else { return nil }
        self.init(
            role: ChatRole(rawValue: role), content: content.map(MessageContent.text), name: name,
            toolCalls: toolCalls, toolCallID: toolCallID, refusal: refusal, reasoningContent: reasoning,
            annotations: annotations, audio: json.optionalJSON("audio"), extra: json.unknownMembers(Self.declaredKeys))
    }
}

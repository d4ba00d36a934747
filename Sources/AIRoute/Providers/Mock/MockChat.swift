import Foundation

/// The mock provider's chat answer to one request, computed once and rendered whole
/// (``response(created:)``) or as stream chunks (``chunks(created:)``) — the two always agree.
///
/// The reply is `Mock reply from MODEL: <the start of the last user message>`; with tools, a
/// user message that names a tool (or `tool_choice` forcing one) gets a call to that tool with
/// `{}` arguments instead. `response_format` JSON modes get a small JSON object; `max_tokens`
/// cuts the reply with finish reason `length`.
struct MockChat: Sendable {
    /// How many characters of the prompt the reply quotes.
    static let quotedCharacters = 60
    /// How many words go in one streamed content chunk.
    static let wordsPerChunk = 6

    /// `chatcmpl-mock-` and a hash of the request.
    let id: String
    /// The upstream model name.
    let model: String
    /// The reply text, or `nil` when the reply is a tool call.
    let text: String?
    /// The tool call, when the reply is one.
    let toolCall: ToolCall?
    /// `stop`, `length` or `tool_calls`.
    let finishReason: FinishReason
    /// Estimated token usage.
    let usage: Usage
    /// How many (identical) choices to return: the request's `n`.
    let choiceCount: Int

    /// Computes the answer to `request` as served by `model`.
    init(request: ChatCompletionRequest, model: String) {
        self.model = model
        let hash = Self.hash(request, model: model)
        id = "chatcmpl-mock-\(hash.hex16)"
        choiceCount = min(max(request.n ?? 1, 1), 16)

        let last = request.messages.last
        if let tool = Self.toolToCall(request) {
            var callHash = FNV1a64()
            callHash.combine(hash.hex16)
            callHash.combine(tool)
            let call = ToolCall(
                id: "call_mock_\(callHash.value.hex16)", function: .init(name: tool, arguments: "{}"))
            text = nil
            toolCall = call
            finishReason = .toolCalls
            usage = Usage(
                promptTokens: request.estimatedPromptTokens,
                completionTokens: Self.tokens(tool) + Self.tokens(call.function.arguments))
            return
        }

        var reply: String
        let quoted = Self.quote(last?.text ?? "")
        if last?.role == .tool {
            reply = "Mock reply from \(model) after the tool result: \(quoted)"
        } else {
            let prompt = request.messages.last(where: { $0.role == .user })?.text ?? ""
            reply = "Mock reply from \(model): \(Self.quote(prompt))"
        }
        switch request.responseFormat {
        case .jsonObject?, .jsonSchema?: reply = Self.jsonReply(reply, model: model)
        default: break
        }
        var reason = FinishReason.stop
        if let limit = request.effectiveMaxTokens, limit >= 0, Self.tokens(reply) > limit {
            reply = Self.truncate(reply, toTokens: limit)
            reason = .length
        }
        text = reply
        toolCall = nil
        finishReason = reason
        usage = Usage(promptTokens: request.estimatedPromptTokens, completionTokens: Self.tokens(reply))
    }

    /// The whole completion.
    func response(created: Int) -> CompletionResponse {
        let message = ChatMessage(
            role: .assistant, content: text.map { .text($0) }, toolCalls: toolCall.map { [$0] })
        return CompletionResponse(
            id: id, created: created, model: model,
            choices: (0..<choiceCount).map { .init(index: $0, message: message, finishReason: finishReason) },
            usage: usage, systemFingerprint: "fp_airoute_mock")
    }

    /// The completion as stream chunks: per choice a role chunk, content chunks of about
    /// ``wordsPerChunk`` words (or the tool call's name, then its arguments) and a finish chunk;
    /// the last chunk carries the usage.
    func chunks(created: Int) -> [ChatCompletionChunk] {
        func chunk(_ index: Int, _ delta: ChatCompletionChunk.Delta, finish: FinishReason? = nil) -> ChatCompletionChunk
        {
            ChatCompletionChunk(
                id: id, created: created, model: model,
                choices: [.init(index: index, delta: delta, finishReason: finish)],
                systemFingerprint: "fp_airoute_mock")
        }
        var chunks: [ChatCompletionChunk] = []
        for index in 0..<choiceCount {
            chunks.append(chunk(index, .init(role: .assistant)))
            if let text {
                for piece in Self.pieces(of: text) { chunks.append(chunk(index, .init(content: piece))) }
            }
            if let toolCall {
                let head = ToolCallDelta(
                    index: 0, id: toolCall.id, type: toolCall.type,
                    function: .init(name: toolCall.function.name, arguments: ""))
                let arguments = ToolCallDelta(index: 0, function: .init(arguments: toolCall.function.arguments))
                chunks.append(chunk(index, .init(toolCalls: [head])))
                chunks.append(chunk(index, .init(toolCalls: [arguments])))
            }
            chunks.append(chunk(index, .init(), finish: finishReason))
        }
        chunks[chunks.count - 1].usage = usage
        return chunks
    }

    // MARK: Pieces

    /// The tool the mock calls, if any: only when the last message is the user's and tools are
    /// offered; `tool_choice: {function}` forces that one, otherwise the first tool whose name
    /// the prompt mentions (any case), or with `required` the first tool.
    static func toolToCall(_ request: ChatCompletionRequest) -> String? {
        guard let tools = request.tools, !tools.isEmpty, let last = request.messages.last, last.role == .user
        else { return nil }
        let names = tools.map(\.function.name)
        switch request.toolChoice {
        case .none?:
            return nil
        case .function(let name)?:
            return name
        default:
            let prompt = (last.text ?? "").lowercased()
            if let named = names.first(where: { !$0.isEmpty && prompt.contains($0.lowercased()) }) { return named }
            return request.toolChoice == .required ? names[0] : nil
        }
    }

    /// The first ``quotedCharacters`` characters of a prompt, whitespace collapsed, with `…` when cut.
    static func quote(_ prompt: String) -> String {
        let collapsed = prompt.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !collapsed.isEmpty else { return "(empty prompt)" }
        guard collapsed.count > quotedCharacters else { return collapsed }
        return String(collapsed.prefix(quotedCharacters)) + "…"
    }

    /// The reply as a JSON object, for `response_format` JSON modes.
    static func jsonReply(_ reply: String, model: String) -> String {
        let object: JSONValue = ["mock": true, "model": .string(model), "reply": .string(reply)]
        return object.jsonText
    }

    /// The rough token count used throughout: one per four UTF-8 bytes.
    static func tokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    /// The longest prefix of whole characters that fits `limit` tokens.
    static func truncate(_ text: String, toTokens limit: Int) -> String {
        var bytes = 0
        var result = ""
        for character in text {
            bytes += character.utf8.count
            guard bytes <= limit * 4 else { break }
            result.append(character)
        }
        return result
    }

    /// The text cut after every ``wordsPerChunk``-th word, each piece keeping its trailing
    /// whitespace, so the pieces concatenate back to the text exactly.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var words = 0
        var previousWasSpace = false
        for character in text {
            if previousWasSpace, !character.isWhitespace {
                words += 1
                if words == wordsPerChunk {
                    pieces.append(current)
                    current = ""
                    words = 0
                }
            }
            current.append(character)
            previousWasSpace = character.isWhitespace
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// FNV-1a of the request's canonical JSON and the serving model: stable across runs.
    static func hash(_ request: ChatCompletionRequest, model: String) -> UInt64 {
        var hasher = FNV1a64()
        hasher.combine(model)
        var canonical = request
        canonical.stream = nil
        canonical.streamOptions = nil
        hasher.combine((try? StableJSONEncoder.compact.encode(canonical)) ?? Data())
        return hasher.value
    }
}

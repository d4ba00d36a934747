import Foundation

// The Messages API answer (`message` object) and errors, and their translation into OpenAI's shapes.

extension AnthropicWire {
    struct MessageBody: Decodable {
        var id: String?
        var model: String?
        var content: [ContentBlock]
        var stopReason: String?
        /// Why a `refusal` stopped the answer (`category`, `explanation`), kept on the choice.
        var stopDetails: JSONValue?
        var usage: UsageBody?

        enum CodingKeys: String, CodingKey {
            case id, model, content, usage
            case stopReason = "stop_reason"
            case stopDetails = "stop_details"
        }
    }

    /// A response content block; `text`, `thinking` (as reasoning) and `tool_use` are translated
    /// (redacted thinking and server tool blocks are skipped).
    struct ContentBlock: Decodable {
        var type: String
        var text: String?
        var thinking: String?
        var id: String?
        var name: String?
        var input: JSONValue?
    }

    struct UsageBody: Decodable {
        var inputTokens: Int?
        var outputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
        }

        /// Prompt tokens as OpenAI counts them: uncached input plus cache writes and reads.
        var promptTokens: Int? {
            guard let inputTokens else { return nil }
            return inputTokens + (cacheCreationInputTokens ?? 0) + (cacheReadInputTokens ?? 0)
        }

        /// The cache breakdown in OpenAI's `prompt_tokens_details` shape, when cache reads were reported.
        var promptDetails: JSONValue? {
            cacheReadInputTokens.map { ["cached_tokens": .number(Double($0))] }
        }
    }

    /// Translates a `message` object into a chat completion. With a structured `output`, that
    /// tool's call is the answer's text (and a `tool_use` stop is `stop`); other tool calls stay.
    static func completion(
        _ body: Data, member: RouteMember, output: StructuredOutput? = nil
    ) throws
        -> CompletionResponse
    {
        try rejectInBandError(body)
        let message = try SharedJSONDecoder.decoder.decode(MessageBody.self, from: body)
        var text = message.content.filter { $0.type == "text" }.compactMap(\.text).joined()
        let toolBlocks = message.content.filter { $0.type == "tool_use" }
        let answer = output.flatMap { output in toolBlocks.first { $0.name == output.toolName } }
        let calls = toolBlocks.filter { answer == nil || $0.name != answer?.name }.map { block in
            ToolCall(
                id: block.id ?? "",
                function: .init(
                    name: block.name ?? "", arguments: (block.input ?? .object([:])).jsonText))
        }
        var finish = message.stopReason.map(finishReason)
        if let output, let answer {
            text = output.content(answer.input)
            if calls.isEmpty, finish == .toolCalls { finish = .stop }
        }
        let thinking = message.content.filter { $0.type == "thinking" }.compactMap(\.thinking).joined()
        let chatMessage = ChatMessage(
            role: .assistant, content: text.isEmpty && !calls.isEmpty ? nil : .text(text),
            toolCalls: calls.isEmpty ? nil : calls, reasoningContent: thinking.isEmpty ? nil : thinking)
        let usage = message.usage.map {
            Usage(
                promptTokens: $0.promptTokens ?? 0, completionTokens: $0.outputTokens ?? 0,
                promptTokensDetails: $0.promptDetails)
        }
        return CompletionResponse(
            id: message.id ?? "", created: 0, model: message.model ?? member.model.upstreamName,
            choices: [
                .init(
                    index: 0, message: chatMessage, finishReason: finish,
                    extra: stopExtra(message.stopReason, details: message.stopDetails))
            ],
            usage: usage)
    }

    /// A refusal's own stop reason and `stop_details` (its category and explanation), as a
    /// choice's extra fields.
    static func stopExtra(_ stopReason: String?, details: JSONValue?) -> [String: JSONValue] {
        var extra = WireTranslation.nativeStop(stopReason, mapped: stopReason.map(finishReason))
        if let details, details != .null { extra["stop_details"] = details }
        return extra
    }

    /// Anthropic's `stop_reason` in OpenAI's vocabulary; unknown reasons pass through. A
    /// `refusal` (streaming classifiers stopped the answer) is `content_filter`.
    static func finishReason(_ stopReason: String) -> FinishReason {
        switch stopReason {
        case "end_turn", "stop_sequence", "pause_turn": .stop
        case "max_tokens", "model_context_window_exceeded": .length
        case "tool_use": .toolCalls
        case "refusal": .contentFilter
        default: FinishReason(rawValue: stopReason)
        }
    }

    // MARK: Errors

    /// The HTTP status Anthropic uses for each error type: in-band errors (stream `error` events,
    /// error objects in a 200 body) are classified as if they had arrived with it.
    static func impliedStatus(errorType: String?) -> Int {
        switch errorType {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "billing_error": 402
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "api_error": 500
        case "timeout_error": 504
        case "overloaded_error": 529
        default: 500
        }
    }

    /// The failure for an in-band error object (`{"type":"error","error":{"type","message"}}`).
    static func inBandFailure(_ data: Data) -> UpstreamFailure {
        let parsed = ErrorBody(data)
        let type = JSONValue(parsing: data)?["error"]?["type"]?.stringValue
        let errorClass = refine(
            ErrorClassifier.classify(
                status: impliedStatus(errorType: type), codes: parsed.codes, message: parsed.message),
            codes: parsed.codes, message: parsed.message)
        return UpstreamFailure(
            errorClass, code: type ?? parsed.codes.first,
            message: Redactor.summary(parsed.message ?? "in-band error", secrets: []))
    }

    /// A 200 body that is an error object instead of a message.
    static func rejectInBandError(_ body: Data) throws {
        guard body.count < 65536, InBandErrorMarker.present(inBody: body),
            let object = JSONValue(parsing: body)?.objectValue,
            object["type"]?.stringValue == "error" || (object["error"] != nil && object["content"] == nil)
        else { return }
        throw inBandFailure(body)
    }

    /// Anthropic-specific corrections to the shared classification: a low credit balance, a billing
    /// error or a workspace usage limit is quota, whatever status carried it (Anthropic sends some
    /// of them as 400 `invalid_request_error`).
    static func refine(_ errorClass: ErrorClass, codes: [String], message: String?) -> ErrorClass {
        let text = message?.lowercased() ?? ""
        let billing =
            codes.contains("billing_error") || text.contains("credit balance") || text.contains("api usage limits")
            || text.contains("spend limit")
        if billing, [.invalidRequest, .rateLimited, .transient].contains(errorClass) { return .quota }
        return errorClass
    }
}

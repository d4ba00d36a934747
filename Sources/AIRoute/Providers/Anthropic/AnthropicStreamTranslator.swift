import Foundation

/// Anthropic's Messages event stream → OpenAI chunks.
///
/// `message_start` → a role chunk; `content_block_start` (tool_use) → the tool call's id and name;
/// `content_block_delta` → text, reasoning (`thinking_delta`) or a fragment of the tool call's
/// arguments; `message_delta` → the finish reason (with a refusal's `stop_details`) and usage; `message_stop` → the end. `ping` and unknown events are ignored;
/// `error` events throw.
///
/// With a structured output (``AnthropicWire/StructuredOutput``) that tool's call is the answer:
/// its `input_json_delta` fragments are content (unwrapped from `value` when the schema was
/// wrapped), and a `tool_use` stop is `stop` unless the caller's own tools were called too.
struct AnthropicStreamTranslator: ChatStreamTranslating {
    /// The configured upstream model, until `message_start` names the real one.
    private var model: String
    private var id = ""
    private var promptTokens = 0
    private var promptDetails: JSONValue?
    /// Tool-call index (OpenAI's, counted from 0) per content-block index (Anthropic's).
    private var toolIndexForBlock: [Int: Int] = [:]
    /// Tool calls that received no argument fragment yet.
    private var toolsWithoutArguments: Set<Int> = []
    /// The tool that carries a structured output, if the request asked for one.
    private let output: AnthropicWire.StructuredOutput?
    /// The content-block index of the structured output's tool call, once it started.
    private var answerBlock: Int?
    /// Whether the answer's block produced any fragment yet.
    private var answerHasContent = false
    /// Whether the answer was given whole (an input already in `content_block_start`).
    private var answerComplete = false
    /// Unwraps the answer when the schema was wrapped.
    private var unwrapper = WrappedValueStream()

    init(model: String, output: AnthropicWire.StructuredOutput? = nil) {
        self.model = model
        self.output = output
    }

    private struct Event: Decodable {
        var type: String?
        var message: AnthropicWire.MessageBody?
        var index: Int?
        var contentBlock: AnthropicWire.ContentBlock?
        var delta: Delta?
        var usage: AnthropicWire.UsageBody?

        enum CodingKeys: String, CodingKey {
            case type, message, index, delta, usage
            case contentBlock = "content_block"
        }
    }

    private struct Delta: Decodable {
        var type: String?
        var text: String?
        var thinking: String?
        var partialJSON: String?
        var stopReason: String?
        var stopDetails: JSONValue?

        enum CodingKeys: String, CodingKey {
            case type, text, thinking
            case partialJSON = "partial_json"
            case stopReason = "stop_reason"
            case stopDetails = "stop_details"
        }
    }

    mutating func translate(_ event: ServerSentEvent) throws(UpstreamFailure) -> StreamStep {
        let data = Data(event.data.utf8)
        if event.event == "error" { throw AnthropicWire.inBandFailure(data) }
        let decoded: Event
        do {
            decoded = try SharedJSONDecoder.decoder.decode(Event.self, from: data)
        } catch {
            throw UpstreamFailure(.transient, message: "malformed stream event: \(HTTPBackend.describe(error))")
        }
        switch decoded.type ?? event.event {
        case "message_start":
            return StreamStep(chunks: messageStart(decoded.message))
        case "content_block_start":
            return StreamStep(chunks: blockStart(decoded.index ?? 0, decoded.contentBlock))
        case "content_block_delta":
            return StreamStep(chunks: blockDelta(decoded.index ?? 0, decoded.delta))
        case "content_block_stop":
            return StreamStep(chunks: blockStop(decoded.index ?? 0))
        case "message_delta":
            return StreamStep(chunks: [messageDelta(decoded.delta, usage: decoded.usage)])
        case "message_stop":
            return StreamStep(finished: true)
        case "error":
            throw AnthropicWire.inBandFailure(data)
        default:  // ping, and event types Anthropic may add
            return StreamStep()
        }
    }

    /// Anthropic always ends a complete stream with `message_stop`.
    func completesWithoutTerminalEvent() -> Bool { false }

    // MARK: Events

    private mutating func messageStart(_ message: AnthropicWire.MessageBody?) -> [ChatCompletionChunk] {
        if let message {
            id = message.id ?? ""
            if let name = message.model, !name.isEmpty { model = name }
            promptTokens = message.usage?.promptTokens ?? 0
            promptDetails = message.usage?.promptDetails
        }
        return [chunk(ChatCompletionChunk.Delta(role: .assistant))]
    }

    private mutating func blockStart(_ index: Int, _ block: AnthropicWire.ContentBlock?) -> [ChatCompletionChunk] {
        switch block?.type {
        case "text":
            guard let text = block?.text, !text.isEmpty else { return [] }
            return [chunk(.init(content: text))]
        case "tool_use" where output != nil && answerBlock == nil && block?.name == output?.toolName:
            answerBlock = index
            guard let output, let input = block?.input, input != .object([:]) else { return [] }
            answerComplete = true
            return [chunk(.init(content: output.content(input)))]
        case "tool_use":
            let toolIndex = toolIndexForBlock.count
            toolIndexForBlock[index] = toolIndex
            var arguments = ""
            if let input = block?.input, input != .object([:]) {
                arguments = input.jsonText
            } else {
                toolsWithoutArguments.insert(toolIndex)
            }
            let call = ToolCallDelta(
                index: toolIndex, id: block?.id, type: "function",
                function: .init(name: block?.name, arguments: arguments))
            return [chunk(.init(toolCalls: [call]))]
        default:
            return []
        }
    }

    private mutating func blockDelta(_ index: Int, _ delta: Delta?) -> [ChatCompletionChunk] {
        switch delta?.type {
        case "text_delta":
            guard let text = delta?.text, !text.isEmpty else { return [] }
            return [chunk(.init(content: text))]
        case "thinking_delta":
            guard let thinking = delta?.thinking, !thinking.isEmpty else { return [] }
            return [chunk(.init(reasoningContent: thinking))]
        case "input_json_delta" where index == answerBlock:
            guard let fragment = delta?.partialJSON, !fragment.isEmpty, !answerComplete else { return [] }
            let text = output?.wrapped == true ? unwrapper.feed(fragment) : fragment
            answerHasContent = true
            return text.isEmpty ? [] : [chunk(.init(content: text))]
        case "input_json_delta":
            guard let toolIndex = toolIndexForBlock[index], let fragment = delta?.partialJSON, !fragment.isEmpty
            else { return [] }
            toolsWithoutArguments.remove(toolIndex)
            return [chunk(.init(toolCalls: [ToolCallDelta(index: toolIndex, function: .init(arguments: fragment))]))]
        default:  // signature_delta, citations_delta…
            return []
        }
    }

    /// A tool call that ended without any argument fragment gets `{}`, as the non-streamed answer would.
    private mutating func blockStop(_ index: Int) -> [ChatCompletionChunk] {
        if index == answerBlock { return answerStop() }
        guard let toolIndex = toolIndexForBlock[index], toolsWithoutArguments.remove(toolIndex) != nil else {
            return []
        }
        return [chunk(.init(toolCalls: [ToolCallDelta(index: toolIndex, function: .init(arguments: "{}"))]))]
    }

    /// The end of the answer's block: what the unwrapper held back, or `{}` for an empty input.
    private mutating func answerStop() -> [ChatCompletionChunk] {
        guard !answerComplete else { return [] }
        answerComplete = true
        let text: String
        if !answerHasContent {
            text = output?.content(nil) ?? "{}"
        } else {
            text = output?.wrapped == true ? unwrapper.finish() : ""
        }
        return text.isEmpty ? [] : [chunk(.init(content: text))]
    }

    private func messageDelta(_ delta: Delta?, usage: AnthropicWire.UsageBody?) -> ChatCompletionChunk {
        var finishReason = delta?.stopReason.map(AnthropicWire.finishReason)
        if answerBlock != nil, toolIndexForBlock.isEmpty, finishReason == .toolCalls { finishReason = .stop }
        var result = chunk(.init(), finishReason: finishReason)
        result.choices[0].extra = AnthropicWire.stopExtra(delta?.stopReason, details: delta?.stopDetails)
        if let usage {
            result.usage = Usage(
                promptTokens: usage.promptTokens ?? promptTokens, completionTokens: usage.outputTokens ?? 0,
                promptTokensDetails: usage.promptDetails ?? promptDetails)
        }
        return result
    }

    private func chunk(_ delta: ChatCompletionChunk.Delta, finishReason: FinishReason? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(
            id: id, created: 0, model: model, choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
    }
}

import Foundation

/// Gemini's `streamGenerateContent?alt=sse` stream → OpenAI chunks.
///
/// Every `data:` event is a whole `GenerateContentResponse` holding the next parts; the last one
/// of each candidate carries its `finishReason` (and the final usage). There is no terminal event:
/// the stream is complete when the body ends after every candidate finished.
struct GeminiStreamTranslator: ChatStreamTranslating {
    private var model: String
    private var id = ""
    private var sentRole: Set<Int> = []
    /// Tool calls so far, per candidate: the next call's index.
    private var toolCount: [Int: Int] = [:]
    private var seen: Set<Int> = []
    private var finished: Set<Int> = []

    init(model: String) {
        self.model = model
    }

    mutating func translate(_ event: ServerSentEvent) throws(UpstreamFailure) -> StreamStep {
        let data = Data(event.data.utf8)
        if event.data.allSatisfy(\.isWhitespace) { return StreamStep() }
        if event.event == "error" || InBandErrorMarker.present(inEvent: event.data) {
            if JSONValue(parsing: data)?.objectValue?["error"] != nil {
                throw GeminiWire.inBandFailure(data)
            }
        }
        let response: GeminiWire.GenerateResponse
        do {
            response = try SharedJSONDecoder.decoder.decode(GeminiWire.GenerateResponse.self, from: data)
        } catch {
            throw UpstreamFailure(.transient, message: "malformed stream event: \(HTTPBackend.describe(error))")
        }
        if id.isEmpty, let responseID = response.responseId { id = responseID }
        if let version = response.modelVersion, !version.isEmpty { model = version }
        guard let candidates = response.candidates, !candidates.isEmpty else {
            if let reason = response.promptFeedback?.blockReason {
                throw UpstreamFailure(.contentFilter, code: reason, message: "the prompt was blocked (\(reason))")
            }
            return StreamStep()  // a usage-only event
        }
        var choices: [ChatCompletionChunk.Choice] = []
        for (position, candidate) in candidates.enumerated() {
            choices.append(choice(candidate.index ?? position, candidate, responseID: response.responseId))
        }
        var chunk = ChatCompletionChunk(id: id, created: 0, model: model, choices: choices)
        if choices.contains(where: { $0.finishReason != nil }) { chunk.usage = response.usageMetadata?.usage }
        return StreamStep(chunks: [chunk])
    }

    /// Complete when at least one candidate appeared and every candidate received its finish reason.
    func completesWithoutTerminalEvent() -> Bool {
        !seen.isEmpty && finished.isSuperset(of: seen)
    }

    private mutating func choice(
        _ index: Int, _ candidate: GeminiWire.Candidate, responseID: String?
    )
        -> ChatCompletionChunk.Choice
    {
        seen.insert(index)
        let parts = candidate.content?.parts ?? []
        let text = parts.filter { $0.thought != true }.compactMap(\.text).joined()
        var calls: [ToolCallDelta] = []
        for call in parts.compactMap(\.functionCall) {
            let number = toolCount[index, default: 0]
            toolCount[index] = number + 1
            let full = GeminiWire.toolCall(call, number: number, choice: index, responseID: responseID)
            calls.append(
                ToolCallDelta(
                    index: number, id: full.id, type: "function",
                    function: .init(name: full.function.name, arguments: full.function.arguments)))
        }
        let role: ChatRole? = sentRole.insert(index).inserted ? .assistant : nil
        var finishReason: FinishReason?
        if let reason = candidate.finishReason {
            finished.insert(index)
            finishReason = GeminiWire.finishReason(reason, calledTools: toolCount[index, default: 0] > 0)
        }
        return ChatCompletionChunk.Choice(
            index: index,
            delta: .init(
                role: role, content: text.isEmpty ? nil : text, toolCalls: calls.isEmpty ? nil : calls,
                reasoningContent: GeminiWire.thoughts(parts)),
            finishReason: finishReason,
            extra: WireTranslation.nativeStop(candidate.finishReason, mapped: finishReason))
    }
}

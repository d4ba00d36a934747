import Foundation

// The `GenerateContentResponse` and embedding answers, and their translation into OpenAI's shapes.

extension GeminiWire {
    struct GenerateResponse: Decodable {
        var candidates: [Candidate]?
        var promptFeedback: PromptFeedback?
        var usageMetadata: UsageMetadata?
        var modelVersion: String?
        var responseId: String?
    }

    struct Candidate: Decodable {
        var content: CandidateContent?
        var finishReason: String?
        var index: Int?
    }

    struct CandidateContent: Decodable {
        var parts: [ResponsePart]?
    }

    struct ResponsePart: Decodable {
        var text: String?
        /// A thought summary (`includeThoughts`): not part of the answer.
        var thought: Bool?
        var functionCall: FunctionCall?
    }

    struct FunctionCall: Decodable {
        var id: String?
        var name: String
        var args: JSONValue?
    }

    struct PromptFeedback: Decodable {
        var blockReason: String?
    }

    struct UsageMetadata: Decodable {
        var promptTokenCount: Int?
        var candidatesTokenCount: Int?
        var thoughtsTokenCount: Int?
        var cachedContentTokenCount: Int?
        var totalTokenCount: Int?

        /// OpenAI-shaped usage; thinking tokens count as completion tokens (they are billed as output).
        var usage: Usage {
            let prompt = promptTokenCount ?? 0
            let completion = (candidatesTokenCount ?? 0) + (thoughtsTokenCount ?? 0)
            return Usage(
                promptTokens: prompt, completionTokens: completion, totalTokens: totalTokenCount ?? prompt + completion,
                promptTokensDetails: cachedContentTokenCount.map { ["cached_tokens": .number(Double($0))] },
                completionTokensDetails: thoughtsTokenCount.map { ["reasoning_tokens": .number(Double($0))] })
        }
    }

    // MARK: Chat

    /// Translates a `generateContent` answer into a chat completion, one choice per candidate.
    static func completion(_ body: Data, member: RouteMember) throws -> CompletionResponse {
        try rejectInBandError(body)
        let response = try SharedJSONDecoder.decoder.decode(GenerateResponse.self, from: body)
        let candidates = try candidates(of: response)
        let choices = candidates.enumerated().map { position, candidate in
            let index = candidate.index ?? position
            let parts = candidate.content?.parts ?? []
            let text = parts.filter { $0.thought != true }.compactMap(\.text).joined()
            let calls = parts.compactMap(\.functionCall).enumerated().map { number, call in
                toolCall(call, number: number, choice: index, responseID: response.responseId)
            }
            let message = ChatMessage(
                role: .assistant, content: text.isEmpty && !calls.isEmpty ? nil : .text(text),
                toolCalls: calls.isEmpty ? nil : calls, reasoningContent: thoughts(parts))
            let finish = candidate.finishReason.map { finishReason($0, calledTools: !calls.isEmpty) }
            return CompletionResponse.Choice(
                index: index, message: message, finishReason: finish,
                extra: WireTranslation.nativeStop(candidate.finishReason, mapped: finish))
        }
        return CompletionResponse(
            id: response.responseId ?? "", created: 0, model: response.modelVersion ?? member.model.upstreamName,
            choices: choices, usage: response.usageMetadata?.usage)
    }

    /// The text of the thought-summary parts (`includeThoughts`), or `nil` when there is none.
    static func thoughts(_ parts: [ResponsePart]) -> String? {
        let thoughts = parts.filter { $0.thought == true }.compactMap(\.text).joined()
        return thoughts.isEmpty ? nil : thoughts
    }

    /// The answer's candidates; a prompt blocked before generation is a content-filter failure.
    static func candidates(of response: GenerateResponse) throws -> [Candidate] {
        if let candidates = response.candidates, !candidates.isEmpty { return candidates }
        if let reason = response.promptFeedback?.blockReason {
            throw UpstreamFailure(.contentFilter, code: reason, message: "the prompt was blocked (\(reason))")
        }
        throw UpstreamFailure(.transient, message: "the provider returned no candidates")
    }

    /// A function call as an OpenAI tool call. Gemini rarely sends ids, so they are made from the
    /// response id, the choice and the call's position: unique within a conversation, and made of
    /// the characters every provider accepts in tool-call ids.
    static func toolCall(_ call: FunctionCall, number: Int, choice: Int, responseID: String?) -> ToolCall {
        ToolCall(
            id: call.id.flatMap { $0.isEmpty ? nil : $0 }
                ?? toolCallID(number: number, choice: choice, responseID: responseID),
            function: .init(name: call.name, arguments: (call.args ?? .object([:])).jsonText))
    }

    static func toolCallID(number: Int, choice: Int, responseID: String?) -> String {
        let prefix = responseID.map { WireTranslation.safeID(String($0.prefix(16))) + "_" } ?? ""
        let choicePart = choice == 0 ? "" : "\(choice)_"
        return "call_\(prefix)\(choicePart)\(number)"
    }

    /// Gemini's `finishReason` in OpenAI's vocabulary (`STOP` after function calls is `tool_calls`);
    /// unknown reasons pass through in lower case.
    static func finishReason(_ reason: String, calledTools: Bool) -> FinishReason {
        switch reason {
        case "STOP": calledTools ? .toolCalls : .stop
        case "MAX_TOKENS": .length
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY":
            .contentFilter
        default: FinishReason(rawValue: reason.lowercased())
        }
    }

    // MARK: Embeddings

    struct EmbeddingsBody: Decodable {
        struct Values: Decodable { var values: [Float] }
        var embedding: Values?
        var embeddings: [Values]?
    }

    /// Translates an `embedContent` or `batchEmbedContents` answer.
    static func embeddings(
        _ body: Data, request: EmbeddingRequest, member: RouteMember
    ) throws
        -> EmbeddingResponse
    {
        try rejectInBandError(body)
        let decoded = try SharedJSONDecoder.decoder.decode(EmbeddingsBody.self, from: body)
        let vectors = decoded.embeddings?.map(\.values) ?? decoded.embedding.map { [$0.values] } ?? []
        guard vectors.count == request.input.count else {
            throw UpstreamFailure(
                .transient,
                message: "the provider returned \(vectors.count) embeddings for \(request.input.count) inputs")
        }
        return EmbeddingResponse(
            data: vectors.enumerated().map { .init(index: $0.offset, embedding: $0.element) },
            model: member.model.upstreamName)
    }

    // MARK: Errors

    /// A 200 body carrying Google's `{"error": {…}}` instead of a result.
    static func rejectInBandError(_ body: Data) throws {
        guard body.count < 65536, body.prefix(64).contains(UInt8(ascii: "{")),
            let object = JSONValue(parsing: body)?.objectValue, object["error"] != nil,
            object["candidates"] == nil
        else { return }
        throw inBandFailure(body)
    }

    /// The failure for a Google error object that arrived in a 200 answer or stream event; its
    /// `code` is the HTTP status it stands for.
    static func inBandFailure(_ data: Data) -> UpstreamFailure {
        let status = JSONValue(parsing: data)?["error"]?["code"]?.intValue ?? 500
        let parsed = ErrorBody(data)
        let errorClass = refine(
            ErrorClassifier.classify(status: status, codes: parsed.codes, message: parsed.message), status: status,
            data: data, parsed: parsed)
        return UpstreamFailure(
            errorClass, code: parsed.codes.first,
            message: Redactor.summary(parsed.message ?? "in-band error", secrets: []))
    }

    /// Gemini-specific corrections to the shared classification:
    /// - a 429 whose `QuotaFailure` names a per-day quota is quota; any other 429 with a
    ///   `RetryInfo` delay is rate limiting (Google words per-minute limits as "exceeded your
    ///   current quota"), to be retried after the delay;
    /// - "User location is not supported" is an access problem of this provider (auth), not a
    ///   bad request: another provider can serve it.
    static func refine(_ errorClass: ErrorClass, status: Int, data: Data, parsed: ErrorBody) -> ErrorClass {
        let message = parsed.message?.lowercased() ?? ""
        if message.contains("location is not supported") { return .auth }
        guard status == 429 else { return errorClass }
        if quotaIDs(data).contains(where: { $0.contains("PerDay") }) { return .quota }
        if parsed.retryDelay != nil { return .rateLimited }
        return errorClass
    }

    /// The `quotaId`s of a Google error's `QuotaFailure` details.
    static func quotaIDs(_ data: Data) -> [String] {
        guard let details = JSONValue(parsing: data)?["error"]?["details"]?.objectElements else { return [] }
        return details.flatMap { detail in
            (detail["violations"]?.objectElements ?? []).compactMap { $0["quotaId"]?.stringValue }
        }
    }
}

extension RouteMember {
    /// The most inputs one embeddings request to this member may carry: the model's
    /// `max_batch_inputs`, else its provider's limit — 2,048 for OpenAI and Azure, 100 for
    /// Gemini's `batchEmbedContents` — or `nil` when there is none.
    public var embeddingBatchLimit: Int? {
        if let declared = model.maxBatchInputs { return declared }
        switch provider.type.kind {
        case .openai, .azure: return 2048
        case .gemini: return 100
        case .anthropic, .mock: return nil
        }
    }
}

/// Embeddings requests with more inputs than a member takes at once: sent as consecutive
/// requests of at most its limit, to the same member, and joined into one response with the
/// vectors in input order (indices counted across the whole input) and the usage summed.
enum EmbeddingBatches {
    /// `input` in parts of at most `limit` inputs (one part when `limit` is `nil` or not exceeded).
    static func split(_ input: EmbeddingInput, limit: Int?) -> [EmbeddingInput] {
        guard let limit, limit > 0, input.count > limit else { return [input] }
        switch input {
        case .string, .tokens: return [input]
        case .strings(let texts):
            return stride(from: 0, to: texts.count, by: limit).map {
                .strings(Array(texts[$0..<min($0 + limit, texts.count)]))
            }
        case .tokenArrays(let arrays):
            return stride(from: 0, to: arrays.count, by: limit).map {
                .tokenArrays(Array(arrays[$0..<min($0 + limit, arrays.count)]))
            }
        }
    }

    /// Sends `request` through `send` in parts of at most `limit` inputs and joins the answers.
    /// A failed part fails the whole (the router then tries the next member from the start).
    static func embed(
        _ request: EmbeddingRequest, limit: Int?,
        _ send: (EmbeddingRequest) async throws -> EmbeddingResponse
    ) async throws -> EmbeddingResponse {
        let parts = split(request.input, limit: limit)
        guard parts.count > 1 else { return try await send(request) }
        var joined = EmbeddingResponse(data: [], model: "", usage: EmbeddingResponse.Usage())
        var offset = 0
        for part in parts {
            try Task.checkCancellation()
            var partial = request
            partial.input = part
            let response = try await send(partial)
            joined.data += response.data.map {
                EmbeddingResponse.Embedding(object: $0.object, index: offset + $0.index, embedding: $0.embedding)
            }
            joined.usage.promptTokens += response.usage.promptTokens
            joined.usage.totalTokens += response.usage.totalTokens
            joined.usage.isEstimated = joined.usage.isEstimated || response.usage.isEstimated
            if joined.model.isEmpty { joined.model = response.model }
            offset += part.count
        }
        joined.data.sort { $0.index < $1.index }
        return joined
    }
}

/// `client.embeddings`.
public struct Embeddings: Sendable {
    let engine: ClientEngine

    /// Creates embeddings, routed within the pool `request.model` (members share one embedding space).
    /// Its ``EmbeddingResponse/usage`` is always set: estimated when the provider reported none.
    ///
    /// More inputs than the serving member takes in one request
    /// (``AIRouter/RouteMember/embeddingBatchLimit``) are sent as consecutive requests to that
    /// member; the response has every vector, in input order, and the summed usage. When one of
    /// them fails, the next member starts over.
    ///
    /// - Throws: ``AIRouter/RouteError`` when no member could serve the request.
    public func create(_ request: EmbeddingRequest) async throws(RouteError) -> EmbeddingResponse {
        try await engine.respond(request.model, Requirements(request)) { backend, context in
            try await EmbeddingBatches.embed(request, limit: context.member.embeddingBatchLimit) { part in
                try await backend.embeddings(part, context: context).estimatingUnreportedUsage(for: part)
            }
        }
    }

    /// Embeds texts.
    public func create(
        model: String, input: [String], dimensions: Int? = nil, user: String? = nil, extra: [String: JSONValue] = [:]
    ) async throws(RouteError) -> EmbeddingResponse {
        try await create(
            EmbeddingRequest(model: model, input: .strings(input), dimensions: dimensions, user: user, extra: extra))
    }
}

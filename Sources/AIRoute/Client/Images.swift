/// `client.images`.
public struct Images: Sendable {
    let engine: ClientEngine

    /// Generates images, routed within the pool `request.model`.
    ///
    /// Image generation is billed per call; the router fails over only on errors that mean the
    /// member did not generate (docs/routing.md, "Failover").
    public func generate(_ request: ImageGenerationRequest) async throws(RouteError) -> ImageResponse {
        try await engine.respond(request.model, Requirements(request)) { backend, context in
            try await backend.images(request, context: context)
        }
    }

    /// Generates images from a prompt.
    public func generate(
        model: String, prompt: String, n: Int? = nil, size: String? = nil, quality: String? = nil,
        responseFormat: ImageResponseFormat? = nil, extra: [String: JSONValue] = [:]
    ) async throws(RouteError) -> ImageResponse {
        try await generate(
            ImageGenerationRequest(
                model: model, prompt: prompt, n: n, size: size, quality: quality, responseFormat: responseFormat,
                extra: extra))
    }
}

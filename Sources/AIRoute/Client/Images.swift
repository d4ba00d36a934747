/// `client.images`.
public struct Images: Sendable {
    let engine: ClientEngine

    /// Generates images, routed within the pool `request.model`.
    ///
    /// Failover follows the same error classes as every operation (docs/routing.md, "Failover"):
    /// an error answer means the member generated nothing to bill, so trying the next is safe.
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

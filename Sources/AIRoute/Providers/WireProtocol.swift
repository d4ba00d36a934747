import Foundation

/// A provider's wire format: pure translations between airoute's OpenAI-shaped values and the
/// provider's HTTP requests and answers, and its error mapping.
///
/// Every function is pure: no I/O, no clock reads other than the `now` passed in.
protocol WireProtocol: Sendable {
    func chatRequest(_ request: ChatCompletionRequest, member: RouteMember, stream: Bool) throws -> WireRequest
    func chatResponse(_ body: Data, member: RouteMember) throws -> CompletionResponse
    func streamTranslator(member: RouteMember) -> any ChatStreamTranslating
    /// The answer to `request`: a wire format whose answer depends on how the request was
    /// translated (Anthropic's structured output) implements it; the default ignores `request`.
    func chatResponse(_ body: Data, request: ChatCompletionRequest, member: RouteMember) throws -> CompletionResponse
    /// The stream translator for `request`; the default ignores `request`.
    func streamTranslator(request: ChatCompletionRequest, member: RouteMember) -> any ChatStreamTranslating

    func embeddingsRequest(_ request: EmbeddingRequest, member: RouteMember) throws -> WireRequest
    func embeddingsResponse(_ body: Data, request: EmbeddingRequest, member: RouteMember) throws -> EmbeddingResponse

    func speechRequest(_ request: SpeechRequest, member: RouteMember) throws -> WireRequest

    func transcriptionRequest(_ request: TranscriptionRequest, member: RouteMember) throws -> WireRequest
    func transcriptionResponse(
        _ body: Data, request: TranscriptionRequest, member: RouteMember
    ) throws
        -> TranscriptionResponse

    func imageRequest(_ request: ImageGenerationRequest, member: RouteMember) throws -> WireRequest
    func imageResponse(_ body: Data, member: RouteMember) throws -> ImageResponse

    func modelsRequest(provider: ProviderConfiguration) throws -> WireRequest
    func modelsResponse(_ body: Data) throws -> [String]

    /// Maps an error answer onto the router's classes, with the provider's Retry-After hints.
    func failure(
        status: Int, headers: [(name: String, value: String)], body: Data, now: Timestamp, cap: Duration
    )
        -> UpstreamFailure
}

extension WireProtocol {
    func chatResponse(_ body: Data, request: ChatCompletionRequest, member: RouteMember) throws -> CompletionResponse {
        try chatResponse(body, member: member)
    }
    func streamTranslator(request: ChatCompletionRequest, member: RouteMember) -> any ChatStreamTranslating {
        streamTranslator(member: member)
    }
}

/// Operations a provider does not offer fail with ``unsupported(_:_:)``: a provider type implements
/// only what its API has.
extension WireProtocol {
    func embeddingsRequest(_ request: EmbeddingRequest, member: RouteMember) throws -> WireRequest {
        throw unsupported("embeddings", member)
    }
    func embeddingsResponse(_ body: Data, request: EmbeddingRequest, member: RouteMember) throws -> EmbeddingResponse {
        throw unsupported("embeddings", member)
    }
    func speechRequest(_ request: SpeechRequest, member: RouteMember) throws -> WireRequest {
        throw unsupported("speech", member)
    }
    func transcriptionRequest(_ request: TranscriptionRequest, member: RouteMember) throws -> WireRequest {
        throw unsupported("transcription", member)
    }
    func transcriptionResponse(
        _ body: Data, request: TranscriptionRequest, member: RouteMember
    ) throws
        -> TranscriptionResponse
    {
        throw unsupported("transcription", member)
    }
    func imageRequest(_ request: ImageGenerationRequest, member: RouteMember) throws -> WireRequest {
        throw unsupported("image generation", member)
    }
    func imageResponse(_ body: Data, member: RouteMember) throws -> ImageResponse {
        throw unsupported("image generation", member)
    }
}

extension WireProtocol {
    /// The failure for an operation this provider does not offer (a configuration mistake:
    /// the member is cooled like a missing model, and the call fails over).
    func unsupported(_ operation: String, _ member: RouteMember) -> UpstreamFailure {
        UpstreamFailure(
            .notFound, message: "provider type '\(member.provider.type.rawValue)' does not support \(operation)")
    }
}

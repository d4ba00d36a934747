import Foundation

/// One HTTP request as a provider adapter describes it, before the transport sends it.
///
/// Adapters build it with pure functions, so request translation is unit-tested without I/O.
struct WireRequest: Sendable {
    /// `GET` or `POST`.
    var method: String
    /// The full URL. Never carries a credential (keys go in headers).
    var url: String
    /// Headers, credentials included: the transport never logs or prints them.
    var headers: [(name: String, value: String)]
    /// The body, if any.
    var body: Data?
    /// Whether the answer is an SSE stream.
    var streaming: Bool = false

    /// A JSON POST.
    static func json(_ url: String, headers: [(name: String, value: String)], body: Data, streaming: Bool = false)
        -> WireRequest
    {
        WireRequest(
            method: "POST", url: url, headers: headers + [("content-type", "application/json")], body: body,
            streaming: streaming)
    }

    /// A GET.
    static func get(_ url: String, headers: [(name: String, value: String)]) -> WireRequest {
        WireRequest(method: "GET", url: url, headers: headers, body: nil)
    }
}

/// What a stream translator made of one SSE event.
struct StreamStep: Sendable {
    /// Chunks to hand to the caller, in OpenAI's shape.
    var chunks: [ChatCompletionChunk] = []
    /// The provider's terminal event arrived: the stream ended properly.
    var finished = false
}

/// Turns one provider's SSE events into OpenAI-shaped chunks; one value per stream (stateful).
protocol ChatStreamTranslating: Sendable {
    /// Translates one event. Throws ``UpstreamFailure`` for an in-band error or a malformed event.
    mutating func translate(_ event: ServerSentEvent) throws(UpstreamFailure) -> StreamStep
    /// Called at the end of the body: whether the stream may be considered complete even though
    /// the terminal event was missing (OpenAI: a `finish_reason` arrived but `[DONE]` did not).
    func completesWithoutTerminalEvent() -> Bool
}

/// A provider's wire format: pure translations between airoute's OpenAI-shaped values and the
/// provider's HTTP requests and answers, and its error mapping.
///
/// Every function is pure: no I/O, no clock reads other than the `now` passed in.
protocol WireProtocol: Sendable {
    func chatRequest(_ request: ChatCompletionRequest, member: RouteMember, stream: Bool) throws -> WireRequest
    func chatResponse(_ body: Data, member: RouteMember) throws -> CompletionResponse
    func streamTranslator(member: RouteMember) -> any ChatStreamTranslating

    func embeddingsRequest(_ request: EmbeddingRequest, member: RouteMember) throws -> WireRequest
    func embeddingsResponse(_ body: Data, request: EmbeddingRequest, member: RouteMember) throws -> EmbeddingResponse

    func speechRequest(_ request: SpeechRequest, member: RouteMember) throws -> WireRequest

    func transcriptionRequest(_ request: TranscriptionRequest, member: RouteMember) throws -> WireRequest
    func transcriptionResponse(_ body: Data, request: TranscriptionRequest, member: RouteMember) throws
        -> TranscriptionResponse

    func imageRequest(_ request: ImageGenerationRequest, member: RouteMember) throws -> WireRequest
    func imageResponse(_ body: Data, member: RouteMember) throws -> ImageResponse

    func modelsRequest(provider: ProviderConfiguration) -> WireRequest
    func modelsResponse(_ body: Data) throws -> [String]

    /// Maps an error answer onto the router's classes, with the provider's Retry-After hints.
    func failure(status: Int, headers: [(name: String, value: String)], body: Data, now: Timestamp, cap: Duration)
        -> UpstreamFailure
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
    func transcriptionResponse(_ body: Data, request: TranscriptionRequest, member: RouteMember) throws
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

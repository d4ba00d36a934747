import Foundation

// PLACEHOLDER being replaced in this session by the Gemini adapter.
struct GeminiWire: WireProtocol {
    func chatRequest(_ request: ChatCompletionRequest, member: RouteMember, stream: Bool) throws -> WireRequest { throw unsupported("chat", member) }
    func chatResponse(_ body: Data, member: RouteMember) throws -> CompletionResponse { throw unsupported("chat", member) }
    func streamTranslator(member: RouteMember) -> any ChatStreamTranslating { OpenAIStreamTranslator() }
    func embeddingsRequest(_ request: EmbeddingRequest, member: RouteMember) throws -> WireRequest { throw unsupported("embeddings", member) }
    func embeddingsResponse(_ body: Data, request: EmbeddingRequest, member: RouteMember) throws -> EmbeddingResponse { throw unsupported("embeddings", member) }
    func speechRequest(_ request: SpeechRequest, member: RouteMember) throws -> WireRequest { throw unsupported("speech", member) }
    func transcriptionRequest(_ request: TranscriptionRequest, member: RouteMember) throws -> WireRequest { throw unsupported("transcription", member) }
    func transcriptionResponse(_ body: Data, request: TranscriptionRequest, member: RouteMember) throws -> TranscriptionResponse { throw unsupported("transcription", member) }
    func imageRequest(_ request: ImageGenerationRequest, member: RouteMember) throws -> WireRequest { throw unsupported("image generation", member) }
    func imageResponse(_ body: Data, member: RouteMember) throws -> ImageResponse { throw unsupported("image generation", member) }
    func modelsRequest(provider: ProviderConfiguration) -> WireRequest { .get(provider.effectiveBaseURL + "/models", headers: []) }
    func modelsResponse(_ body: Data) throws -> [String] { [] }
}

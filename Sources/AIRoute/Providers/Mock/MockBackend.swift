import Foundation

// PLACEHOLDER being replaced in this session by the mock provider.
struct MockBackend: ProviderBackend {
    let clock: any RouterClock
    func chat(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> CompletionResponse { throw UpstreamFailure(.notFound, message: "mock not yet implemented") }
    func chatStream(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> UpstreamChatStream { throw UpstreamFailure(.notFound, message: "mock not yet implemented") }
    func embeddings(_ request: EmbeddingRequest, context: AttemptContext) async throws -> EmbeddingResponse { throw UpstreamFailure(.notFound, message: "mock not yet implemented") }
    func speech(_ request: SpeechRequest, context: AttemptContext) async throws -> Data { throw UpstreamFailure(.notFound, message: "mock not yet implemented") }
    func transcription(_ request: TranscriptionRequest, context: AttemptContext) async throws -> TranscriptionResponse { throw UpstreamFailure(.notFound, message: "mock not yet implemented") }
    func images(_ request: ImageGenerationRequest, context: AttemptContext) async throws -> ImageResponse { throw UpstreamFailure(.notFound, message: "mock not yet implemented") }
    func listModels(provider: ProviderConfiguration, deadline: Timestamp) async throws -> [String] { [] }
}

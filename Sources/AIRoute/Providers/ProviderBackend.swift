import Foundation

/// Performs operations against one provider: the HTTP wire formats, or the in-process mock.
protocol ProviderBackend: Sendable {
    func chat(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> CompletionResponse
    func chatStream(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> UpstreamChatStream
    func embeddings(_ request: EmbeddingRequest, context: AttemptContext) async throws -> EmbeddingResponse
    func speech(_ request: SpeechRequest, context: AttemptContext) async throws -> Data
    func transcription(_ request: TranscriptionRequest, context: AttemptContext) async throws -> TranscriptionResponse
    func images(_ request: ImageGenerationRequest, context: AttemptContext) async throws -> ImageResponse
    /// The provider's model ids (its model-list endpoint), for health probes.
    func listModels(provider: ProviderConfiguration, deadline: Timestamp) async throws -> [String]
}

import Foundation

/// `client.embeddings`.
public struct Embeddings: Sendable {
    let engine: ClientEngine

    /// Creates embeddings, routed within the pool `request.model` (members share one embedding space).
    ///
    /// - Throws: ``AIRouter/RouteError`` when no member could serve the request.
    public func create(_ request: EmbeddingRequest) async throws(RouteError) -> EmbeddingResponse {
        let result = try await engine.route(request.model, Requirements(request)) { backend, context in
            try await backend.embeddings(request, context: context)
        }
        var response = result.value
        response.routing = result.routing
        return response
    }

    /// Embeds texts.
    public func create(
        model: String, input: [String], dimensions: Int? = nil, user: String? = nil, extra: [String: JSONValue] = [:]
    ) async throws(RouteError) -> EmbeddingResponse {
        try await create(
            EmbeddingRequest(model: model, input: .strings(input), dimensions: dimensions, user: user, extra: extra))
    }
}

/// `client.images`.
public struct Images: Sendable {
    let engine: ClientEngine

    /// Generates images, routed within the pool `request.model`.
    ///
    /// Image generation is billed per call; the router fails over only on errors that mean the
    /// member did not generate (DESIGN.md §4.4).
    public func generate(_ request: ImageGenerationRequest) async throws(RouteError) -> ImageResponse {
        let result = try await engine.route(request.model, Requirements(request)) { backend, context in
            try await backend.images(request, context: context)
        }
        var response = result.value
        response.routing = result.routing
        return response
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

/// `client.audio.speech`.
public struct Speech: Sendable {
    let engine: ClientEngine

    /// Synthesizes speech; returns the audio bytes in the requested format.
    public func create(_ request: SpeechRequest) async throws(RouteError) -> Data {
        try await engine.route(request.model, Requirements(request)) { backend, context in
            try await backend.speech(request, context: context)
        }.value
    }

    /// Synthesizes speech with routing information.
    public func createWithRouting(_ request: SpeechRequest) async throws(RouteError) -> (audio: Data, routing: RoutingInfo) {
        let result = try await engine.route(request.model, Requirements(request)) { backend, context in
            try await backend.speech(request, context: context)
        }
        return (result.value, result.routing)
    }

    /// Synthesizes speech from text.
    public func create(
        model: String, input: String, voice: Voice, responseFormat: AudioFormat? = nil, speed: Double? = nil
    ) async throws(RouteError) -> Data {
        try await create(
            SpeechRequest(model: model, input: input, voice: voice, responseFormat: responseFormat, speed: speed))
    }
}

/// `client.audio.transcriptions`.
public struct Transcriptions: Sendable {
    let engine: ClientEngine

    /// Transcribes audio (json, text, srt, vtt or verbose_json).
    public func create(_ request: TranscriptionRequest) async throws(RouteError) -> TranscriptionResponse {
        let result = try await engine.route(request.model, Requirements(request)) { backend, context in
            try await backend.transcription(request, context: context)
        }
        var response = result.value
        response.routing = result.routing
        return response
    }

    /// Transcribes an audio file's bytes.
    public func create(
        model: String, file: Data, fileName: String, language: String? = nil, prompt: String? = nil,
        responseFormat: TranscriptionFormat? = nil
    ) async throws(RouteError) -> TranscriptionResponse {
        try await create(
            TranscriptionRequest(
                model: model, file: file, fileName: fileName, language: language, prompt: prompt,
                responseFormat: responseFormat))
    }
}

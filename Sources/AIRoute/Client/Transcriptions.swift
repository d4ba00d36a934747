import Foundation

/// `client.audio.transcriptions`.
public struct Transcriptions: Sendable {
    let engine: ClientEngine

    /// Transcribes audio (json, text, srt, vtt or verbose_json).
    public func create(_ request: TranscriptionRequest) async throws(RouteError) -> TranscriptionResponse {
        try await engine.respond(request.model, Requirements(request)) { backend, context in
            try await backend.transcription(request, context: context)
        }
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

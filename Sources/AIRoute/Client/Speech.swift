import Foundation

/// `client.audio.speech`.
public struct Speech: Sendable {
    let engine: ClientEngine

    /// Synthesizes speech; returns the audio bytes in the requested format.
    public func create(_ request: SpeechRequest) async throws(RouteError) -> Data {
        try await createWithRouting(request).audio
    }

    /// Synthesizes speech with routing information.
    public func createWithRouting(
        _ request: SpeechRequest
    ) async throws(RouteError) -> (audio: Data, routing: RoutingInfo) {
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

import AIRoute
import Foundation
import HTTPTypes
import NIOCore

extension GatewayCore {
    /// `POST /v1/audio/speech`: the audio itself, with its format's content type.
    func speech(
        _ body: ByteBuffer, headers: HTTPFields, caller: ClientAuthenticator.Caller, exchange: inout Exchange
    ) async throws -> Reply {
        let request = try admitted(SpeechRequest.self, body, headers: headers, caller: caller, exchange: &exchange)
        let client = self.client
        let result = try await routed { () async throws(RouteError) in
            try await client.audio.speech.createWithRouting(request)
        }
        let format = request.responseFormat ?? .mp3
        return Reply.bytes(result.audio, contentType: format.mimeType, routing: result.routing.forClients)
    }

    /// `POST /v1/images/generations`.
    func images(
        _ body: ByteBuffer, headers: HTTPFields, caller: ClientAuthenticator.Caller, exchange: inout Exchange
    ) async throws -> Reply {
        let request = try admitted(
            ImageGenerationRequest.self, body, headers: headers, caller: caller, exchange: &exchange)
        let client = self.client
        let response = try await answer { () async throws(RouteError) in try await client.images.generate(request) }
        return try Reply.encoding(response, routing: response.routing)
    }
}

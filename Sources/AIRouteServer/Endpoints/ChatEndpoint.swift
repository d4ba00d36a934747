import AIRoute
import Foundation
import HTTPTypes
import NIOCore

extension GatewayCore {
    /// `POST /v1/chat/completions`, whole or streamed.
    func chat(
        _ body: ByteBuffer, headers: HTTPFields, caller: ClientAuthenticator.Caller, exchange: inout Exchange
    ) async throws -> Reply {
        let request = try admitted(
            ChatCompletionRequest.self, body, headers: headers, caller: caller, exchange: &exchange)
        if request.stream == true { return try await chatStream(request, exchange: &exchange) }
        let client = self.client
        let response = try await answer { () async throws(RouteError) in
            try await client.chat.completions.create(request)
        }
        var reply = try Reply.encoding(response, routing: response.routing)
        reply.tokens = (response.usage.promptTokens, response.usage.completionTokens)
        return reply
    }
}

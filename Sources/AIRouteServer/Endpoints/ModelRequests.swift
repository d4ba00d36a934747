import AIRoute
import HTTPTypes
import NIOCore

/// A request body that names the pool (or model id) it wants.
protocol PoolNamingRequest: Decodable, Sendable {
    var model: String { get }
}

extension ChatCompletionRequest: PoolNamingRequest {}
extension EmbeddingRequest: PoolNamingRequest {}
extension SpeechRequest: PoolNamingRequest {}
extension ImageGenerationRequest: PoolNamingRequest {}

/// A routed answer that carries its routing in its body.
protocol RoutedResponse: Sendable {
    var routing: RoutingInfo { get set }
}

extension CompletionResponse: RoutedResponse {}
extension EmbeddingResponse: RoutedResponse {}
extension ImageResponse: RoutedResponse {}
extension TranscriptionResponse: RoutedResponse {}

extension GatewayCore {
    /// The JSON body as `T`, once the caller is known to be allowed the pool it names.
    func admitted<T: PoolNamingRequest>(
        _ type: T.Type, _ body: ByteBuffer, headers: HTTPFields, caller: ClientAuthenticator.Caller,
        exchange: inout Exchange
    ) throws -> T {
        let request = try RequestDecoding.json(T.self, from: body, headers: headers)
        try admit(model: request.model, caller: caller, exchange: &exchange)
        return request
    }

    /// A routed call's answer as a client may see it: its routing without the upstream URLs.
    func answer<T: RoutedResponse>(_ call: @escaping @Sendable () async throws(RouteError) -> T) async throws -> T {
        var response = try await routed(call)
        response.routing = response.routing.forClients
        return response
    }
}

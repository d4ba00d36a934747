import AIRoute
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Answers every request: dispatches by method and path, authenticates, admits within the
/// concurrency limit, and turns every failure into OpenAI's error body (docs/server.md).
struct GatewayResponder: HTTPResponder {
    typealias Context = GatewayContext

    let core: GatewayCore

    func respond(to request: Request, context: GatewayContext) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = core.nextRequestID()
        let path = Self.routePath(request.uri.path)
        var exchange = Exchange(method: request.method, path: path, requestID: requestID, started: started)
        var reply: Reply
        do {
            reply = try await dispatch(request, path: path, exchange: &exchange)
        } catch let failure as GatewayFailure {
            reply = .failure(failure)
        } catch let routed as RoutedFailure {
            reply = .failure(routed.failure, routing: routed.routing)
        } catch is CancellationError {
            reply = .failure(
                GatewayFailure(
                    HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"),
                    "the client closed the connection", type: "cancelled", code: "cancelled"))
        } catch {
            reply = .failure(GatewayFailure(.internalServerError, "internal error", type: "api_error", code: nil))
            core.logger.error(
                "request failed", metadata: ["request_id": "\(requestID)", "error": "\(type(of: error))"])
        }
        // A body left unread (over the limit) is not drained: the connection closes after the answer.
        if reply.status == .contentTooLarge { reply.headers[.connection] = "close" }
        reply.addRoutingHeaders(pool: exchange.pool)
        reply.headers[GatewayHeader.requestID] = requestID
        if !exchange.streaming { core.finish(exchange, reply: reply) }
        return Response(status: reply.status, headers: reply.headers, body: reply.body)
    }

    /// `/v1/chat/completions` and `/chat/completions` are the same endpoint; a trailing slash is ignored.
    static func routePath(_ path: String) -> Substring {
        var path = Substring(path)
        if path.hasPrefix("/v1/") { path = path.dropFirst(3) }
        if path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return path
    }

    private func dispatch(_ request: Request, path: Substring, exchange: inout Exchange) async throws -> Reply {
        switch (request.method, path) {
        case (.get, "/healthz"): return Reply.json(Data(#"{"status":"ok"}"#.utf8))
        case (.get, "/readyz"): return try core.readiness()
        case (.get, "/metrics"): return core.metricsReply()
        default: break
        }
        guard let caller = core.authenticator.authenticate(request.headers) else { throw GatewayFailure.unauthorized }
        exchange.caller = caller.name
        let endpoint: ModelEndpoint
        switch (request.method, path) {
        case (.get, "/models"): return try core.modelList(for: caller)
        case (.get, _) where path.hasPrefix("/models/"):
            return try core.model(String(path.dropFirst("/models/".count)), for: caller)
        case (.post, "/chat/completions"): endpoint = .chat
        case (.post, "/embeddings"): endpoint = .embeddings
        case (.post, "/audio/speech"): endpoint = .speech
        case (.post, "/audio/transcriptions"): endpoint = .transcription
        case (.post, "/images/generations"): endpoint = .images
        default: throw GatewayFailure.unknownURL(method: request.method, path: request.uri.path)
        }
        if let refusal = core.limiter.acquire() {
            throw GatewayFailure.overloaded(draining: refusal == .draining)
        }
        var admitted = true
        defer { if admitted { core.limiter.release() } }
        let body = try await core.readBody(request)
        let reply = try await core.serve(
            endpoint, body: body, headers: request.headers, caller: caller, exchange: &exchange)
        // A stream's body gives the slot back and finishes the exchange when it ends.
        if exchange.streaming { admitted = false }
        return reply
    }
}

/// The model endpoints.
enum ModelEndpoint: String, Sendable {
    case chat = "chat.completions"
    case embeddings
    case speech = "audio.speech"
    case transcription = "audio.transcriptions"
    case images = "images.generations"
}

/// What the access log and metrics need to know of one request.
struct Exchange: Sendable {
    var method: HTTPRequest.Method
    var path: Substring
    var requestID: String
    var started: ContinuousClock.Instant
    var caller = "-"
    var pool: String?
    var streaming = false
    var firstTokenAt: ContinuousClock.Instant?
}

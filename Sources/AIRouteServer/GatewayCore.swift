import AIRoute
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Everything the responder shares between requests: the one client (and so the one router,
/// whose circuit breakers and latency figures every request shares), the settings, the key
/// check, the admission limit, metrics and the access log.
final class GatewayCore: Sendable {
    let client: OpenAIClient
    let settings: ServerSettings
    let authenticator: ClientAuthenticator
    let limiter: AdmissionLimiter
    let metrics: GatewayMetrics
    let logger: Logger
    private let requestCounter = Atomic<UInt64>(0)
    private let idPrefix: String

    init(client: OpenAIClient, settings: ServerSettings, metrics: GatewayMetrics, logger: Logger) {
        self.client = client
        self.settings = settings
        self.authenticator = ClientAuthenticator(keys: settings.keys)
        self.limiter = AdmissionLimiter(limit: settings.maxConcurrentRequests)
        self.metrics = metrics
        self.logger = logger
        idPrefix = "req_" + String(UInt32.random(in: .min ... .max), radix: 16)
    }

    var router: ModelRouter { client.router }

    /// A process-unique request id (`req_<random>-<counter>`).
    func nextRequestID() -> String {
        "\(idPrefix)-\(requestCounter.wrappingAdd(1, ordering: .relaxed).newValue)"
    }

    /// The whole request body, refused with 413 beyond `max_body_size` (before reading it when
    /// `Content-Length` says so).
    func readBody(_ request: Request) async throws -> ByteBuffer {
        let limit = settings.maxBodySize
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw GatewayFailure.tooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            // A chunked body (or one longer than it said) grew past the limit while arriving.
            throw GatewayFailure.tooLarge(limit: limit)
        }
    }

    /// Serves one model request (the caller is authenticated and admitted).
    func serve(
        _ endpoint: ModelEndpoint, body: ByteBuffer, headers: HTTPFields, caller: ClientAuthenticator.Caller,
        exchange: inout Exchange
    ) async throws -> Reply {
        switch endpoint {
        case .chat: return try await chat(body, headers: headers, caller: caller, exchange: &exchange)
        case .embeddings: return try await embeddings(body, headers: headers, caller: caller, exchange: &exchange)
        case .speech: return try await speech(body, headers: headers, caller: caller, exchange: &exchange)
        case .transcription: return try await transcription(body, headers: headers, caller: caller, exchange: &exchange)
        case .images: return try await images(body, headers: headers, caller: caller, exchange: &exchange)
        }
    }

    /// Checks that the caller may use `model`, and notes the pool for the access log.
    func admit(model: String, caller: ClientAuthenticator.Caller, exchange: inout Exchange) throws {
        exchange.pool = model
        guard caller.mayUse(model) else { throw GatewayFailure.forbidden(pool: model, caller: caller.name) }
    }

    /// Runs a routed call, cancelled when the client disconnects, mapping a routing failure to its answer.
    func routed<T: Sendable>(_ call: @escaping @Sendable () async throws(RouteError) -> T) async throws -> T {
        do {
            return try await ConnectionWatch.run { try await call() }
        } catch let error as RouteError {
            if error.code == .cancelled && limiter.isDraining { throw GatewayFailure.overloaded(draining: true) }
            throw RoutedFailure(failure: GatewayFailure(error, now: router.clock.now()), routing: error.routing)
        } catch is CancellationError where limiter.isDraining {
            // Cut off at the end of the shutdown grace.
            throw GatewayFailure.overloaded(draining: true)
        }
    }

    /// Writes the access-log line and the metrics of a finished exchange.
    func finish(_ exchange: Exchange, reply: Reply, streamOutcome: String? = nil) {
        metrics.record(exchange, status: Int(reply.status.code), routing: reply.routing, tokens: reply.tokens)
        guard settings.accessLog else { return }
        var metadata: Logger.Metadata = [
            "request_id": "\(exchange.requestID)", "method": "\(exchange.method.rawValue)", "path": "\(exchange.path)",
            "status": "\(reply.status.code)", "caller": "\(exchange.caller)",
            "duration_ms": "\(String(format: "%.1f", (ContinuousClock.now - exchange.started).milliseconds))",
        ]
        if let pool = exchange.pool { metadata["pool"] = "\(Self.loggable(pool))" }
        if let routing = reply.routing {
            if let member = routing.member { metadata["member"] = "\(member)" }
            metadata["attempts"] = "\(routing.attempts.count)"
        }
        if let tokens = reply.tokens {
            metadata["tokens_in"] = "\(tokens.input)"
            metadata["tokens_out"] = "\(tokens.output)"
        }
        if let streamOutcome { metadata["stream"] = "\(streamOutcome)" }
        logger.info("request", metadata: metadata)
    }

    /// A client-chosen name as one log-safe token: control characters (a newline would forge a
    /// log line) become `?`, and it is cut at 100 characters.
    static func loggable(_ name: String) -> String {
        String(name.unicodeScalars.prefix(100).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
    }

}

/// A routing failure with the routing it carried, so the answer's headers can show the attempts.
struct RoutedFailure: Error, Sendable {
    var failure: GatewayFailure
    var routing: RoutingInfo
}

extension GatewayCore {
    /// `GET /metrics`.
    func metricsReply() -> Reply {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let text = metrics.render(router: router, inFlight: limiter.current)
        return Reply(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
    }
}

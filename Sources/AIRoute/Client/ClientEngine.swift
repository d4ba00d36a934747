import AsyncHTTPClient
import Logging
import Synchronization

/// What the client's namespaces share: the router, the provider backends and the HTTP client —
/// the caller's own, or airoute's process-wide one, looked up on first use (a CLI command that
/// never goes online never starts NIO's threads).
final class ClientEngine: Sendable {
    let router: ModelRouter
    let logger: Logger
    private let isShutDown = Mutex(false)
    private let connectTimeout: Duration
    /// The HTTP client the caller passed in; airoute never shuts it down.
    private let callerClient: HTTPClient?

    init(router: ModelRouter, logger: Logger, httpClient: HTTPClient? = nil) {
        self.router = router
        self.logger = logger
        self.connectTimeout = router.configuration.defaults.connectTimeout
        self.callerClient = httpClient
    }

    /// The backend for a member's provider.
    func backend(for provider: ProviderConfiguration) throws(UpstreamFailure) -> any ProviderBackend {
        switch provider.type.kind {
        case .mock: return MockBackend(clock: router.clock, configuration: router.configuration)
        case .openai: return HTTPBackend(wire: OpenAIWire(), transport: try transport())
        case .azure: return HTTPBackend(wire: OpenAIWire(azure: true), transport: try transport())
        case .anthropic: return HTTPBackend(wire: AnthropicWire(), transport: try transport())
        case .gemini: return HTTPBackend(wire: GeminiWire(), transport: try transport())
        }
    }

    private func transport() throws(UpstreamFailure) -> HTTPTransport {
        HTTPTransport(client: try httpClient(), clock: router.clock, logger: logger)
    }

    /// The HTTP client for provider calls and downloads of generated files: the caller's, else
    /// the process-wide one for this connect timeout (``SharedHTTPClients``).
    func httpClient() throws(UpstreamFailure) -> HTTPClient {
        if isShutDown.withLock({ $0 }) {
            throw UpstreamFailure(.cancelled, message: "the client has been shut down")
        }
        return callerClient ?? SharedHTTPClients.client(connectTimeout: connectTimeout)
    }

    /// Marks the client shut down: later calls fail. The HTTP client itself stays up — the
    /// process-wide one is never shut down, and a caller's is the caller's to shut down.
    func shutdown() {
        isShutDown.withLock { $0 = true }
    }

    /// Routes one non-streaming call to the member backends.
    func route<Value: Sendable>(
        _ model: String, _ requirements: Requirements,
        _ operation: @escaping @Sendable (any ProviderBackend, AttemptContext) async throws -> Value
    ) async throws(RouteError) -> Routed<Value> {
        let result: Routed<Value>
        do {
            result = try await router.route(model, requirements: requirements) { [self] context in
                try await operation(try backend(for: context.member.provider), context)
            }
        } catch {
            logAttempts(error.routing)
            throw error
        }
        logAttempts(result.routing)
        if result.routing.failedOver {
            let failed = result.routing.attempts.dropLast().map { "\($0.member) (\($0.errorClass?.rawValue ?? "?"))" }
            logger.info(
                "served by \(result.routing.member ?? "?") after \(failed.joined(separator: ", ")) failed",
                metadata: ["airoute.pool": "\(result.routing.pool)"])
        }
        return result
    }

    /// At debug level: each attempt's member, request (method and URL: no query string, no
    /// credentials), outcome and duration.
    private func logAttempts(_ routing: RoutingInfo) {
        guard logger.logLevel <= .debug else { return }
        for attempt in routing.attempts {
            logger.debug(
                "attempt",
                metadata: [
                    "airoute.pool": "\(routing.pool)", "airoute.member": "\(attempt.member)",
                    "airoute.endpoint": "\(attempt.endpoint ?? "-")",
                    "airoute.outcome": "\(attempt.errorClass?.rawValue ?? "ok")",
                    "airoute.status": "\(attempt.status.map(String.init) ?? "-")",
                    "airoute.duration_ms": "\(Int(attempt.durationMs.rounded()))",
                ])
        }
    }

    /// Routes one call whose response carries routing information, and fills it in.
    func respond<Response: RoutedResponse>(
        _ model: String, _ requirements: Requirements,
        _ operation: @escaping @Sendable (any ProviderBackend, AttemptContext) async throws -> Response
    ) async throws(RouteError) -> Response {
        let result = try await route(model, requirements, operation)
        var response = result.value
        response.routing = result.routing
        return response
    }
}

/// A response type with a `routing` field that the client fills in.
protocol RoutedResponse: Sendable {
    var routing: RoutingInfo { get set }
}

extension CompletionResponse: RoutedResponse {}
extension EmbeddingResponse: RoutedResponse {}
extension TranscriptionResponse: RoutedResponse {}
extension ImageResponse: RoutedResponse {}

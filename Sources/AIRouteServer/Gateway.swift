import AIRoute
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `airoute serve`: the router behind OpenAI's HTTP API, so any official OpenAI SDK routes by
/// pool by changing its base URL (docs/server.md).
///
/// ```swift
/// let gateway = try Gateway(configuration: try Configuration.load(), listen: "127.0.0.1:0")
/// let port = try await gateway.start()      // listening
/// // … http://127.0.0.1:\(port)/v1/chat/completions …
/// try await gateway.shutdown()             // drains in-flight requests, saves health
/// ```
///
/// One router serves the whole process, so every request shares the same circuit breakers and
/// latency figures.
public final class Gateway: Sendable {
    /// The address it listens on.
    public let address: ListenAddress
    /// The `server:` settings in force.
    public let settings: ServerSettings
    /// The client every request goes through (its router holds the shared health).
    public let client: OpenAIClient
    let core: GatewayCore
    private let persistence: HealthPersistence?
    private let logger: Logger
    private let connections = ConnectionRegistry()
    private let running = Mutex<Running?>(nil)

    /// How long the cut-off at the end of `shutdown_grace` may take (writing the streams' error
    /// events, closing) before the server is cancelled outright.
    static let cutOffAllowance: Duration = .seconds(5)

    private struct Running {
        var group: ServiceGroup
        var task: Task<Void, any Error>
    }

    /// Prepares a gateway; nothing listens until ``start()`` or ``run(gracefulShutdownSignals:onListening:)``.
    ///
    /// - Parameters:
    ///   - configuration: providers, models, pools and the `server:` section.
    ///   - listen: `HOST:PORT`, overriding `server.listen`.
    ///   - environment: for the default health file's location.
    ///   - health: where health is kept; by default in memory, seeded from and saved to the health
    ///     file (`server.health_file`, else the CLI's). Pass a store to manage it yourself.
    ///   - logger: the access log (one line per request at `info`) and the server's own messages.
    /// - Throws: ``GatewayConfigurationError`` for an unusable address, or a non-loopback address
    ///   without client keys (unless `allow_public_without_keys`).
    public init(
        configuration: Configuration, listen: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, health: (any HealthStore)? = nil,
        logger: Logger = Logger(label: "airoute.serve", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(GatewayConfigurationError) {
        var settings = configuration.server
        if let listen { settings.listen = listen }
        address = try Self.checkedAddress(settings)
        self.settings = settings
        self.logger = logger
        let store: any HealthStore
        if health == nil && configuration.state.backend == .postgres {
            throw GatewayConfigurationError(
                message:
                    "state: backend postgres needs the shared store: open a PostgresHealthStore (AIRoutePostgres), "
                    + "run it, and pass it as health:")
        }
        if let health {
            store = health
            persistence = nil
        } else if let path = settings.healthFile ?? FileHealthStore.defaultPath(environment: environment) {
            let file = FileHealthStore(path: path, warn: { [logger] in logger.warning("\($0)") })
            let memory = HealthPersistence.seededStore(from: file)
            store = memory
            persistence = HealthPersistence(file: file, memory: memory, interval: .seconds(30))
        } else {
            store = InMemoryHealthStore()
            persistence = nil
        }
        // The gateway holds up to max_concurrent_requests requests open to one provider: its
        // connection pool must allow that many (the library's default of 64 would make the rest
        // wait and fail after connect_timeout). Process-wide, like the library's own clients.
        let httpClient = SharedHTTPClients.client(
            connectTimeout: configuration.defaults.connectTimeout,
            maxConnectionsPerHost: max(HTTPTransport.defaultMaxConnectionsPerHost, settings.maxConcurrentRequests))
        client = OpenAIClient(configuration: configuration, health: store, httpClient: httpClient)
        if let persistence {
            persistence.file.setKnownMembers(Set(client.router.healthIDs.values))
        }
        core = GatewayCore(
            client: client, settings: settings, metrics: GatewayMetrics(configuration: configuration), logger: logger)
    }

    static func checkedAddress(_ settings: ServerSettings) throws(GatewayConfigurationError) -> ListenAddress {
        let address: ListenAddress
        switch ListenAddress.parse(settings.listen) {
        case .success(let parsed): address = parsed
        case .failure(let problem): throw GatewayConfigurationError(message: "server.listen: \(problem.message)")
        }
        if !address.isLoopback && settings.keys.isEmpty && !settings.allowPublicWithoutKeys {
            throw GatewayConfigurationError(
                message: "refusing to listen on \(address) without client keys: anyone who can reach it could spend "
                    + "every provider key. Add server.keys, listen on 127.0.0.1, or set "
                    + "server.allow_public_without_keys: true")
        }
        return address
    }

    /// Serves until a signal in `gracefulShutdownSignals` (or cancellation), then stops accepting,
    /// lets in-flight requests finish for `shutdown_grace`, cancels the rest and saves health.
    /// `onListening` receives the bound port once the gateway accepts connections.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint], onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let group = makeServiceGroup(signals: gracefulShutdownSignals, onListening: onListening)
        try await group.run()
    }

    /// Starts serving in the background; returns the bound port once connections are accepted.
    public func start() async throws -> Int {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let group = makeServiceGroup(signals: []) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        running.withLock { $0 = Running(group: group, task: task) }
        for await port in ports { return port }
        try await task.value  // it stopped before listening: report why
        throw GatewayConfigurationError(message: "the gateway stopped before it was listening")
    }

    /// Stops a gateway started with ``start()``: graceful shutdown, then waits for it to end.
    public func shutdown() async throws {
        guard let current = running.withLock({ $0 }) else { return }
        await current.group.triggerGracefulShutdown()
        try await current.task.value
    }

    /// A duration as NIO's `TimeAmount`, to the nanosecond (`1500ms` stays 1.5 s, never 1 s or 0).
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    private func makeServiceGroup(signals: [UnixSignal], onListening: @escaping @Sendable (Int) -> Void) -> ServiceGroup
    {
        let responder = GatewayResponder(core: core)
        let headerTimeout = Self.timeAmount(settings.headerTimeout)
        let idle = Self.timeAmount(settings.idleTimeout)
        let connections = self.connections
        let server = HTTPServerBuilder { respond in
            GatewayChannel(
                inner: HTTP1Channel(
                    responder: respond,
                    configuration: .init(additionalChannelHandlers: [CloseAfterResponseHandler()], idleTimeout: idle)),
                headerTimeout: headerTimeout, connections: connections)
        }
        let app = Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        var services: [any Service] = []
        if let persistence { services.append(persistence) }
        services.append(
            DrainingServer(app: app, limiter: core.limiter, connections: connections, grace: settings.shutdownGrace))
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: signals, logger: logger)
        // The server cuts off what remains after the grace itself; cancelling is the backstop.
        configuration.maximumGracefulShutdownDuration = settings.shutdownGrace + Self.cutOffAllowance
        configuration.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: configuration)
    }
}

/// The HTTP server as a service that drains on graceful shutdown (docs/server.md, "Limits"):
/// new requests are refused (503, `Retry-After`), requests in flight may finish for `grace`,
/// then what still runs is cut off — waiting requests cancelled, streams ended with an error event.
private struct DrainingServer<App: ApplicationProtocol>: Service {
    let app: App
    let limiter: AdmissionLimiter
    let connections: ConnectionRegistry
    let grace: Duration

    func run() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await withGracefulShutdownHandler {
                    try await app.run()
                } onGracefulShutdown: {
                    limiter.startDraining()
                }
                return true
            }
            group.addTask {
                // Acts only once shutdown has begun; the server ending first cancels it.
                guard (try? await gracefulShutdown()) != nil, (try? await Task.sleep(for: grace)) != nil else {
                    return false
                }
                connections.cutOffAll()
                return false
            }
            // Until the server has ended: the handlers cut off still write their answers.
            while let serverEnded = try await group.next(), !serverEnded {}
            group.cancelAll()
        }
    }
}

/// A `server:` setting the gateway cannot start with.
public struct GatewayConfigurationError: Error, Sendable, CustomStringConvertible {
    /// One line saying what is wrong and what to do.
    public var message: String
    public var description: String { message }
}

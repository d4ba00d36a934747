import AIRoute
import AIRouteServer
import AIRouteTesting
import Foundation
import Logging
import Synchronization

/// The gateway the security, limits and lifecycle tests run against: a ``FakeProviderServer``,
/// a configuration over it with the `server:` lines a test gives, and an in-process ``Gateway``
/// on `127.0.0.1:0` whose log is captured.
///
/// Pools (members are the fake's model names; each fake model's behaviour is set per test):
/// - `text-generation`: `chat-a`, then `chat-b` (priority order, so `chat-a` fails over to `chat-b`)
/// - `solo`: `solo-a` only (its circuit opening makes the pool unavailable)
/// - `slow`: `slow-a` only (tests make it hang or stall)
struct GatewayRig {
    let fake: FakeProviderServer
    let gateway: Gateway
    let port: Int
    let log: CapturedLog

    /// The provider key the gateway sends upstream; no answer, log line or metric may contain it.
    static let upstreamKey = "sk-upstream-rig-7c2e91d0"
    /// The environment the configuration is read with.
    static let environment = ["RIG_UPSTREAM_KEY": upstreamKey]

    /// The configuration; `server` and `defaults` are extra lines of those sections (unindented).
    static func yaml(fake: FakeProviderServer, server: [String], defaults: [String]) -> String {
        let indent = { (lines: [String]) in lines.map { "  " + $0 }.joined(separator: "\n") }
        return """
            version: 1
            defaults:
              timeout: 60s
              first_token_timeout: 30s   # generous: the whole suite runs at once on two cores
            \(indent(defaults))
            providers:
              fake: {type: openai, base_url: "\(fake.openAIBaseURL)", api_key: "${RIG_UPSTREAM_KEY}"}
            models:
              chat-a: {provider: fake, capabilities: [chat, streaming]}
              chat-b: {provider: fake, capabilities: [chat, streaming]}
              solo-a: {provider: fake, capabilities: [chat, streaming]}
              slow-a: {provider: fake, capabilities: [chat, streaming]}
            pools:
              text-generation: {operation: chat, members: [chat-a, chat-b]}
              solo: {operation: chat, members: [solo-a]}
              slow: {operation: chat, members: [slow-a]}
            server:
              access_log: true
            \(indent(server))

            """
    }

    /// Starts the fake (scripted by `script`) and a gateway over it, runs `body`, then stops both,
    /// also when `body` throws.
    static func with<T>(
        server: [String] = [], defaults: [String] = [], environment: [String: String] = [:],
        health: (any HealthStore)? = InMemoryHealthStore(), script: (FakeProviderServer) -> Void = { _ in },
        _ body: (GatewayRig) async throws -> T
    ) async throws -> T {
        try await GatewaySlots.with {
            try await run(
                server: server, defaults: defaults, environment: environment, health: health, script: script, body)
        }
    }

    private static func run<T>(
        server: [String], defaults: [String], environment: [String: String], health: (any HealthStore)?,
        script: (FakeProviderServer) -> Void, _ body: (GatewayRig) async throws -> T
    ) async throws -> T {
        let fake = FakeProviderServer()
        try await fake.start()
        script(fake)
        let rig: GatewayRig
        do {
            rig = try await start(
                fake: fake, yaml: yaml(fake: fake, server: server, defaults: defaults),
                environment: Self.environment.merging(environment) { _, new in new }, health: health)
        } catch {
            try? await fake.shutdown()
            throw error
        }
        do {
            let result = try await body(rig)
            try await rig.stop()
            return result
        } catch {
            try? await rig.stop()
            throw error
        }
    }

    /// A gateway over `fake` from `yaml`, listening on `127.0.0.1:0`.
    static func start(
        fake: FakeProviderServer, yaml: String, environment: [String: String], health: (any HealthStore)?
    ) async throws -> GatewayRig {
        let configuration = try Configuration.parse(yaml: yaml, file: "<rig>", environment: environment)
        let log = CapturedLog()
        let gateway = try Gateway(
            configuration: configuration, listen: "127.0.0.1:0", environment: environment, health: health,
            logger: log.logger)
        let port = try await gateway.start()
        return GatewayRig(fake: fake, gateway: gateway, port: port, log: log)
    }

    /// Stops the gateway (graceful), then the fake.
    func stop() async throws {
        try await gateway.shutdown()
        try await fake.shutdown()
    }

    /// Sends `request` on a new connection and reads the response.
    func send(_ request: WireRequest) async throws -> WireResponse {
        try await WireConnection.exchange(port: port, request)
    }

    /// Opens a connection and sends `request` without waiting for the answer.
    func open(_ request: WireRequest) async throws -> WireConnection {
        let connection = try await WireConnection.open(port: port)
        try await connection.send(request: request)
        return connection
    }

    /// The `/metrics` text.
    func metrics() async throws -> String {
        try await send(.get("/metrics")).text
    }

    /// Waits until `/metrics` reports `count` model requests in flight (slots are given back
    /// asynchronously after a disconnect); returns whether it did within `bound`.
    func waitForInFlight(_ count: Int, within bound: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + TestMachine.allowing(bound)
        repeat {
            if Self.value(of: "airoute_requests_in_flight", in: try await metrics()) == Double(count) { return true }
            try await Task.sleep(for: .milliseconds(20))
        } while ContinuousClock.now < deadline
        return false
    }

    /// The value of one series (`name{labels}` exactly as written) in Prometheus text.
    static func value(of series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// The health id of configured model `model`.
    func healthID(_ model: String) -> String {
        gateway.client.router.healthIDs[model] ?? model
    }
}

/// A `LogHandler` that keeps every line, rendered with its metadata, so tests can search the
/// access log.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger that writes here, at every level.
    var logger: Logger {
        var logger = Logger(label: "airoute.serve.test") { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far.
    var all: [String] { lines.withLock { $0 } }

    /// The lines so far, one per line.
    var text: String { all.joined(separator: "\n") }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let sink: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            sink.append("\(event.level) \(event.message) \(fields)")
        }
    }
}

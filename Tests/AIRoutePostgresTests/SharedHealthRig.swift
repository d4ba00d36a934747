import AIRoute
import AIRoutePostgres
import AIRouteTesting
@_spi(Testing) import AIRouter
import Foundation
import Logging
import Synchronization
import Testing

/// Whether the shared-health tests run: a PostgreSQL server can be started here, or CI requires
/// one (`AIROUTE_REQUIRE_POSTGRES=1`: then a missing server fails the tests instead of skipping).
let postgresTestsEnabled = PostgresServer.isAvailable || PostgresServer.isRequired

/// Lines a store warned or noted, for tests that count them.
final class CollectedLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A process of the fleet: its client, its shared store and the task keeping the store connected.
struct Replica: Sendable {
    let client: OpenAIClient
    let store: PostgresHealthStore
    let task: Task<Void, Never>
    let warnings: CollectedLines
    let notices: CollectedLines

    /// The id of the member whose model id is `model`.
    func id(_ model: String) -> String { client.router.healthIDs[model] ?? model }

    /// This replica's view of a member.
    func health(_ model: String) -> MemberHealth { store.health(of: id(model)) }

    /// A one-message chat on `pool`.
    func ask(_ text: String = "Hi", pool: String = "pool") async throws(RouteError) -> CompletionResponse {
        try await client.chat.completions.create(model: pool, messages: [.user(text)])
    }

    /// Shuts the store (flushing its writes) and the client down.
    func stop() async {
        await store.shutdown()
        await task.value
        try? await client.shutdown()
    }
}

/// Test keys: they must never reach a row.
let testKeys = ["KEY_A": "sk-test-aaaaaaaaaaaaaaaaSECRET1", "KEY_B": "sk-test-bbbbbbbbbbbbbbbbSECRET2"]

/// A fresh schema name, so that tests sharing one server never see each other's rows.
func uniqueSchema(_ label: String) -> String {
    "t_\(label)_\(UInt32.random(in: 0...UInt32.max))"
}

/// The configuration of every replica: pool `pool` = a (priority 1), b (priority 2) on the fake
/// server, `failure_threshold` 2, `cooldown` 30 s, and `state: backend: postgres` as a user writes it.
func sharedConfiguration(
    fake: FakeProviderServer, postgres: PostgresServer, schema: String, timeout: String = "30s",
    writeTimeout: String = TestMachine.underSanitizer ? "5s" : "2s"
) throws -> Configuration {
    let yaml = """
        version: 1
        defaults:
          timeout: \(timeout)
          failure_threshold: 2
          cooldown: 30s
          max_cooldown: 5m
        providers:
          prov-a: {type: openai, base_url: "\(fake.baseURL(for: .openAI))", api_key: "${KEY_A}"}
          prov-b: {type: openai, base_url: "\(fake.baseURL(for: .openAI))", api_key: "${KEY_B}"}
        models:
          a: {provider: prov-a, capabilities: [chat, streaming]}
          b: {provider: prov-b, capabilities: [chat, streaming]}
        pools:
          pool:
            operation: chat
            members: [{model: a, priority: 1}, {model: b, priority: 2}]
        state:
          backend: postgres
          url: ${AIROUTE_STATE_URL}
          schema: \(schema)
          write_timeout: \(writeTimeout)
          connect_timeout: \(TestMachine.underSanitizer ? "30s" : "5s")
        """
    var environment = testKeys
    environment["AIROUTE_STATE_URL"] = postgres.urlWithPassword
    return try Configuration.parse(yaml: yaml, file: "shared.yaml", environment: environment)
}

/// Starts a replica the way the CLI does: open the store, build the client on it, name the
/// configured members, run the store and wait for the first load.
func startReplica(_ configuration: Configuration, clock: any RouterClock) async throws -> Replica {
    let warnings = CollectedLines()
    let notices = CollectedLines()
    let location = try #require(configuration.state.postgres)
    let store = await PostgresHealthStore.open(
        settings: configuration.state, location: location, clock: clock, warn: { warnings.append($0) },
        inform: { notices.append($0) })
    let client = OpenAIClient(configuration: configuration, health: store, clock: clock)
    store.setKnownMembers(Set(client.router.healthIDs.values))
    let task = Task { await store.run() }
    if store.isConnectedAtStart { await store.waitUntilSharing(timeout: TestMachine.allowing(.seconds(10))) }
    return Replica(client: client, store: store, task: task, warnings: warnings, notices: notices)
}

/// Starts `count` replicas on one configuration, runs `body`, stops them.
func withReplicas(
    _ count: Int, _ configuration: Configuration, clock: any RouterClock,
    _ body: ([Replica]) async throws -> Void
) async throws {
    var replicas: [Replica] = []
    for _ in 0..<count { replicas.append(try await startReplica(configuration, clock: clock)) }
    do {
        try await body(replicas)
    } catch {
        for replica in replicas { await replica.stop() }
        throw error
    }
    for replica in replicas { await replica.stop() }
}

/// Waits (real time, at most `timeout`) until `condition` holds; returns how long it took, or
/// `nil` when it never did. For waiting on a notification, not for timing logic.
func waitFor(
    timeout: Duration = TestMachine.allowing(.seconds(10)), _ condition: () -> Bool
) async -> Duration? {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < timeout {
        if condition() { return ContinuousClock.now - start }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return condition() ? ContinuousClock.now - start : nil
}

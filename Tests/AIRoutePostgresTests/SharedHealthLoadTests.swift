import AIRoute
@_spi(Testing) import AIRouter
import AIRoutePostgres
import AIRouteTesting
import Foundation
import Testing

/// Three replicas, 1,000 requests, a flapping member: how many requests the member gets while it
/// is down, with shared health and with each replica on its own (RELIABILITY.md, "Shared health").
/// Runs with `AIROUTE_LOAD_TESTS=1` (`.ci/run` runs it alone, beside LoadTests).
@Suite(.enabled(if: postgresTestsEnabled && ProcessInfo.processInfo.environment["AIROUTE_LOAD_TESTS"] == "1"))
struct SharedHealthLoadTests {
    struct Figures: CustomStringConvertible {
        var whileDown = 0
        var whileUp = 0
        var failedCalls = 0
        var description: String { "a got \(whileDown) requests while down, \(whileUp) while up; \(failedCalls) calls failed" }
    }

    /// Four rounds — down, up, down, up — of 250 concurrent calls spread over 3 replicas; between
    /// rounds the fleet's clock moves past every cooldown, so each round starts half-open.
    func flap(
        _ clients: [OpenAIClient], stores: [PostgresHealthStore], fake: FakeProviderServer, clock: ManualClock
    ) async throws -> Figures {
        var figures = Figures()
        for round in 0..<4 {
            let down = round % 2 == 0
            fake.setDefault(model: "a", behavior: down ? .status(503) : .ok())
            let before = fake.requestCount(model: "a")
            let failed = await withTaskGroup(of: Bool.self) { group in
                for call in 0..<250 {
                    let client = clients[call % clients.count]
                    group.addTask {
                        (try? await client.chat.completions.create(model: "pool", messages: [.user("Hi")])) == nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            figures.failedCalls += failed
            let sent = fake.requestCount(model: "a") - before
            if down { figures.whileDown += sent } else { figures.whileUp += sent }
            for store in stores { await store.flush(timeout: .seconds(5)) }
            try await Task.sleep(for: .milliseconds(200))  // let the last notifications land
            clock.advance(by: .seconds(301))
        }
        return figures
    }

    @Test func aFlappingMemberCostsLessWithSharedHealth() async throws {
        let postgres = try await PostgresServer.shared()
        try await FakeProviderServer.withServer { fake in
            let sharedClock = ManualClock()
            let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: uniqueSchema("load"))
            var shared = Figures()
            try await withReplicas(3, configuration, clock: sharedClock) { replicas in
                shared = try await flap(
                    replicas.map(\.client), stores: replicas.map(\.store), fake: fake, clock: sharedClock)
            }
            fake.clearRequests()
            // The same fleet, each replica with health of its own.
            let aloneClock = ManualClock()
            var alone = Figures()
            let clients = (0..<3).map { _ in
                OpenAIClient(configuration: configuration, health: InMemoryHealthStore(), clock: aloneClock)
            }
            alone = try await flap(clients, stores: [], fake: fake, clock: aloneClock)
            for client in clients { try await client.shutdown() }
            print("shared health load: shared — \(shared); alone — \(alone)")
            #expect(shared.failedCalls == 0)
            #expect(alone.failedCalls == 0)
            #expect(shared.whileDown < alone.whileDown)
        }
    }
}

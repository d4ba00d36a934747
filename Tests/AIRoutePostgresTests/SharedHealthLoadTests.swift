import AIRoute
import AIRoutePostgres
import AIRouteTesting
@_spi(Testing) import AIRouter
import Foundation
import Synchronization
import Testing

extension PostgreSQLSuites {
    /// Three replicas, 1,000 requests, a flapping member: how many requests the member gets while it
    /// is down, with shared health and with each replica on its own (RELIABILITY.md, "Shared health").
    /// Runs with `AIROUTE_LOAD_TESTS=1` (`.ci/run` runs it alone, beside LoadTests).
    @Suite(.enabled(if: postgresTestsEnabled && ProcessInfo.processInfo.environment["AIROUTE_LOAD_TESTS"] == "1"))
    struct SharedHealthLoadTests {
        struct Figures: CustomStringConvertible {
            var whileDown = 0
            var whileUp = 0
            var failedCalls = 0
            var description: String {
                "a got \(whileDown) requests while down, \(whileUp) while up; \(failedCalls) calls failed"
            }
        }

        /// Four phases — down, up, down, up — of 250 calls each over 3 replicas, `concurrency` in
        /// flight; the fleet's clock moves 2 s per call (500 s a phase), so cooldowns (30 s, doubling
        /// to 5 min) end during a phase and half-open probes happen while the member is still down.
        func flap(
            _ clients: [OpenAIClient], stores: [PostgresHealthStore], concurrency: Int, fake: FakeProviderServer,
            clock: ManualClock
        ) async throws -> Figures {
            var figures = Figures()
            for round in 0..<4 {
                let down = round % 2 == 0
                fake.setDefault(model: "a", behavior: down ? .status(503) : .ok())
                let before = fake.requestCount(model: "a")
                // 250 calls per phase, `concurrency` in flight at a time, spread over the replicas.
                let next = CallCounter()
                let failed = await withTaskGroup(of: Int.self) { group in
                    for worker in 0..<concurrency {
                        let client = clients[worker % clients.count]
                        group.addTask {
                            var failed = 0
                            while next.take() < 250 {
                                clock.advance(by: .seconds(2))  // the fleet's time: a call every 2 s
                                let reply = try? await client.chat.completions.create(
                                    model: "pool", messages: [.user("Hi")])
                                if reply == nil { failed += 1 }
                            }
                            return failed
                        }
                    }
                    return await group.reduce(0, +)
                }
                figures.failedCalls += failed
                let sent = fake.requestCount(model: "a") - before
                if down { figures.whileDown += sent } else { figures.whileUp += sent }
                for store in stores { await store.flush(timeout: .seconds(5)) }
                try await Task.sleep(for: .milliseconds(200))  // let the last notifications land
            }
            return figures
        }

        @Test(arguments: [9, 30, 250])
        func aFlappingMemberCostsLessWithSharedHealth(concurrency: Int) async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let sharedClock = ManualClock()
                // The call deadline is on the fleet's clock, which the calls themselves move: 1 h.
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("load"), timeout: "1h")
                var shared = Figures()
                try await withReplicas(3, configuration, clock: sharedClock) { replicas in
                    shared = try await flap(
                        replicas.map(\.client), stores: replicas.map(\.store), concurrency: concurrency, fake: fake,
                        clock: sharedClock)
                }
                fake.clearRequests()
                // The same fleet, each replica with health of its own.
                let aloneClock = ManualClock()
                let clients = (0..<3).map { _ in
                    OpenAIClient(configuration: configuration, health: InMemoryHealthStore(), clock: aloneClock)
                }
                let alone = try await flap(clients, stores: [], concurrency: concurrency, fake: fake, clock: aloneClock)
                for client in clients { try await client.shutdown() }
                print("shared health load, \(concurrency) in flight: shared — \(shared); alone — \(alone)")
                #expect(shared.failedCalls == 0)
                #expect(alone.failedCalls == 0)
                // With a burst (every call of a phase in flight at once) every call has left before
                // the first failure comes back: sharing cannot help there, and must not hurt.
                if concurrency < 250 {
                    #expect(shared.whileDown < alone.whileDown)
                } else {
                    #expect(shared.whileDown <= alone.whileDown + 3)
                }
            }
        }
    }
}

/// Hands out call numbers to the workers of a phase.
final class CallCounter: Sendable {
    private let next = Atomic<Int>(0)
    /// The next call's number.
    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
    /// How many numbers were handed out.
    var current: Int { next.load(ordering: .relaxed) }
}

import AIRoute
import AIRouteTesting
import Foundation
import Synchronization
import Testing

/// 1,000 concurrent requests through one client while the first member of the pool flaps
/// between healthy and failing every 100 ms; the second member is healthy.
///
/// What must hold: every request succeeds; the flapping member's failed requests stay a bounded
/// share — well below what the same load costs with the circuit breaker disabled (its circuit
/// opens after 3 consecutive failures and half-opens after 100–400 ms); the accounting is exact
/// (one extra request on the healthy member per failed attempt, nothing else); and afterwards no
/// connection to the fake server is left open, while descriptors and resident memory return
/// near their baseline. Other suites run in parallel in this process, so the descriptor and
/// memory checks allow slack; the socket count on the server's port is exact.
@Suite(.timeLimit(.minutes(1)))
struct LoadTests {
    static let requests = 1000

    struct Run {
        var succeeded = 0
        var flappy = 0
        var flappyFailures = 0
        var healthy = 0
        var peakInFlight = 0
        var port = 0
        var elapsed = Duration.zero
    }

    final class Counters: Sendable {
        let succeeded = Atomic<Int>(0)
        let inFlight = Atomic<Int>(0)
        let peakInFlight = Atomic<Int>(0)
    }

    static func catalog(failureThreshold: Int) -> FakeCatalog {
        var catalog = FakeCatalog(members: [.init(id: "flappy"), .init(id: "healthy")])
        catalog.settings = RoutingSettings(
            timeout: .seconds(20), firstTokenTimeout: .seconds(5), idleTimeout: .seconds(5), maxAttempts: 4,
            failureThreshold: failureThreshold, cooldown: .milliseconds(100), maxCooldown: .milliseconds(400))
        return catalog
    }

    /// Sends `requests` calls, arriving ~1 ms apart, all through one client; shuts everything down.
    static func run(failureThreshold: Int) async throws -> Run {
        let catalog = catalog(failureThreshold: failureThreshold)
        var run = Run()
        let counters = Counters()
        let start = ContinuousClock.now
        try await FakeProviderServer.withServer { server in
            run.port = server.port
            let slowOK = FakeBehavior.ok().delayingHeaders(by: .milliseconds(50))
            server.setDefault(model: "healthy", behavior: slowOK)
            server.setDefault(model: "flappy", behavior: .status(503))
            let client = OpenAIClient(configuration: catalog.configuration(server))
            let flapping = Task {
                var failing = true
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    failing.toggle()
                    server.setDefault(model: "flappy", behavior: failing ? .status(503) : slowOK)
                }
            }
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<requests {
                    group.addTask {
                        // Arrivals spread over ~1 s, so the circuit has time to act between them.
                        try? await Task.sleep(for: .microseconds(1000 * i))
                        let now = counters.inFlight.add(1, ordering: .relaxed).newValue
                        _ = counters.peakInFlight.max(now, ordering: .relaxed)
                        defer { counters.inFlight.subtract(1, ordering: .relaxed) }
                        do {
                            let reply = try await client.ask("request \(i)")
                            if reply.choices.first?.message.content?.text?.hasPrefix("Hello from") == true {
                                counters.succeeded.add(1, ordering: .relaxed)
                            }
                        } catch {
                            Issue.record("request \(i) failed: \(error)")
                        }
                    }
                }
            }
            flapping.cancel()
            await flapping.value
            try await client.shutdown()
            let flappy = server.requests(model: "flappy")
            run.flappy = flappy.count
            run.flappyFailures = flappy.filter { $0.responseStatus == 503 }.count
            run.healthy = server.requestCount(model: "healthy")
            #expect(flappy.allSatisfy { $0.responseStatus == 503 || $0.responseStatus == 200 })
        }
        run.succeeded = counters.succeeded.load(ordering: .relaxed)
        run.peakInFlight = counters.peakInFlight.load(ordering: .relaxed)
        run.elapsed = ContinuousClock.now - start
        return run
    }

    @Test func thousandConcurrentRequestsWithAFlappingMember() async throws {
        // Warm up the process-wide pieces (AsyncHTTPClient's singleton event loop group, NIO
        // threads) so the baseline includes them.
        try await withClient(Self.catalog(failureThreshold: 3)) { client, _ in _ = try await client.ask() }
        let baselineDescriptors = ProcessMetrics.openDescriptors()
        let baselineResident = ProcessMetrics.residentBytes()

        let breaker = try await Self.run(failureThreshold: 3)
        let noBreaker = try await Self.run(failureThreshold: Int.max)
        for (name, run) in [("breaker", breaker), ("no breaker", noBreaker)] {
            print(
                "LoadTests (\(name)): \(Self.requests) requests in \(run.elapsed), peak in flight \(run.peakInFlight); "
                    + "flappy received \(run.flappy) (\(run.flappyFailures) failed), healthy \(run.healthy)")
            #expect(run.succeeded == Self.requests, "\(name)")
            // Exact accounting: each failed flappy attempt costs one healthy request, nothing else.
            #expect(run.flappy + run.healthy == Self.requests + run.flappyFailures, "\(name)")
            // After both ends shut down, nothing is left on the server's port.
            #expect(ProcessMetrics.openSockets(port: run.port) == 0, "\(name)")
        }
        #expect(breaker.peakInFlight >= 100)
        // Bounded share: the open circuit keeps requests away while flappy fails …
        #expect(
            Double(breaker.flappyFailures) < 0.75 * Double(noBreaker.flappyFailures),
            "failures with the breaker \(breaker.flappyFailures), without \(noBreaker.flappyFailures)")
        #expect(breaker.flappyFailures < Self.requests * 2 / 5)
        // … and the circuit closes again when it recovers.
        #expect(breaker.flappy - breaker.flappyFailures > 0, "flappy never served: its circuit never closed again")

        let descriptors = ProcessMetrics.openDescriptors()
        let resident = ProcessMetrics.residentBytes()
        print(
            "LoadTests: descriptors \(baselineDescriptors) → \(descriptors); "
                + "resident \(baselineResident / 1_048_576) MiB → \(resident / 1_048_576) MiB")
        #expect(descriptors <= baselineDescriptors + 64)
        if !runningUnderSanitizer { #expect(resident <= baselineResident + 100 * 1_048_576) }
    }
}

import AIRoute
import AIRouteTesting
import Foundation
import Synchronization
import Testing

@testable import AIRouteServer

/// Graceful shutdown (docs/server.md, "Limits": `shutdown_grace`) and health kept across a
/// restart (docs/server.md, "Health").
struct GatewayLifecycleTests {
    /// A request in flight when shutdown begins still completes; a new one is not served: its
    /// connection is refused or closed, or it is answered 503 `overloaded` (docs/server.md, "Errors").
    @Test func shutdownDrainsTheRequestsInFlightAndServesNoNewOne() async throws {
        let slow = FakeBehavior.ok(text: "drained").delayingHeaders(by: .seconds(3))
        try await GatewayRig.with(script: { $0.setDefault(model: "slow-a", behavior: slow) }) { rig in
            let inFlight = try await rig.open(.chat("slow"))
            #expect(try await rig.fake.waitUntil { $0.count == 1 })
            let shutdown = Task { try await rig.gateway.shutdown() }
            #expect(await Self.waitUntil { rig.gateway.core.limiter.isDraining })

            let late = await Self.attempt(.chat("text-generation"), port: rig.port)
            switch late {
            case .refused, .closedWithoutAnswer: break
            case .answered(let response):
                #expect(
                    response.status == 503 && response.errorCode == "overloaded", "\(response.status) \(response.text)")
                #expect(response.header("retry-after") == "1")
            }
            let answer = try await inFlight.response()
            #expect(answer.status == 200)
            #expect(answer.text.contains("drained"))
            try await shutdown.value
            #expect(rig.fake.requestCount(model: "chat-a") == 0)
            #expect(await Self.attempt(.get("/healthz"), port: rig.port) == .refused)
        }
    }

    /// A request that reaches the responder while the gateway drains (on a connection that was
    /// not yet closed) is answered 503 `overloaded` with `Retry-After: 1`; probes still answer.
    @Test func aDrainingGatewayRefusesModelRequestsWith503() async throws {
        try await GatewayRig.with { rig in
            rig.gateway.core.limiter.startDraining()
            let refused = try await rig.send(.chat("text-generation"))
            #expect(refused.status == 503)
            #expect(refused.errorCode == "overloaded")
            #expect(refused.header("retry-after") == "1")
            #expect(refused.text.contains("shutting down"))
            #expect(try await rig.send(.get("/healthz")).status == 200)
            #expect(rig.fake.requestCount == 0)
        }
    }

    /// A streamed response's slot is given back once: when released, or when dropped unreleased
    /// (its body never ran), which also abandons the upstream stream.
    @Test func aStreamSlotIsGivenBackExactlyOnce() {
        let limiter = AdmissionLimiter(limit: 1)
        let abandoned = Mutex(0)
        #expect(limiter.acquire() == nil)
        var slot: AdmissionSlot? = AdmissionSlot(limiter: limiter) { abandoned.withLock { $0 += 1 } }
        #expect(limiter.acquire() == .overloaded)
        slot = nil
        #expect(limiter.current == 0 && abandoned.withLock { $0 } == 1)

        #expect(limiter.acquire() == nil)
        slot = AdmissionSlot(limiter: limiter) { abandoned.withLock { $0 += 1 } }
        slot?.release()
        slot?.release()
        slot = nil
        #expect(limiter.current == 0 && abandoned.withLock { $0 } == 1)
    }

    /// What became of a request sent to a gateway that may be going away.
    enum Attempt: Equatable {
        case refused
        case closedWithoutAnswer
        case answered(WireResponse)

        static func == (lhs: Attempt, rhs: Attempt) -> Bool {
            switch (lhs, rhs) {
            case (.refused, .refused), (.closedWithoutAnswer, .closedWithoutAnswer): true
            case (.answered(let left), .answered(let right)): left.status == right.status && left.body == right.body
            default: false
            }
        }
    }

    static func attempt(_ request: WireRequest, port: Int) async -> Attempt {
        guard let connection = try? await WireConnection.open(port: port) else { return .refused }
        var outcome = Attempt.closedWithoutAnswer
        if (try? await connection.send(request: request)) != nil, let response = await connection.responseIfAny() {
            outcome = .answered(response)
        }
        await connection.close()
        return outcome
    }

    static func waitUntil(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + TestMachine.allowing(.seconds(10))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    /// Past `shutdown_grace`, an open stream ends with OpenAI's in-band error event and no
    /// `[DONE]`, a whole answer still waiting is cancelled with a 503, and the upstream requests
    /// are closed.
    @Test func streamsStillOpenAfterTheGraceEndWithAnErrorEvent() async throws {
        try await GatewayRig.with(server: ["shutdown_grace: 1s"]) { rig in
            rig.fake.script(model: "slow-a", [.stall(afterChunks: 2), .hang])
            let stream = try await rig.open(.chat("slow", stream: true))
            #expect(
                await stream.waitUntil(within: .seconds(30)) {
                    $0.text.components(separatedBy: "\"content\"").count > 2
                })
            let whole = try await rig.open(.chat("slow"))
            #expect(try await rig.fake.waitUntil { $0.count == 2 })

            try await rig.gateway.shutdown()
            #expect(await stream.waitForClose(within: .seconds(30)))
            let text = stream.received.text
            #expect(text.contains("data: {\"error\""), "\(text.suffix(400))")
            #expect(!text.contains("[DONE]"))
            let body = WireResponse.parse(stream.received.bytes, closed: true)?.text ?? ""
            let event =
                body.components(separatedBy: "\n\n").last { $0.hasPrefix("data: {\"error\"") }?.dropFirst(6) ?? ""
            let error = (try? JSONSerialization.jsonObject(with: Data(event.utf8))) as? [String: [String: Any]]
            #expect(error?["error"]?["message"] is String)
            #expect(error?["error"]?["code"] as? String == "shutting_down")
            // The whole answer still waiting is cancelled and told why (503 `overloaded`: shutting down).
            let cancelled = try await whole.response()
            #expect(cancelled.status == 503 && cancelled.errorCode == "overloaded", "\(cancelled.text)")
            #expect(await whole.waitForClose(within: .seconds(30)))
            #expect(
                try await rig.fake.waitUntil(timeout: TestMachine.allowing(.seconds(5))) {
                    $0.allSatisfy(\.closedByClient)
                })
            await stream.close()
            await whole.close()
        }
    }

    // MARK: Health across a restart

    /// A member whose circuit opened is in the health file after shutdown, and a new gateway
    /// over the same file starts with it open: `/readyz` is 503 naming the pool and the member.
    @Test func anOpenCircuitSurvivesARestart() async throws {
        let directory = NSTemporaryDirectory() + "airoute-gateway-health-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/health.json"
        let fake = FakeProviderServer()
        try await fake.start()
        fake.setDefault(model: "solo-a", behavior: .status(500))
        let yaml = GatewayRig.yaml(
            fake: fake, server: ["health_file: \(path)"],
            defaults: ["failure_threshold: 1", "cooldown: 10m", "max_cooldown: 1h"])
        do {
            let first = try await GatewayRig.start(
                fake: fake, yaml: yaml, environment: GatewayRig.environment, health: nil)
            #expect(try await first.send(.chat("solo")).status >= 500)
            #expect(try await first.send(.get("/readyz")).status == 503)
            let attempts = fake.requestCount(model: "solo-a")
            let id = first.healthID("solo-a")
            try await first.gateway.shutdown()

            let stored = FileHealthStore(path: path).snapshot()[id]
            #expect(stored?.state(at: SystemClock().now()) == .open, "\(String(describing: stored))")

            let second = try await GatewayRig.start(
                fake: fake, yaml: yaml, environment: GatewayRig.environment, health: nil)
            let ready = try await second.send(.get("/readyz"))
            #expect(ready.status == 503)
            let down = ready.json?["down"] as? [String: String]
            #expect(down?["solo"]?.contains("solo-a") == true, "\(ready.text)")
            // The member is skipped while it cools down: the provider is not asked again.
            let cooling = try await second.send(.chat("solo"))
            #expect(cooling.status == 503 && cooling.errorCode == "all_members_unavailable", "\(cooling.text)")
            #expect(Int(cooling.header("retry-after") ?? "") ?? 0 > 60)
            #expect(fake.requestCount(model: "solo-a") == attempts)
            try await second.stop()
        } catch {
            try? await fake.shutdown()
            throw error
        }
    }
}

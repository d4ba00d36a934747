import AIRoute
import AIRouteServer
import AIRouteTesting
import Foundation
import Testing

/// `/readyz` (docs/server.md, "Endpoints"): 200 while every checked pool has an available member,
/// 503 naming the pools that have none. Circuits are opened by real upstream failures; time is
/// moved on through the health store, never waited for.
struct GatewayReadinessTests {
    static let defaults = ["failure_threshold: 2", "cooldown: 10m", "max_cooldown: 1h"]

    /// `/readyz`'s status and the pools it names as down.
    static func readiness(_ rig: GatewayRig) async throws -> (status: Int, down: [String: String]) {
        let response = try await rig.send(.get("/readyz"))
        return (response.status, response.json?["down"] as? [String: String] ?? [:])
    }

    /// Sends `request` until `model`'s circuit is open (at most `limit` requests).
    static func failUntilOpen(_ rig: GatewayRig, _ request: WireRequest, model: String, limit: Int = 6) async throws {
        let health = rig.gateway.client.router.health
        for _ in 0..<limit where health.health(of: rig.healthID(model)).openUntil == nil {
            _ = try await rig.send(request)
        }
        #expect(health.health(of: rig.healthID(model)).openUntil != nil, "\(model) never opened")
        #expect(rig.fake.requestCount(model: model) >= 2, "opened before failure_threshold")
    }

    @Test func readyzFlipsWhenAPoolsLastMemberOpensAndBackWhenItRecovers() async throws {
        try await GatewayRig.with(defaults: Self.defaults) { rig in
            rig.fake.setDefault(model: "chat-a", behavior: .status(500))
            rig.fake.setDefault(model: "chat-b", behavior: .status(500))
            let initial = try await Self.readiness(rig)
            #expect(initial.status == 200 && initial.down.isEmpty)

            // One member of two open: still ready.
            rig.fake.setDefault(model: "chat-b", behavior: .ok())
            try await Self.failUntilOpen(rig, .chat("text-generation"), model: "chat-a")
            #expect(try await Self.readiness(rig).status == 200)

            // The last one open too: 503 naming the pool and why.
            rig.fake.setDefault(model: "chat-b", behavior: .status(500))
            try await Self.failUntilOpen(rig, .chat("text-generation"), model: "chat-b")
            let down = try await Self.readiness(rig)
            #expect(down.status == 503)
            #expect(down.down.keys.sorted() == ["text-generation"])
            let reason = down.down["text-generation"] ?? ""
            #expect(
                reason.contains("chat-a") && reason.contains("chat-b") && reason.contains("cooling down"), "\(reason)")

            // Cooldown over (moved into the past): a probe may go, so the pool is ready again.
            let health = rig.gateway.client.router.health
            let past = rig.gateway.client.router.clock.now() + .seconds(-1)
            health.update(rig.healthID("chat-b")) { $0.openUntil = past }
            #expect(try await Self.readiness(rig).status == 200)

            // And after a reset.
            health.update(rig.healthID("chat-b")) { $0.openUntil = past + .seconds(3600) }
            #expect(try await Self.readiness(rig).status == 503)
            health.reset([rig.healthID("chat-a")])
            let reset = try await Self.readiness(rig)
            #expect(reset.status == 200 && reset.down.isEmpty)
        }
    }

    /// Only the pools in `ready_pools` are checked.
    @Test func readyPoolsLimitsWhatIsChecked() async throws {
        try await GatewayRig.with(server: ["ready_pools: [text-generation]"], defaults: Self.defaults) { rig in
            rig.fake.setDefault(model: "solo-a", behavior: .status(500))
            try await Self.failUntilOpen(rig, .chat("solo"), model: "solo-a")
            #expect(try await Self.readiness(rig).status == 200)
        }
        try await GatewayRig.with(defaults: Self.defaults) { rig in
            rig.fake.setDefault(model: "solo-a", behavior: .status(500))
            try await Self.failUntilOpen(rig, .chat("solo"), model: "solo-a")
            let down = try await Self.readiness(rig)
            #expect(down.status == 503 && down.down.keys.sorted() == ["solo"])
        }
    }
}

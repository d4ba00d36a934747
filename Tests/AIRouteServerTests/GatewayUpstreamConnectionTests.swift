import AIRouteTesting
import Testing

/// The gateway holds as many requests open to one provider as its own admission limit allows:
/// the HTTP client's per-host connection pool must never be the smaller bound (it was 64, and
/// every stream past the 64th held through the gateway failed after connect_timeout).
@Suite struct GatewayUpstreamConnectionTests {
    @Test func aHundredHangingRequestsAllReachOneProvider() async throws {
        try await GatewayRig.with(script: { $0.setDefault(model: "slow-a", behavior: .hang) }) { rig in
            var connections: [WireConnection] = []
            for _ in 0..<100 { connections.append(try await rig.open(.chat("slow"))) }
            let arrived = try await rig.fake.waitUntil(timeout: .seconds(60)) { $0.count >= 100 }
            for connection in connections { await connection.close() }
            #expect(arrived, "only \(rig.fake.requestCount) of 100 requests reached the provider")
        }
    }
}

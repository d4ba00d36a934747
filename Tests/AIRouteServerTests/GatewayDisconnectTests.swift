import AIRoute
import AIRouteServer
import AIRouteTesting
import Foundation
import Testing

/// A client that goes away cancels the upstream request at once (docs/server.md, "Streams":
/// tokens are money). The fake provider records when the gateway
/// closed its upstream connection; the bound allows a loaded machine, and the measured delay is
/// in the failure message.
struct GatewayDisconnectTests {
    /// Opens `request`, waits until the fake holds it (and, when given, until `ready` holds for
    /// what the client received), closes the client, and expects the upstream request cancelled.
    static func expectCancelledOnDisconnect(
        _ rig: GatewayRig, _ request: WireRequest, ready: ((WireConnection.Received) -> Bool)? = nil
    ) async throws {
        let connection = try await rig.open(request)
        #expect(try await rig.fake.waitUntil { $0.contains { $0.model == "slow-a" } })
        if let ready { #expect(await connection.waitUntil(within: .seconds(30), ready)) }
        let closed = ContinuousClock.now
        await connection.close()
        let cancelled = try await rig.fake.waitUntil(timeout: TestMachine.allowing(.seconds(3))) {
            $0.contains { $0.model == "slow-a" && $0.closedByClient }
        }
        let upstream = rig.fake.requests(model: "slow-a").first
        let delay = upstream?.closedAt.map { $0 - closed }
        #expect(cancelled, "the upstream request was not cancelled: \(upstream.map { "\($0)" } ?? "none")")
        if let delay { #expect(delay < TestMachine.allowing(.seconds(3)), "cancelled after \(delay)") }
        #expect(try await rig.waitForInFlight(0))
    }

    @Test func aClientThatLeavesDuringAWholeAnswerCancelsTheUpstreamRequest() async throws {
        try await GatewayRig.with(script: { $0.setDefault(model: "slow-a", behavior: .hang) }) { rig in
            try await Self.expectCancelledOnDisconnect(rig, .chat("slow"))
        }
    }

    @Test func aClientThatLeavesBeforeTheFirstChunkCancelsTheUpstreamStream() async throws {
        try await GatewayRig.with(script: { $0.setDefault(model: "slow-a", behavior: .stall(afterChunks: 0)) }) { rig in
            try await Self.expectCancelledOnDisconnect(rig, .chat("slow", stream: true))
        }
    }

    @Test func aClientThatLeavesAStalledStreamCancelsTheUpstreamStream() async throws {
        try await GatewayRig.with(script: { $0.setDefault(model: "slow-a", behavior: .stall(afterChunks: 2)) }) { rig in
            try await Self.expectCancelledOnDisconnect(rig, .chat("slow", stream: true)) { received in
                received.text.components(separatedBy: "\"content\"").count > 2
            }
        }
    }

    /// A stream still flowing (one chunk every 100 ms, 30 s in all) is cut off upstream too,
    /// long before its end, and the access log says the client left.
    @Test func aClientThatLeavesAFlowingStreamCancelsTheUpstreamStream() async throws {
        let paced = FakeBehavior.ok(chunks: 300).delayingChunks(by: .milliseconds(100))
        try await GatewayRig.with(script: { $0.setDefault(model: "slow-a", behavior: paced) }) { rig in
            try await Self.expectCancelledOnDisconnect(rig, .chat("slow", stream: true)) { received in
                received.text.components(separatedBy: "\"content\"").count > 3
            }
            let line = rig.log.all.first { $0.contains("pool=slow") } ?? ""
            #expect(line.contains("stream=client_gone") || line.contains("stream=cancelled"), "\(line)")
        }
    }
}

import AIRoute
import AIRouteTesting
import Foundation
import Testing

@testable import AIRouteServer

/// Client keys (docs/server.md, "Security"): configured through `${VAR}`, required on every model
/// request, limited to pools where configured, never shown anywhere.
struct GatewayAuthTests {
    static let allKey = "sk-client-all-5d1f0a9b2c"
    static let soloKey = "sk-client-solo-83e6a4c1f7"
    static let environment = ["RIG_KEY_ALL": allKey, "RIG_KEY_SOLO": soloKey]
    static let server = [
        "keys:",
        #"  - {key: "${RIG_KEY_ALL}", name: all-pools}"#,
        #"  - {key: "${RIG_KEY_SOLO}", name: solo-only, pools: [solo]}"#,
    ]

    static func withKeys<T>(_ body: (GatewayRig) async throws -> T) async throws -> T {
        try await GatewayRig.with(server: server, environment: environment, body)
    }

    @Test func noKeyIs401InvalidAPIKeyAndNeverReachesTheProvider() async throws {
        try await Self.withKeys { rig in
            for request in [WireRequest.chat("text-generation"), .get("/v1/models"), .get("/v1/nowhere")] {
                let response = try await rig.send(request)
                #expect(response.status == 401, "\(request.path)")
                #expect(response.errorCode == "invalid_api_key")
                #expect(response.errorType == "invalid_request_error")
            }
            #expect(rig.fake.requestCount == 0)
        }
    }

    /// Near misses of a real key: same length, shorter, longer, a prefix, empty, no scheme.
    static let wrongAuthorizations: [String] = [
        "Bearer " + String(allKey.dropLast()) + "X",
        "Bearer " + String(allKey.dropLast()),
        "Bearer " + allKey + "0",
        "Bearer sk",
        "Bearer ",
        allKey,
        "Basic " + allKey,
    ]

    @Test(arguments: wrongAuthorizations)
    func aWrongKeyIs401(authorization: String) async throws {
        try await Self.withKeys { rig in
            let response = try await rig.send(.chat("text-generation", headers: [("Authorization", authorization)]))
            #expect(response.status == 401)
            #expect(response.errorCode == "invalid_api_key")
            #expect(rig.fake.requestCount == 0)
        }
    }

    @Test func bearerAnyCaseAndTheAzureHeaderAreAccepted() async throws {
        try await Self.withKeys { rig in
            let headers = [
                [("Authorization", "Bearer \(Self.allKey)")], [("Authorization", "bearer \(Self.allKey)")],
                [("api-key", Self.allKey)],
            ]
            for header in headers {
                let response = try await rig.send(.chat("text-generation", headers: header))
                #expect(response.status == 200, "\(header[0].0): \(response.text)")
            }
        }
    }

    @Test func aKeyLimitedToOtherPoolsIs403AndSeesOnlyItsPools() async throws {
        try await Self.withKeys { rig in
            let refused = try await rig.send(.chat("text-generation").bearer(Self.soloKey))
            #expect(refused.status == 403)
            #expect(refused.errorCode == "pool_not_allowed")
            #expect(refused.errorType == "permission_error")
            #expect(rig.fake.requestCount == 0)
            // A member's model id is another name the key was not given.
            #expect(try await rig.send(.chat("solo-a").bearer(Self.soloKey)).status == 403)
            #expect(try await rig.send(.chat("solo").bearer(Self.soloKey)).status == 200)

            let limited = try await rig.send(WireRequest.get("/v1/models").bearer(Self.soloKey))
            #expect(Self.modelIDs(limited) == ["solo"])
            let everything = try await rig.send(WireRequest.get("/v1/models").bearer(Self.allKey))
            #expect(Self.modelIDs(everything).starts(with: ["text-generation", "solo", "slow"]))
            #expect(Self.modelIDs(everything).contains("chat-a"))
        }
    }

    @Test func probesAndMetricsNeedNoKey() async throws {
        try await Self.withKeys { rig in
            for path in ["/healthz", "/readyz", "/metrics"] {
                let response = try await rig.send(.get(path))
                #expect(response.status == 200, "\(path)")
            }
        }
    }

    /// Every answer, header, access-log line and metric after a mix of requests: no client key
    /// (nor the near miss a client sent), no provider key; upstream gets its own key only.
    @Test func keysNeverAppearInAnswersLogsOrMetrics() async throws {
        let nearMiss = String(Self.allKey.dropLast()) + "X"
        try await Self.withKeys { rig in
            var seen: [WireResponse] = []
            let requests: [WireRequest] = [
                .chat("text-generation").bearer(Self.allKey),
                .chat("text-generation", stream: true).bearer(Self.allKey),
                .chat("text-generation").bearer(nearMiss), .chat("text-generation").bearer(Self.soloKey),
                .chat("no-such-pool").bearer(Self.allKey), .chat("text-generation"),
                WireRequest.get("/v1/models").bearer(Self.soloKey),
            ]
            for request in requests { seen.append(try await rig.send(request)) }
            seen.append(try await rig.send(.get("/metrics")))
            seen.append(try await rig.send(.get("/readyz")))
            let answers = seen.map { response in
                response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n" + response.text
            }
            let everything = answers.joined(separator: "\n") + "\n" + rig.log.text
            for secret in [Self.allKey, Self.soloKey, nearMiss, GatewayRig.upstreamKey, "5d1f0a9b2c", "83e6a4c1f7"] {
                #expect(!everything.contains(secret), "\(secret) leaked")
            }
            // The access log names the caller by its label.
            #expect(rig.log.text.contains("caller=all-pools"))
            #expect(rig.log.text.contains("caller=solo-only"))
            // The provider sees its own key, never a client's.
            let upstream = rig.fake.requests
            #expect(!upstream.isEmpty)
            for request in upstream {
                #expect(request.header("authorization") == "Bearer \(GatewayRig.upstreamKey)")
                let headers = request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                #expect(!headers.contains(Self.allKey) && !request.bodyText.contains(Self.allKey))
            }
        }
    }

    static func modelIDs(_ response: WireResponse) -> [String] {
        ((response.json?["data"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }
}

/// ``ClientAuthenticator/constantTimeEquals(_:_:)``: equality over the longer length, whatever
/// differs where.
struct ConstantTimeEqualsTests {
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        ClientAuthenticator.constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
    }

    @Test func equalBytesAreEqual() {
        #expect(Self.equal("sk-abc", "sk-abc"))
        #expect(Self.equal("", ""))
    }

    @Test func anyDifferenceIsUnequal() {
        #expect(!Self.equal("sk-abc", "sk-abd"))
        #expect(!Self.equal("xk-abc", "sk-abc"))
        #expect(!Self.equal("sk-abc", "sk-ab"))
        #expect(!Self.equal("sk-ab", "sk-abc"))
        #expect(!Self.equal("", "s"))
        #expect(!Self.equal("s", ""))
    }

    /// Lengths that differ by a multiple of 256, with the longer one's tail all zero bytes (what
    /// the shorter is padded with): only the length check can tell them apart.
    @Test func lengthsThatDifferBy256AreUnequal() {
        #expect(!ClientAuthenticator.constantTimeEquals([], [UInt8](repeating: 0, count: 256)))
        #expect(!ClientAuthenticator.constantTimeEquals([7], [7] + [UInt8](repeating: 0, count: 512)))
    }
}

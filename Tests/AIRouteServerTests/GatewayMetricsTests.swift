import AIRoute
import AIRouteServer
import AIRouteTesting
import Foundation
import Testing

/// `/metrics` (docs/server.md, "Metrics"): every documented series after real traffic, labelled
/// by configured names only.
struct GatewayMetricsTests {
    /// The value of the series `name` whose labels include every pair in `labels`.
    static func value(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let series = line.prefix { $0 != " " }
            guard labels.allSatisfy({ series.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    @Test func aFailoverIsCountedInEverySeries() async throws {
        try await GatewayRig.with(defaults: ["failure_threshold: 1", "cooldown: 10m", "max_cooldown: 1h"]) { rig in
            rig.fake.script(model: "chat-a", [.status(500)])
            let answer = try await rig.send(.chat("text-generation"))
            #expect(answer.status == 200)
            #expect(answer.header("x-airoute-attempts") == "2")
            let streamed = try await rig.send(.chat("text-generation", stream: true))
            #expect(streamed.text.contains("[DONE]"))

            let text = try await rig.metrics()
            let pool = "text-generation"
            #expect(
                Self.value(text, "airoute_requests_total", ["pool": pool, "member": "chat-b", "status": "200"]) == 2)
            #expect(
                Self.value(text, "airoute_attempts_total", ["pool": pool, "member": "chat-a", "class": "transient"])
                    == 1)
            #expect(Self.value(text, "airoute_attempts_total", ["pool": pool, "member": "chat-b", "class": "ok"]) == 2)
            #expect(Self.value(text, "airoute_failovers_total", ["pool": pool]) == 1)
            #expect(Self.value(text, "airoute_circuit_state", ["member": "chat-a", "state": "open"]) == 1)
            #expect(Self.value(text, "airoute_circuit_state", ["member": "chat-a", "state": "healthy"]) == 0)
            #expect(Self.value(text, "airoute_circuit_state", ["member": "chat-b", "state": "healthy"]) == 1)
            #expect(Self.value(text, "airoute_circuit_state", ["member": "solo-a", "state": "unknown"]) == 1)
            #expect(Self.value(text, "airoute_request_duration_seconds_count", ["pool": pool]) == 2)
            #expect(Self.value(text, "airoute_request_duration_seconds_bucket", ["pool": pool, "le": "+Inf"]) == 2)
            #expect(Self.value(text, "airoute_time_to_first_token_seconds_count", ["pool": pool]) == 1)
            #expect((Self.value(text, "airoute_tokens_total", ["pool": pool, "direction": "in"]) ?? 0) > 0)
            #expect((Self.value(text, "airoute_tokens_total", ["pool": pool, "direction": "out"]) ?? 0) > 0)
            #expect(Self.value(text, "airoute_requests_in_flight") == 0)
            #expect(text.contains("# TYPE airoute_request_duration_seconds histogram"))
            #expect(text.contains("# TYPE airoute_time_to_first_token_seconds histogram"))
        }
    }

    /// A name the client chose is never a label: it is counted as `unknown`, and the text holds
    /// no key, no prompt and no client-chosen name.
    @Test func aClientChosenNameAppearsOnlyAsUnknown() async throws {
        try await GatewayRig.with { rig in
            let invented = "my-invented-model-31337"
            let response = try await rig.send(
                .json(
                    "/v1/chat/completions",
                    #"{"model":"\#(invented)","messages":[{"role":"user","content":"prompt-canary-5521"}]}"#))
            #expect(response.status == 404)
            #expect(response.errorCode == "model_not_found")
            #expect(try await rig.send(.chat("text-generation")).status == 200)
            let text = try await rig.metrics()
            #expect(
                Self.value(text, "airoute_requests_total", ["pool": "unknown", "member": "none", "status": "404"]) == 1)
            for secret in [invented, "31337", "prompt-canary", "Hi", GatewayRig.upstreamKey] {
                #expect(!text.contains(secret), "\(secret) in /metrics")
            }
        }
    }
}

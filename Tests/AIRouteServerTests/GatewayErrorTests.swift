import AIRouteTesting
import Foundation
import Testing

@testable import AIRouteServer

/// Every failure answers OpenAI's error body with the status an SDK expects (docs/server.md, "Errors").
@Suite struct GatewayErrorTests {
    @Test func unknownPoolIs404ModelNotFoundNamingThePools() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let answer = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chatt"))
            try await harness.stop()
            #expect(answer.status == 404)
            #expect(answer.errorCode == "model_not_found")
            #expect(answer.errorType == "invalid_request_error")
            #expect(answer.errorMessage?.contains("did you mean 'chat'") == true)
            #expect(answer.errorMessage?.contains("pools: chat, embeddings") == true)
            #expect((answer.json["error"] as? [String: Any])?["param"] as? String == "model")
        }
    }

    @Test func malformedBodiesAre400() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let url = harness.baseURL + "/v1/chat/completions"
            let broken = try await GatewayHTTP.send(url, body: Data("{\"model\": ".utf8))
            let missing = try await GatewayHTTP.post(url, ["messages": [["role": "user", "content": "x"]]])
            let wrongType = try await GatewayHTTP.send(
                url, body: Data(#"{"model":"chat","messages":[]}"#.utf8), headers: [("Content-Type", "text/plain")])
            let notObject = try await GatewayHTTP.send(url, body: Data("[1,2]".utf8))
            let empty = try await GatewayHTTP.send(url, body: Data())
            let badField = try await GatewayHTTP.post(url, chatBody("chat", extra: ["temperature": "hot"]))
            try await harness.stop()
            #expect(broken.status == 400 && broken.errorCode == "invalid_json")
            #expect(missing.status == 400 && missing.errorCode == "missing_required_parameter")
            #expect((missing.json["error"] as? [String: Any])?["param"] as? String == "model")
            #expect(wrongType.status == 400 && wrongType.errorCode == "unsupported_content_type")
            #expect(notObject.status == 400 && notObject.errorCode == "invalid_json")
            #expect(empty.status == 400 && empty.errorCode == "invalid_json")
            #expect(badField.status == 400 && badField.errorCode == "invalid_type")
            #expect((badField.json["error"] as? [String: Any])?["param"] as? String == "temperature")
            // None of these reached a provider.
            #expect(harness.fake.requestCount == 0)
        }
    }

    @Test func curlsDefaultFormTypeWithAJSONBodyIsAccepted() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let body = try JSONSerialization.data(withJSONObject: chatBody("chat"))
            let answer = try await GatewayHTTP.send(
                harness.baseURL + "/v1/chat/completions", body: body,
                headers: [("Content-Type", "application/x-www-form-urlencoded")])
            try await harness.stop()
            #expect(answer.status == 200)
        }
    }

    @Test func unknownPathIs404InOpenAIShape() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/completions", ["model": "chat", "prompt": "x"])
            let wrongMethod = try await GatewayHTTP.get(harness.baseURL + "/v1/chat/completions")
            try await harness.stop()
            #expect(answer.status == 404 && answer.errorCode == "unknown_url")
            #expect(answer.errorMessage == "Unknown request URL: POST /v1/completions")
            #expect(wrongMethod.status == 404 && wrongMethod.errorCode == "unknown_url")
        }
    }

    @Test func providerRejectionKeepsItsStatusAndMessage() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(
                model: "a",
                [
                    .status(
                        400, type: "invalid_request_error", code: "invalid_value",
                        message: "'temperature' must be at most 2")
                ])
            let answer = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            try await harness.stop()
            #expect(answer.status == 400)
            #expect(answer.errorMessage?.contains("'temperature' must be at most 2") == true)
            #expect(answer.header("x-airoute-member") == nil)
            #expect(answer.header("x-airoute-attempts") == "1")
            #expect(harness.fake.requestCount(model: "b") == 0)  // a rejection does not fail over
        }
    }

    @Test func providerKeysNeverAppearInErrors() async throws {
        try await GatewaySlots.with {
            let key = "sk-live-SECRET-0123456789abcdef"
            let harness = try await GatewayHarness.start(environment: ["FAKE_KEY": key]) { gatewayYAML($0.baseURL) }
            // The provider echoes the key it was sent, as some do in auth errors.
            harness.fake.script(model: "a", [.status(400, message: "bad request for key \(key)")])
            let answer = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            try await harness.stop()
            #expect(answer.status == 400)
            #expect(!answer.text.contains(key))
            #expect(!answer.headers.map(\.value).joined().contains(key))
        }
    }

    /// The routing a client sees names members and providers, never the upstream URLs.
    @Test func upstreamURLsNeverReachClients() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(model: "a", [.status(503)])
            let whole = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            harness.fake.script(model: "a", [.status(503)])
            let stream = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions", chatBody("chat", stream: true))
            let vectors = try await GatewayHTTP.post(
                harness.baseURL + "/v1/embeddings", ["model": "embeddings", "input": "x"])
            try await harness.stop()
            let upstream = "127.0.0.1:\(harness.fake.port)"
            for answer in [whole, stream, vectors] {
                #expect(answer.status == 200)
                #expect(answer.text.contains("\"routing\""))
                #expect(!answer.text.contains(upstream), "\(answer.text)")
                #expect(!answer.text.contains("\"endpoint\""))
            }
        }
    }

    @Test func theCallsDeadlineIs504() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start {
                gatewayYAML($0.baseURL).replacingOccurrences(of: "  timeout: 30s", with: "  timeout: 1s")
            }
            harness.fake.setDefault(model: "a", behavior: .hang)
            harness.fake.setDefault(model: "b", behavior: .hang)
            let answer = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            try await harness.stop()
            #expect(answer.status == 504, "\(answer.text)")
            #expect(answer.errorType == "timeout_error")
            #expect(answer.errorCode == "deadline_exceeded")
        }
    }

    @Test func brokenUploadsAre400() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let url = harness.baseURL + "/v1/audio/transcriptions"
            let asJSON = try await GatewayHTTP.post(url, ["model": "transcription", "file": "a.wav"])
            let multipart = [("Content-Type", "multipart/form-data; boundary=b")]
            let unterminated = try await GatewayHTTP.send(
                url, body: Data("--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ntranscription".utf8),
                headers: multipart)
            let noFile = try await GatewayHTTP.send(
                url,
                body: Data(
                    "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ntranscription\r\n--b--\r\n".utf8),
                headers: multipart)
            try await harness.stop()
            #expect(asJSON.status == 400 && asJSON.errorCode == "unsupported_content_type")
            #expect(unterminated.status == 400 && unterminated.errorCode == "invalid_multipart")
            #expect(noFile.status == 400 && noFile.errorCode == "missing_required_parameter")
            #expect((noFile.json["error"] as? [String: Any])?["param"] as? String == "file")
            #expect(harness.fake.requestCount == 0)
        }
    }

    @Test func aClientChosenNameCannotForgeALogLine() {
        #expect(GatewayCore.loggable("chat\nrequest status=200 forged") == "chat?request status=200 forged")
        #expect(GatewayCore.loggable(String(repeating: "x", count: 500)).count == 100)
        #expect(GatewayCore.loggable("text-generation") == "text-generation")
    }

    @Test func everyMemberRateLimitedIs429WithRetryAfter() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(model: "a", [.rateLimited(retryAfter: "7")])
            harness.fake.script(model: "b", [.rateLimited(retryAfter: "12")])
            let first = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            // Both members are now cooling down: the router answers without calling them.
            let second = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            try await harness.stop()
            #expect(first.status == 429)
            #expect(first.errorType == "rate_limit_error")
            #expect(Int(first.header("retry-after") ?? "") ?? 0 >= 6)
            #expect(first.header("x-should-retry") == nil)
            #expect(second.status == 429)
            #expect(second.errorCode == "all_members_unavailable")
            let wait = Int(second.header("retry-after") ?? "") ?? 0
            #expect(wait >= 1 && wait <= 8)
            #expect(harness.fake.requestCount == 2)
        }
    }

    @Test func everyMemberFailingIs502NamingEachAttempt() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(model: "a", [.status(503)])
            harness.fake.script(model: "b", [.status(500)])
            let answer = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            let cooling = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            try await harness.stop()
            #expect(answer.status == 502)
            #expect(answer.errorMessage?.contains("a (up): transient 503") == true)
            #expect(answer.errorMessage?.contains("b (up): transient 500") == true)
            #expect(answer.header("x-airoute-attempts") == "2")
            #expect(answer.header("x-should-retry") == "false")
            // Both opened their circuits (failure_threshold 1, cooldown 30 s): 503 with the wait.
            #expect(cooling.status == 503)
            #expect(cooling.errorCode == "all_members_unavailable")
            let wait = Int(cooling.header("retry-after") ?? "") ?? 0
            #expect(wait >= 25 && wait <= 30)
        }
    }

    @Test func longCooldownsTellTheSDKNotToRetry() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start {
                gatewayYAML($0.baseURL, defaults: "  max_cooldown: 2h\n  auth_cooldown: 1h")
            }
            harness.fake.script(model: "a", [.status(401)])
            harness.fake.script(model: "b", [.status(401)])
            _ = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            let cooling = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat"))
            try await harness.stop()
            #expect(cooling.status == 503)
            #expect(Int(cooling.header("retry-after") ?? "") ?? 0 > 3000)
            #expect(cooling.header("x-should-retry") == "false")
        }
    }

    @Test func missingCapabilityAndWrongOperationAre400() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let vision = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions",
                [
                    "model": "chat",
                    "messages": [
                        [
                            "role": "user",
                            "content": [
                                ["type": "text", "text": "what is it"],
                                ["type": "image_url", "image_url": ["url": "https://example.com/a.png"]],
                            ],
                        ]
                    ],
                ])
            let wrongOperation = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions", chatBody("embeddings"))
            try await harness.stop()
            #expect(vision.status == 400 && vision.errorCode == "no_capable_member")
            #expect(wrongOperation.status == 400 && wrongOperation.errorCode == "wrong_operation")
            #expect(harness.fake.requestCount == 0)
        }
    }
}

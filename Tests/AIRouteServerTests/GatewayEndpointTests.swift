import AIRouteTesting
import Foundation
import Testing

/// The endpoints answer in OpenAI's shapes and carry the routing (docs/server.md, "Endpoints").
@Suite struct GatewayEndpointTests {
    @Test func chatAnswersWithRoutingHeadersAndBody() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(model: "a", [.status(503)])
            let answer = try await GatewayHTTP.post(harness.baseURL + "/v1/chat/completions", chatBody("chat", "Hello"))
            try await harness.stop()
            #expect(answer.status == 200)
            #expect(answer.header("x-airoute-pool") == "chat")
            #expect(answer.header("x-airoute-member") == "b")
            #expect(answer.header("x-airoute-provider") == "up")
            #expect(answer.header("x-airoute-attempts") == "2")
            #expect(answer.header("x-request-id")?.hasPrefix("req_") == true)
            let message = ((answer.json["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])
            #expect(message?["content"] as? String == "Hello from b")
            #expect((answer.json["routing"] as? [String: Any])?["member"] as? String == "b")
        }
    }

    @Test func pathsAnswerWithoutTheV1Prefix() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let answer = try await GatewayHTTP.post(harness.baseURL + "/chat/completions", chatBody("chat"))
            try await harness.stop()
            #expect(answer.status == 200)
        }
    }

    @Test func everyParameterPassesThroughToTheProvider() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let extra: [String: Any] = [
                "temperature": 0.25, "reasoning_effort": "low", "metadata": ["team": "x"], "logprobs": true,
                "top_logprobs": 2,
            ]
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions", chatBody("chat", extra: extra))
            let sent = harness.fake.requests(model: "a").first.flatMap { Self.object($0.bodyText) } ?? [:]
            try await harness.stop()
            #expect(answer.status == 200)
            #expect(sent["reasoning_effort"] as? String == "low")
            #expect((sent["metadata"] as? [String: Any])?["team"] as? String == "x")
            #expect(sent["top_logprobs"] as? Int == 2)
            #expect(sent["temperature"] as? Double == 0.25)
        }
    }

    @Test func streamRelaysChunksThenDone() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(model: "a", [.ok(text: "one two three four", chunks: 4)])
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions", chatBody("chat", stream: true))
            try await harness.stop()
            #expect(answer.status == 200)
            #expect(answer.header("content-type")?.hasPrefix("text/event-stream") == true)
            #expect(answer.header("x-airoute-member") == "a")
            let events = answer.events
            #expect(events.last == "[DONE]")
            let text = events.dropLast().compactMap { Self.deltaText($0) }.joined()
            #expect(text == "one two three four")
            // Usage was not asked for: no chunk carries it.
            #expect(!events.contains { $0.contains("\"usage\":{") })
        }
    }

    @Test func streamSendsUsageOnlyWhenAskedFor() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions",
                chatBody("chat", stream: true, extra: ["stream_options": ["include_usage": true]]))
            try await harness.stop()
            let events = answer.events
            #expect(events.last == "[DONE]")
            let usage = events.dropLast().last.flatMap(Self.object)
            #expect((usage?["choices"] as? [Any])?.isEmpty == true)
            #expect((usage?["usage"] as? [String: Any])?["total_tokens"] != nil)
        }
    }

    @Test func streamFailsOverInvisiblyBeforeTheFirstToken() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(model: "a", [.cut(afterChunks: 0)])
            harness.fake.script(model: "b", [.ok(text: "from b", chunks: 2)])
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions", chatBody("chat", stream: true))
            try await harness.stop()
            #expect(answer.status == 200)
            #expect(answer.header("x-airoute-member") == "b")
            #expect(answer.header("x-airoute-attempts") == "2")
            #expect(answer.events.dropLast().compactMap { Self.deltaText($0) }.joined() == "from b")
            #expect(answer.events.last == "[DONE]")
            #expect(!answer.text.contains("\"error\""))
        }
    }

    @Test func streamBrokenAfterTheFirstTokenEndsWithAnErrorEventAndNoDone() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            harness.fake.script(model: "a", [FakeBehavior.cut(afterChunks: 2).withText("abcdef").withChunks(6)])
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/chat/completions", chatBody("chat", stream: true))
            try await harness.stop()
            #expect(answer.status == 200)
            let events = answer.events
            #expect(!events.contains("[DONE]"))
            let last = events.last.flatMap(Self.object)
            let error = last?["error"] as? [String: Any]
            #expect(error?["message"] as? String != nil)
            #expect(error?["code"] as? String == "stream_interrupted")
            #expect(events.dropLast().compactMap { Self.deltaText($0) }.joined() == "ab")
        }
    }

    @Test func embeddingsAsFloatsAndAsBase64() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let url = harness.baseURL + "/v1/embeddings"
            let floats = try await GatewayHTTP.post(url, ["model": "embeddings", "input": ["a", "b"]])
            let base64 = try await GatewayHTTP.post(
                url, ["model": "embeddings", "input": ["a", "b"], "encoding_format": "base64"])
            try await harness.stop()
            let floatData = floats.json["data"] as? [[String: Any]] ?? []
            let base64Data = base64.json["data"] as? [[String: Any]] ?? []
            #expect(floatData.count == 2 && base64Data.count == 2)
            let vector = (floatData.first?["embedding"] as? [Double]) ?? []
            let encoded = base64Data.first?["embedding"] as? String ?? ""
            let decoded = Data(base64Encoded: encoded).map { data in
                data.withUnsafeBytes { raw in
                    (0..<data.count / 4).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
                }
            }
            #expect(vector.count == 8)
            #expect(decoded == vector.map { Float($0) })
        }
    }

    @Test func speechAnswersTheAudioWithItsContentType() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/audio/speech",
                ["model": "speech", "input": "Hello", "voice": "alloy", "response_format": "wav"])
            try await harness.stop()
            #expect(answer.status == 200)
            #expect(answer.header("content-type") == "audio/wav")
            #expect(answer.body.prefix(4) == Data("RIFF".utf8))
            #expect(answer.header("x-airoute-member") == "tts")
        }
    }

    @Test(arguments: ["json", "text", "srt", "vtt", "verbose_json"])
    func transcriptionUploadInEveryFormat(format: String) async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let boundary = "----airoute-test-\(format)"
            let audio = Data("RIFF".utf8) + Data(repeating: 0, count: 40) + Data(repeating: 7, count: 800)
            var body = Data()
            func field(_ name: String, _ value: String) {
                body.append(
                    Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
            }
            field("model", "transcription")
            field("response_format", format)
            body.append(
                Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
                        .utf8))
            body.append(audio)
            body.append(Data("\r\n--\(boundary)--\r\n".utf8))
            let answer = try await GatewayHTTP.send(
                harness.baseURL + "/v1/audio/transcriptions", body: body,
                headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
            let uploaded = harness.fake.requests.last
            try await harness.stop()
            #expect(answer.status == 200, "\(answer.text)")
            #expect(uploaded?.body.count ?? 0 > audio.count)
            switch format {
            case "json", "verbose_json":
                #expect(answer.header("content-type") == "application/json")
                #expect((answer.json["text"] as? String)?.isEmpty == false)
            default:
                #expect(answer.header("content-type")?.hasPrefix("text/") == true)
                #expect(!answer.text.isEmpty && !answer.text.hasPrefix("{"))
            }
        }
    }

    @Test func imageGeneration() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let answer = try await GatewayHTTP.post(
                harness.baseURL + "/v1/images/generations", ["model": "images", "prompt": "a fox", "size": "256x256"])
            try await harness.stop()
            #expect(answer.status == 200, "\(answer.text)")
            #expect((answer.json["data"] as? [[String: Any]])?.isEmpty == false)
        }
    }

    @Test func modelsListsPoolsThenModels() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let answer = try await GatewayHTTP.get(harness.baseURL + "/v1/models")
            try await harness.stop()
            #expect(answer.json["object"] as? String == "list")
            let ids = (answer.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(
                ids == ["chat", "embeddings", "speech", "transcription", "images", "a", "b", "e", "tts", "stt", "img"])
        }
    }

    @Test func retrieveOneModel() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let pool = try await GatewayHTTP.get(harness.baseURL + "/v1/models/chat")
            let model = try await GatewayHTTP.get(harness.baseURL + "/v1/models/a")
            let unknown = try await GatewayHTTP.get(harness.baseURL + "/v1/models/gpt-5")
            try await harness.stop()
            #expect(pool.json["id"] as? String == "chat" && pool.json["object"] as? String == "model")
            #expect(model.json["id"] as? String == "a")
            #expect(unknown.status == 404 && unknown.errorCode == "model_not_found")
        }
    }

    @Test func healthzAndReadyz() async throws {
        try await GatewaySlots.with {
            let harness = try await GatewayHarness.start { gatewayYAML($0.baseURL) }
            let health = try await GatewayHTTP.get(harness.baseURL + "/healthz")
            let ready = try await GatewayHTTP.get(harness.baseURL + "/readyz")
            try await harness.stop()
            #expect(health.status == 200)
            #expect(ready.status == 200)
            #expect(ready.json["status"] as? String == "ready")
        }
    }

    static func object(_ event: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(event.utf8))) as? [String: Any]
    }

    static func deltaText(_ event: String) -> String? {
        let choices = object(event)?["choices"] as? [[String: Any]]
        return (choices?.first?["delta"] as? [String: Any])?["content"] as? String
    }
}

import AIRouteTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

// MARK: - Helpers

/// A response read in full.
private struct Fetched {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }
}

/// A streamed response: what arrived before the body ended or failed.
private struct Streamed {
    var status: Int
    var headers: HTTPHeaders
    var text: String
    var error: (any Error)?

    /// `(event name, data)` of every complete SSE event (WHATWG framing, `\n` or `\r\n`).
    var events: [(event: String?, data: String)] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var blocks = normalized.components(separatedBy: "\n\n")
        blocks.removeLast()  // incomplete tail (or empty)
        return blocks.compactMap { block in
            var name: String?
            var data: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            return data.isEmpty ? nil : (name, data.joined(separator: "\n"))
        }
    }

    func jsonEvents() -> [[String: Any]] {
        events.compactMap { try? JSONSerialization.jsonObject(with: Data($0.data.utf8)) as? [String: Any] }
    }
}

@discardableResult
private func withClient<T>(
    readTimeout: TimeAmount? = nil,
    _ body: (HTTPClient) async throws -> T
) async throws -> T {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    configuration.timeout = .init(connect: .seconds(2), read: readTimeout)
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

private func request(
    _ url: String, method: HTTPMethod = .POST, json: String? = nil, body: [UInt8]? = nil,
    headers: [(String, String)] = []
) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let json {
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    } else if let body {
        request.body = .bytes(ByteBuffer(bytes: body))
    }
    return request
}

private func fetch(
    _ client: HTTPClient, _ url: String, method: HTTPMethod = .POST, json: String? = nil, body: [UInt8]? = nil,
    headers: [(String, String)] = [], timeout: TimeAmount = .seconds(20)
) async throws -> Fetched {
    let response = try await client.execute(
        request(url, method: method, json: json, body: body, headers: headers), timeout: timeout)
    let collected = try await response.body.collect(upTo: 64 << 20)
    return Fetched(
        status: Int(response.status.code), headers: response.headers, body: Array(collected.readableBytesView))
}

private func stream(
    _ client: HTTPClient, _ url: String, json: String, headers: [(String, String)] = [],
    timeout: TimeAmount = .seconds(20)
) async throws -> Streamed {
    let response = try await client.execute(request(url, json: json, headers: headers), timeout: timeout)
    var result = Streamed(status: Int(response.status.code), headers: response.headers, text: "")
    do {
        for try await buffer in response.body { result.text += String(buffer: buffer) }
    } catch {
        result.error = error
    }
    return result
}

private func chatBody(_ model: String, stream: Bool = false, extra: String = "") -> String {
    #"{"model":"\#(model)","messages":[{"role":"user","content":"Say hi please"}],"stream":\#(stream)\#(extra)}"#
}

private let weatherTools = #","tools":[{"type":"function","function":{"name":"get_weather","parameters":{}}}]"#

private func anthropicBody(_ model: String, stream: Bool = false, extra: String = "") -> String {
    #"{"model":"\#(model)","max_tokens":64,"messages":[{"role":"user","content":"Hi"}],"stream":\#(stream)\#(extra)}"#
}

private let anthropicHeaders = [("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01")]

private func multipart(boundary: String, fields: [(String, String)], file: [UInt8]) -> [UInt8] {
    var body: [UInt8] = []
    for (name, value) in fields {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    body += Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
            .utf8)
    body += file + Array("\r\n--\(boundary)--\r\n".utf8)
    return body
}

/// Sends raw bytes over TCP and returns everything received until the server closes
/// (or `limit` elapses, then the client closes). No HTTP client buffering in between.
/// Sends raw bytes and reads until the server closes, `limit` passes, or — with `settled` — `grace`
/// after what was received first satisfies `settled` (so a loaded machine gets the whole `limit`
/// to deliver, and a quiet one does not wait it out).
private func rawExchange(
    port: Int, _ bytes: String, readFor limit: Duration = .seconds(5),
    settled: (@Sendable (String) -> Bool)? = nil, grace: TimeAmount = .milliseconds(500)
) async throws -> String {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await withThrowingTaskGroup(of: String?.self) { group in
        group.addTask {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: bytes))
                var received = ""
                var settling = false
                for try await buffer in inbound {
                    received += String(buffer: buffer)
                    if !settling, let settled, settled(received) {
                        settling = true
                        channel.channel.eventLoop.scheduleTask(in: grace) { channel.channel.close(promise: nil) }
                    }
                }
                return received
            }
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            try? await channel.channel.close()
            return nil
        }
        var received = ""
        for try await result in group {
            if let result {
                received = result
                group.cancelAll()
            }
        }
        return received
    }
}

/// A raw HTTP/1.1 POST of a JSON body.
private func rawPost(_ path: String, json: String, headers: String = "") -> String {
    "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\(headers)"
        + "Content-Length: \(json.utf8.count)\r\n\r\n\(json)"
}

/// Decodes a raw chunked HTTP response: the body, and whether the terminating chunk arrived.
private func dechunk(_ raw: String) -> (body: String, complete: Bool) {
    let bytes = Array(raw.utf8)
    let crlf: [UInt8] = [13, 10]
    func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard start <= bytes.count - needle.count else { return nil }
        return (start...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
    }
    guard let headEnd = find(crlf + crlf, from: 0) else { return ("", false) }
    var position = headEnd + 4
    var body: [UInt8] = []
    while let lineEnd = find(crlf, from: position),
        let size = Int(String(decoding: bytes[position..<lineEnd], as: UTF8.self), radix: 16)
    {
        if size == 0 { return (String(decoding: body, as: UTF8.self), true) }
        let start = lineEnd + 2
        let end = min(start + size, bytes.count)
        body += bytes[start..<end]
        position = end + 2
    }
    return (String(decoding: body, as: UTF8.self), false)
}

private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

// MARK: - Wire formats

@Suite(.timeLimit(.minutes(1)))
struct FakeProviderServerTests {
    @Test func bindsLoopbackAndBuildsBaseURLs() async throws {
        try await FakeProviderServer.withServer { server in
            #expect(server.port > 0)
            #expect(server.openAIBaseURL == "http://127.0.0.1:\(server.port)/v1")
            #expect(server.anthropicBaseURL == "http://127.0.0.1:\(server.port)")
            #expect(server.geminiBaseURL == "http://127.0.0.1:\(server.port)/v1beta")
            #expect(server.baseURL(for: .azure) == server.baseURL)
        }
    }

    @Test func openAIChatCompletion() async throws {
        try await FakeProviderServer.withServer { server in
            let reply = try await withClient { client in
                try await fetch(
                    client, server.openAIBaseURL + "/chat/completions", json: chatBody("gpt-a"),
                    headers: [("authorization", "Bearer sk-test")])
            }
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "x-request-id") != nil)
            let json = try reply.json()
            #expect(json["object"] as? String == "chat.completion")
            #expect(json["model"] as? String == "gpt-a")
            let choice = try #require((json["choices"] as? [[String: Any]])?.first)
            #expect(choice["finish_reason"] as? String == "stop")
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "Hello from gpt-a")
            let usage = try #require(json["usage"] as? [String: Any])
            #expect(usage["prompt_tokens"] as? Int == 3)
            #expect(usage["total_tokens"] as? Int == 8)
            let recorded = try #require(server.requests.first)
            #expect(recorded.model == "gpt-a")
            #expect(recorded.wire == .openAI)
            #expect(recorded.header("Authorization") == "Bearer sk-test")
            #expect(recorded.responseStatus == 200)
        }
    }

    @Test func openAIChatStream() async throws {
        try await FakeProviderServer.withServer { server in
            server.setDefault(model: "gpt-s", behavior: .ok(text: "Streaming works fine", chunks: 4))
            let result = try await withClient { client in
                try await stream(
                    client, server.openAIBaseURL + "/chat/completions",
                    json: chatBody("gpt-s", stream: true, extra: #","stream_options":{"include_usage":true}"#))
            }
            #expect(result.error == nil)
            #expect(result.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
            let events = result.events
            #expect(events.last?.data == "[DONE]")
            let chunks = result.jsonEvents()
            #expect(chunks.count == 7)  // role, 4 contents, finish, usage
            let deltas = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any] }
            #expect(deltas.first?["role"] as? String == "assistant")
            let text = deltas.dropFirst().compactMap { $0["content"] as? String }.joined()
            #expect(text == "Streaming works fine")
            let finish = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
            #expect(finish == ["stop"])
            #expect((chunks.last?["usage"] as? [String: Any])?["completion_tokens"] as? Int == 4)
            #expect(server.requests.first?.isStream == true)
        }
    }

    @Test func openAIToolCall() async throws {
        try await FakeProviderServer.withServer { server in
            let call = FakeToolCall(name: "get_weather", arguments: #"{"city":"Paris","unit":"celsius"}"#)
            server.setDefault(model: "gpt-t", behavior: .ok(chunks: 3, toolCall: call))
            let (plain, streamed, noTools) = try await withClient { client in
                (
                    try await fetch(
                        client, server.openAIBaseURL + "/chat/completions",
                        json: chatBody("gpt-t", extra: weatherTools)),
                    try await stream(
                        client, server.openAIBaseURL + "/chat/completions",
                        json: chatBody("gpt-t", stream: true, extra: weatherTools)),
                    try await fetch(client, server.openAIBaseURL + "/chat/completions", json: chatBody("gpt-t"))
                )
            }
            let choice = try #require((try plain.json()["choices"] as? [[String: Any]])?.first)
            #expect(choice["finish_reason"] as? String == "tool_calls")
            let message = try #require(choice["message"] as? [String: Any])
            let toolCalls = try #require(message["tool_calls"] as? [[String: Any]])
            #expect((toolCalls.first?["function"] as? [String: Any])?["arguments"] as? String == call.arguments)

            let deltas = streamed.jsonEvents().compactMap {
                ($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
            }
            let fragments = deltas.compactMap {
                (($0["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any])?["arguments"] as? String
            }
            #expect(fragments.count == 4)  // the header chunk ("") + 3 argument fragments
            #expect(fragments.joined() == call.arguments)
            #expect(streamed.jsonEvents().last?["choices"] != nil)

            let plainChoice = try #require((try noTools.json()["choices"] as? [[String: Any]])?.first)
            #expect(plainChoice["finish_reason"] as? String == "stop")
        }
    }

    @Test func openAIEmbeddings() async throws {
        try await FakeProviderServer.withServer { server in
            server.setDefault(model: "te-big", behavior: .ok(dimensions: 16))
            let url = server.openAIBaseURL + "/embeddings"
            let (a, b, c, d) = try await withClient { client in
                (
                    try await fetch(client, url, json: #"{"model":"te","input":["alpha","beta"]}"#),
                    try await fetch(client, url, json: #"{"model":"te","input":"alpha","dimensions":3}"#),
                    try await fetch(client, url, json: #"{"model":"te","input":"alpha","encoding_format":"base64"}"#),
                    try await fetch(client, url, json: #"{"model":"te-big","input":"alpha"}"#)
                )
            }
            let data = try #require(try a.json()["data"] as? [[String: Any]])
            #expect(data.count == 2)
            let first = try #require(data[0]["embedding"] as? [Double])
            #expect(first.count == 8)
            #expect(abs(first.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
            #expect(first != (data[1]["embedding"] as? [Double]))
            #expect(((try b.json()["data"] as? [[String: Any]])?.first?["embedding"] as? [Double])?.count == 3)
            let encoded = try #require((try c.json()["data"] as? [[String: Any]])?.first?["embedding"] as? String)
            let floats = try #require(Data(base64Encoded: encoded))
            #expect(floats.count == 8 * 4)
            let decoded = floats.withUnsafeBytes { raw in
                (0..<8).map {
                    Double(
                        Float(
                            bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))
                        ))
                }
            }
            #expect(zip(decoded, first).allSatisfy { abs($0 - $1) < 1e-6 })
            #expect(((try d.json()["data"] as? [[String: Any]])?.first?["embedding"] as? [Double])?.count == 16)
        }
    }

    @Test func openAISpeech() async throws {
        try await FakeProviderServer.withServer { server in
            let url = server.openAIBaseURL + "/audio/speech"
            let (wav, mp3, bad) = try await withClient { client in
                (
                    try await fetch(
                        client, url, json: #"{"model":"tts","input":"Hi","voice":"alloy","response_format":"wav"}"#),
                    try await fetch(client, url, json: #"{"model":"tts","input":"Hi","voice":"alloy"}"#),
                    try await fetch(client, url, json: #"{"model":"tts","voice":"alloy"}"#)
                )
            }
            #expect(wav.status == 200)
            #expect(wav.headers.first(name: "content-type") == "audio/wav")
            #expect(Array(wav.body.prefix(4)) == Array("RIFF".utf8))
            #expect(Array(wav.body[8..<16]) == Array("WAVEfmt ".utf8))
            let riffSize = wav.body[4..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            #expect(riffSize == wav.body.count - 8)
            #expect(mp3.headers.first(name: "content-type") == "audio/mpeg")
            #expect(!mp3.body.isEmpty)
            #expect(bad.status == 400)
        }
    }

    @Test(arguments: [
        ("json", "application/json"), ("text", "text/plain; charset=utf-8"), ("srt", "text/plain; charset=utf-8"),
        ("vtt", "text/vtt; charset=utf-8"), ("verbose_json", "application/json"),
    ])
    func openAITranscription(format: String, contentType: String) async throws {
        try await FakeProviderServer.withServer { server in
            let boundary = "airoute-boundary-42"
            let wavFile = try await withClient { client in
                try await fetch(
                    client, server.openAIBaseURL + "/audio/speech",
                    json: #"{"model":"tts","input":"Hi","voice":"alloy","response_format":"wav"}"#
                ).body
            }
            let body = multipart(
                boundary: boundary,
                fields: [("model", "whisper-1"), ("response_format", format), ("language", "en"), ("prompt", "hello")],
                file: wavFile)
            let reply = try await withClient { client in
                try await fetch(
                    client, server.openAIBaseURL + "/audio/transcriptions", body: body,
                    headers: [("content-type", "multipart/form-data; boundary=\(boundary)")])
            }
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "content-type") == contentType)
            #expect(reply.text.contains("Transcript of hello.wav by whisper-1."))
            switch format {
            case "json": #expect(try reply.json()["text"] as? String == "Transcript of hello.wav by whisper-1.")
            case "srt": #expect(reply.text.hasPrefix("1\n00:00:00,000 --> 00:00:00,100\n"))
            case "vtt": #expect(reply.text.hasPrefix("WEBVTT\n\n00:00:00.000 --> 00:00:00.100\n"))
            case "verbose_json":
                let json = try reply.json()
                #expect(json["language"] as? String == "en")
                #expect((json["segments"] as? [Any])?.count == 1)
                #expect(abs((json["duration"] as? Double ?? 0) - 0.1) < 1e-9)
            default: #expect(reply.text == "Transcript of hello.wav by whisper-1.\n")
            }
            #expect(server.requests.last?.model == "whisper-1")
        }
    }

    @Test func openAIImagesByURLAndBase64() async throws {
        try await FakeProviderServer.withServer { server in
            let url = server.openAIBaseURL + "/images/generations"
            try await withClient { client in
                let byURL = try await fetch(client, url, json: #"{"model":"img","prompt":"a red fox","n":2}"#)
                let data = try #require(try byURL.json()["data"] as? [[String: Any]])
                #expect(data.count == 2)
                let link = try #require(data[0]["url"] as? String)
                #expect(link.hasPrefix(server.baseURL + "/files/"))
                let png = try await fetch(client, link, method: .GET)
                #expect(png.status == 200)
                #expect(png.headers.first(name: "content-type") == "image/png")
                #expect(Array(png.body.prefix(8)) == pngSignature)

                let byB64 = try await fetch(
                    client, url, json: #"{"model":"img","prompt":"a fox","response_format":"b64_json"}"#)
                let encoded = try #require(
                    (try byB64.json()["data"] as? [[String: Any]])?.first?["b64_json"] as? String)
                let decoded = try #require(Data(base64Encoded: encoded))
                #expect(Array(decoded.prefix(8)) == pngSignature)
                #expect(Array(decoded.suffix(8)) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])  // IEND + CRC
            }
        }
    }

    @Test func modelListsInEachWireFormat() async throws {
        try await FakeProviderServer.withServer { server in
            server.registerModels(["m-1"])
            server.script(model: "m-2", [.ok()])
            let (openAI, anthropic, gemini) = try await withClient { client in
                (
                    try await fetch(client, server.openAIBaseURL + "/models", method: .GET),
                    try await fetch(
                        client, server.anthropicBaseURL + "/v1/models", method: .GET, headers: anthropicHeaders),
                    try await fetch(client, server.geminiBaseURL + "/models?key=AIza-test", method: .GET)
                )
            }
            #expect(
                (try openAI.json()["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["m-1", "m-2"])
            #expect(try openAI.json()["object"] as? String == "list")
            let anthropicModels = try #require(try anthropic.json()["data"] as? [[String: Any]])
            #expect(anthropicModels.first?["type"] as? String == "model")
            #expect(try anthropic.json()["has_more"] as? Bool == false)
            let geminiModels = try #require(try gemini.json()["models"] as? [[String: Any]])
            #expect(geminiModels.compactMap { $0["name"] as? String } == ["models/m-1", "models/m-2"])
            #expect(server.requestCount(path: "/v1/models") == 2)
        }
    }

    @Test func azureDeploymentIsTheModel() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "my-deployment", [.status(429)])
            let (first, second) = try await withClient { client in
                let url =
                    server.azureBaseURL + "/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21"
                return (
                    try await fetch(
                        client, url, json: #"{"messages":[{"role":"user","content":"Hi"}]}"#,
                        headers: [("api-key", "azure-key")]),
                    try await fetch(client, url, json: #"{"messages":[{"role":"user","content":"Hi"}]}"#)
                )
            }
            #expect(first.status == 429)
            #expect(((try first.json()["error"] as? [String: Any])?["code"] as? String) == "rate_limit_exceeded")
            #expect(second.status == 200)
            #expect(server.requestCount(model: "my-deployment") == 2)
            #expect(server.requests.first?.wire == .azure)
        }
    }

    @Test func anthropicMessages() async throws {
        try await FakeProviderServer.withServer { server in
            let url = server.anthropicBaseURL + "/v1/messages"
            let (plain, missing) = try await withClient { client in
                (
                    try await fetch(client, url, json: anthropicBody("claude-a"), headers: anthropicHeaders),
                    try await fetch(
                        client, url, json: #"{"model":"claude-a","messages":[]}"#, headers: anthropicHeaders)
                )
            }
            let json = try plain.json()
            #expect(json["type"] as? String == "message")
            #expect(json["stop_reason"] as? String == "end_turn")
            #expect((json["content"] as? [[String: Any]])?.first?["text"] as? String == "Hello from claude-a")
            #expect((json["usage"] as? [String: Any])?["output_tokens"] as? Int == 5)
            #expect(plain.headers.first(name: "request-id") != nil)
            #expect(missing.status == 400)
            let error = try missing.json()
            #expect(error["type"] as? String == "error")
            #expect((error["error"] as? [String: Any])?["type"] as? String == "invalid_request_error")
        }
    }

    @Test func anthropicStreamAndToolUse() async throws {
        try await FakeProviderServer.withServer { server in
            let call = FakeToolCall(name: "lookup", arguments: #"{"q":"swift nio"}"#)
            server.script(model: "claude-s", [.ok(chunks: 3), .ok(chunks: 2, toolCall: call)])
            let url = server.anthropicBaseURL + "/v1/messages"
            let (text, tool) = try await withClient { client in
                (
                    try await stream(
                        client, url, json: anthropicBody("claude-s", stream: true), headers: anthropicHeaders),
                    try await stream(
                        client, url,
                        json: anthropicBody(
                            "claude-s", stream: true, extra: #","tools":[{"name":"lookup","input_schema":{}}]"#),
                        headers: anthropicHeaders)
                )
            }
            #expect(
                text.events.map { $0.event ?? "" } == [
                    "message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta",
                    "content_block_delta", "content_block_stop", "message_delta", "message_stop",
                ])
            let deltas = text.jsonEvents().compactMap { ($0["delta"] as? [String: Any])?["text"] as? String }
            #expect(deltas.joined() == "Hello from claude-s")
            #expect(
                text.jsonEvents().compactMap { ($0["delta"] as? [String: Any])?["stop_reason"] as? String } == [
                    "end_turn"
                ])

            let start = try #require(tool.jsonEvents().first { $0["type"] as? String == "content_block_start" })
            #expect((start["content_block"] as? [String: Any])?["type"] as? String == "tool_use")
            let partial = tool.jsonEvents().compactMap { ($0["delta"] as? [String: Any])?["partial_json"] as? String }
            #expect(partial.count == 2)
            #expect(partial.joined() == call.arguments)
            #expect(
                tool.jsonEvents().compactMap { ($0["delta"] as? [String: Any])?["stop_reason"] as? String } == [
                    "tool_use"
                ])
        }
    }

    @Test func anthropicErrorShapeAndRetryHeaders() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(
                model: "claude-e",
                [
                    .status(529), .status(429, headers: ["retry-after": "7", "retry-after-ms": "7000"]), .quotaExceeded,
                ])
            let url = server.anthropicBaseURL + "/v1/messages"
            let replies = try await withClient { client in
                var replies: [Fetched] = []
                for _ in 0..<3 {
                    replies.append(
                        try await fetch(client, url, json: anthropicBody("claude-e"), headers: anthropicHeaders))
                }
                return replies
            }
            #expect(replies.map(\.status) == [529, 429, 429])
            #expect((try replies[0].json()["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
            #expect(replies[1].headers.first(name: "retry-after") == "7")
            #expect(replies[1].headers.first(name: "retry-after-ms") == "7000")
            let quota = try #require(try replies[2].json()["error"] as? [String: Any])
            #expect((quota["details"] as? [String: Any])?["error_code"] as? String == "enforced_spend_limit_reached")
        }
    }

    @Test func geminiOperations() async throws {
        try await FakeProviderServer.withServer { server in
            let base = server.geminiBaseURL + "/models/gemini-x"
            let generate = #"{"contents":[{"role":"user","parts":[{"text":"Hello there"}]}]}"#
            try await withClient { client in
                let plain = try await fetch(
                    client, base + ":generateContent", json: generate,
                    headers: [("x-goog-api-key", "AIza-test")])
                let candidate = try #require((try plain.json()["candidates"] as? [[String: Any]])?.first)
                #expect(candidate["finishReason"] as? String == "STOP")
                let parts = (candidate["content"] as? [String: Any])?["parts"] as? [[String: Any]]
                #expect(parts?.first?["text"] as? String == "Hello from gemini-x")
                #expect((try plain.json()["usageMetadata"] as? [String: Any])?["promptTokenCount"] as? Int == 2)

                let streamed = try await stream(client, base + ":streamGenerateContent?alt=sse", json: generate)
                #expect(streamed.text.contains("\r\n\r\n"))
                let chunks = streamed.jsonEvents()
                #expect(chunks.count == 6)
                let text = chunks.compactMap {
                    ((($0["candidates"] as? [[String: Any]])?.first?["content"] as? [String: Any])?["parts"]
                        as? [[String: Any]])?.first?["text"] as? String
                }.joined()
                #expect(text == "Hello from gemini-x")
                #expect((chunks.last?["candidates"] as? [[String: Any]])?.first?["finishReason"] as? String == "STOP")

                let embed = try await fetch(
                    client, base + ":embedContent",
                    json: #"{"content":{"parts":[{"text":"hi"}]},"outputDimensionality":5}"#)
                #expect(((try embed.json()["embedding"] as? [String: Any])?["values"] as? [Double])?.count == 5)
                let batch = try await fetch(
                    client, base + ":batchEmbedContents",
                    json:
                        #"{"requests":[{"model":"models/gemini-x","content":{"parts":[{"text":"a"}]}},{"model":"models/gemini-x","content":{"parts":[{"text":"b"}]}}]}"#
                )
                let embeddings = try #require(try batch.json()["embeddings"] as? [[String: Any]])
                #expect(embeddings.count == 2)
                #expect((embeddings[0]["values"] as? [Double])?.count == 8)
            }
            #expect(server.requestCount(model: "gemini-x") == 4)
            #expect(server.requests.map(\.wire) == Array(repeating: .gemini, count: 4))
            #expect(server.requests[1].isStream)
        }
    }

    @Test func geminiErrorShapeWithRetryInfo() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "gemini-r", [.status(429, retryDelay: "26s"), .status(503)])
            let url = server.geminiBaseURL + "/models/gemini-r:generateContent"
            let body = #"{"contents":[{"parts":[{"text":"x"}]}]}"#
            let (first, second) = try await withClient { client in
                (try await fetch(client, url, json: body), try await fetch(client, url, json: body))
            }
            let error = try #require(try first.json()["error"] as? [String: Any])
            #expect(error["code"] as? Int == 429)
            #expect(error["status"] as? String == "RESOURCE_EXHAUSTED")
            let detail = try #require((error["details"] as? [[String: Any]])?.first)
            #expect(detail["@type"] as? String == "type.googleapis.com/google.rpc.RetryInfo")
            #expect(detail["retryDelay"] as? String == "26s")
            #expect((try second.json()["error"] as? [String: Any])?["status"] as? String == "UNAVAILABLE")
        }
    }

    // MARK: - Scripting and observation

    @Test func scriptQueueThenModelDefaultThenServerDefault() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "a", [.status(503), .rateLimited(retryAfter: "2"), .ok(text: "third")])
            server.setDefault(model: "a", behavior: .status(500, headers: ["x-should-retry": "false"]))
            server.setDefault(.ok(text: "fallback"))
            #expect(server.remainingScript(model: "a") == 3)
            let url = server.openAIBaseURL + "/chat/completions"
            let replies = try await withClient { client in
                var replies: [Fetched] = []
                for _ in 0..<4 { replies.append(try await fetch(client, url, json: chatBody("a"))) }
                replies.append(try await fetch(client, url, json: chatBody("b")))
                return replies
            }
            #expect(replies.map(\.status) == [503, 429, 200, 500, 200])
            #expect(replies[1].headers.first(name: "retry-after") == "2")
            #expect(replies[3].headers.first(name: "x-should-retry") == "false")
            #expect(replies[2].text.contains("\"third\""))
            #expect(replies[4].text.contains("\"fallback\""))
            let error = try #require(try replies[0].json()["error"] as? [String: Any])
            #expect(error["type"] as? String == "server_error")
            #expect(server.requestCount(model: "a") == 4)
            #expect(server.requestCount(model: "b") == 1)
            #expect(server.requestCount(path: "/v1/chat/completions") == 5)
            #expect(server.requestCount == 5)
            #expect(server.remainingScript(model: "a") == 0)
            #expect(server.requests(model: "a").map(\.responseStatus) == [503, 429, 200, 500])
            #expect(server.requests.map(\.id) == [1, 2, 3, 4, 5])
            server.clearRequests()
            #expect(server.requestCount == 0)
        }
    }

    @Test func rawRedirectErrorInOKBodyAndQuota() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(
                model: "r",
                [
                    .raw(status: 502, body: "<html>Bad gateway</html>", contentType: "text/html"),
                    .redirect(to: "http://127.0.0.1:1/elsewhere"),
                    .errorInOKBody(status: 500, message: "upstream died"),
                    .quotaExceeded,
                ])
            let url = server.openAIBaseURL + "/chat/completions"
            let replies = try await withClient { client in
                var replies: [Fetched] = []
                for _ in 0..<4 { replies.append(try await fetch(client, url, json: chatBody("r"))) }
                return replies
            }
            #expect(replies.map(\.status) == [502, 302, 200, 429])
            #expect(replies[0].text == "<html>Bad gateway</html>")
            #expect(replies[1].headers.first(name: "location") == "http://127.0.0.1:1/elsewhere")
            #expect((try replies[2].json()["error"] as? [String: Any])?["message"] as? String == "upstream died")
            #expect((try replies[3].json()["error"] as? [String: Any])?["code"] as? String == "insufficient_quota")
        }
    }

    @Test func headerAndChunkDelays() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(
                model: "slow",
                [
                    .ok().delayingHeaders(by: .milliseconds(150)),
                    .ok(chunks: 3).delayingChunks(by: .milliseconds(40)),
                ])
            let clock = ContinuousClock()
            try await withClient { client in
                let start = clock.now
                _ = try await fetch(client, server.openAIBaseURL + "/chat/completions", json: chatBody("slow"))
                #expect(clock.now - start >= .milliseconds(140))
                let streamStart = clock.now
                let result = try await stream(
                    client, server.openAIBaseURL + "/chat/completions",
                    json: chatBody("slow", stream: true))
                #expect(clock.now - streamStart >= .milliseconds(110))
                #expect(result.error == nil)
                #expect(result.events.last?.data == "[DONE]")
            }
        }
    }

    // MARK: - Stream faults

    @Test func streamCutAfterChunksHasNoTerminalEvent() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(
                model: "cut",
                [
                    .cut(afterChunks: 2).withChunks(6), .cut(afterChunks: 1),
                    .cut(afterChunks: 3).withSettleDelay(.zero),
                ])
            // Exactly what went over the wire (no client-side buffering involved).
            let openAI = Streamed(
                status: 200, headers: [:],
                text: dechunk(
                    try await rawExchange(
                        port: server.port, rawPost("/v1/chat/completions", json: chatBody("cut", stream: true)))
                ).body)
            let anthropicRaw = try await rawExchange(
                port: server.port,
                rawPost(
                    "/v1/messages", json: anthropicBody("cut", stream: true),
                    headers: "anthropic-version: 2023-06-01\r\n"))
            let anthropic = Streamed(status: 200, headers: [:], text: dechunk(anthropicRaw).body)
            #expect(dechunk(anthropicRaw).complete == false)
            #expect(openAI.jsonEvents().count == 3)  // role + 2 contents
            #expect(!openAI.text.contains("[DONE]"))
            #expect(!openAI.text.contains("finish_reason\":\"stop"))
            #expect(
                anthropic.events.map { $0.event ?? "" } == [
                    "message_start", "content_block_start", "ping", "content_block_delta",
                ])
            // An HTTP client sees the cut as an error, never as a clean end.
            let viaClient = try await withClient { client in
                try await stream(
                    client, server.openAIBaseURL + "/chat/completions", json: chatBody("cut", stream: true))
            }
            #expect(viaClient.error != nil)
            #expect(!viaClient.text.contains("[DONE]"))
        }
    }

    @Test func nonStreamingCutSendsHalfTheBody() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "cut", [.cut(afterChunks: 0), .lyingContentLength(extraBytes: 50)])
            try await withClient { client in
                for _ in 0..<2 {
                    await #expect(throws: (any Error).self) {
                        _ = try await fetch(client, server.openAIBaseURL + "/chat/completions", json: chatBody("cut"))
                    }
                }
            }
            #expect(server.requestCount(model: "cut") == 2)
        }
    }

    @Test func halfEventThenClose() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "half", [.halfEvent(afterChunks: 1), .halfEvent(afterChunks: 1)])
            let raw = dechunk(
                try await rawExchange(
                    port: server.port, rawPost("/v1/chat/completions", json: chatBody("half", stream: true))))
            let result = Streamed(status: 200, headers: [:], text: raw.body)
            #expect(!raw.complete)
            #expect(result.jsonEvents().count == 2)  // role + 1 content; the half event is incomplete
            #expect(result.text.hasSuffix("\n\n") == false)
            #expect(result.text.components(separatedBy: "\n\n").last?.hasPrefix("data: {") == true)
            let viaClient = try await withClient { client in
                try await stream(
                    client, server.openAIBaseURL + "/chat/completions", json: chatBody("half", stream: true))
            }
            #expect(viaClient.error != nil)
        }
    }

    @Test func malformedChunkInsertedStreamCompletes() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "bad", [.malformedChunk(at: 2)])
            let result = try await withClient { client in
                try await stream(
                    client, server.openAIBaseURL + "/chat/completions", json: chatBody("bad", stream: true))
            }
            #expect(result.error == nil)
            #expect(result.events.count == 9)  // role, 5 contents, 1 malformed, finish, [DONE]
            #expect(result.jsonEvents().count == 7)
            let text = result.jsonEvents().compactMap {
                (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String
            }.joined()
            #expect(text == "Hello from bad")
        }
    }

    @Test func inBandErrorsInEachWire() async throws {
        try await FakeProviderServer.withServer { server in
            server.setDefault(model: "ib", behavior: .inBandError(afterChunks: 2, status: 529))
            let generate = #"{"contents":[{"parts":[{"text":"x"}]}]}"#
            let (openAI, anthropic, gemini) = try await withClient { client in
                (
                    try await stream(
                        client, server.openAIBaseURL + "/chat/completions", json: chatBody("ib", stream: true)),
                    try await stream(
                        client, server.anthropicBaseURL + "/v1/messages",
                        json: anthropicBody("ib", stream: true), headers: anthropicHeaders),
                    try await stream(
                        client, server.geminiBaseURL + "/models/ib:streamGenerateContent?alt=sse", json: generate)
                )
            }
            #expect(openAI.status == 200)
            #expect(openAI.error == nil)
            #expect(openAI.jsonEvents().last?["error"] != nil)
            #expect(!openAI.text.contains("[DONE]"))
            #expect(anthropic.events.last?.event == "error")
            #expect(
                ((anthropic.jsonEvents().last?["error"]) as? [String: Any])?["type"] as? String == "overloaded_error")
            #expect(((gemini.jsonEvents().last?["error"]) as? [String: Any])?["status"] as? String == "UNAVAILABLE")
            #expect(gemini.jsonEvents().count == 3)
        }
    }

    @Test func oversizedBody() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "big", [.oversized(bytes: 1_000_000), .oversized(bytes: 300_000)])
            let (plain, streamed) = try await withClient { client in
                (
                    try await fetch(client, server.openAIBaseURL + "/chat/completions", json: chatBody("big")),
                    try await stream(
                        client, server.openAIBaseURL + "/chat/completions", json: chatBody("big", stream: true))
                )
            }
            #expect(plain.body.count == 1_000_000)
            #expect(try plain.json()["padding"] is String)
            #expect(streamed.text.utf8.count == 300_000)
            #expect(streamed.events.count == 1)
        }
    }

    // MARK: - Connection faults and disconnects

    @Test func resetAndCloseBeforeResponse() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "gone", [.reset, .close, .ok()])
            try await withClient { client in
                for _ in 0..<2 {
                    await #expect(throws: (any Error).self) {
                        _ = try await fetch(client, server.openAIBaseURL + "/chat/completions", json: chatBody("gone"))
                    }
                }
                let after = try await fetch(client, server.openAIBaseURL + "/chat/completions", json: chatBody("gone"))
                #expect(after.status == 200)
            }
            #expect(server.requests(model: "gone").map(\.responseStatus) == [nil, nil, 200])
            #expect(server.disconnects(model: "gone") == 0)
        }
    }

    @Test func hangIsRecordedAsClosedByClient() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "silent", [.hang])
            try await withClient { client in
                await #expect(throws: (any Error).self) {
                    // 3 s: on a loaded machine under a sanitizer the request may not even reach the server sooner.
                    _ = try await fetch(
                        client, server.openAIBaseURL + "/chat/completions", json: chatBody("silent"),
                        timeout: .seconds(3))
                }
            }
            let closed = try await server.waitUntil { $0.first?.closedByClient == true }
            #expect(closed)
            #expect(server.disconnects(model: "silent") == 1)
            #expect(server.requests.first?.responseStatus == nil)
            #expect(server.requests.first?.closedAt != nil)
        }
    }

    @Test func stallAndCancelledStreamAreRecorded() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(
                model: "stall", [.stall(afterChunks: 2), .ok(chunks: 50).delayingChunks(by: .milliseconds(20))])
            let stalled = try await rawExchange(
                port: server.port, rawPost("/v1/chat/completions", json: chatBody("stall", stream: true)),
                readFor: .seconds(15),
                settled: { Streamed(status: 200, headers: [:], text: dechunk($0).body).jsonEvents().count >= 3 })
            #expect(Streamed(status: 200, headers: [:], text: dechunk(stalled).body).jsonEvents().count == 3)
            #expect(!dechunk(stalled).complete)

            // Cancelling the consumer closes the connection mid-stream.
            try await withClient { client in
                let task = Task {
                    try await stream(
                        client, server.openAIBaseURL + "/chat/completions", json: chatBody("stall", stream: true))
                }
                try await server.waitUntil { $0.count == 2 && $0[1].responseStatus == 200 }
                task.cancel()
                _ = try? await task.value
            }
            #expect(try await server.waitUntil { $0.allSatisfy(\.closedByClient) })
            #expect(server.disconnects(model: "stall") == 2)
            #expect(server.requests(model: "stall").map(\.responseStatus) == [200, 200])
        }
    }

    @Test func firstChunkDelayStallsOnlyTheFirstToken() async throws {
        try await FakeProviderServer.withServer { server in
            server.script(model: "ttft", [.ok(chunks: 3).delayingFirstChunk(by: .milliseconds(120))])
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await withClient { client in
                try await stream(
                    client, server.openAIBaseURL + "/chat/completions", json: chatBody("ttft", stream: true))
            }
            #expect(clock.now - start >= .milliseconds(110))
            #expect(result.events.last?.data == "[DONE]")
        }
    }

    // MARK: - Robustness

    @Test func malformedRequestsGetClientErrors() async throws {
        try await FakeProviderServer.withServer { server in
            let replies = try await withClient { client in
                [
                    try await fetch(client, server.openAIBaseURL + "/chat/completions", json: "{not json"),
                    try await fetch(client, server.openAIBaseURL + "/chat/completions", json: #"{"messages":[]}"#),
                    try await fetch(client, server.openAIBaseURL + "/chat/completions", json: #"{"model":"m"}"#),
                    try await fetch(client, server.openAIBaseURL + "/nope", json: "{}"),
                    try await fetch(client, server.openAIBaseURL + "/chat/completions", method: .GET),
                    try await fetch(client, server.geminiBaseURL + "/models/x:explode", json: "{}"),
                    try await fetch(client, server.openAIBaseURL + "/audio/transcriptions", json: "{}"),
                    try await fetch(client, server.baseURL + "/files/secret.txt", method: .GET),
                ]
            }
            #expect(replies.map(\.status) == [400, 400, 400, 404, 405, 404, 400, 404])
            #expect(try replies[0].json()["error"] is [String: Any])
            #expect((try replies[5].json()["error"] as? [String: Any])?["status"] as? String == "NOT_FOUND")
            // Garbage on the wire gets a 400 from the HTTP pipeline, and the server survives it.
            let raw = try await rawExchange(port: server.port, "BLAH\u{1}\u{2} nonsense\r\n\r\n")
            #expect(raw.hasPrefix("HTTP/1.1 400"))
            let after = try await withClient { client in
                try await fetch(client, server.openAIBaseURL + "/chat/completions", json: chatBody("ok"))
            }
            #expect(after.status == 200)
        }
    }

    @Test func shutdownEndsHangingConnectionsPromptly() async throws {
        let server = FakeProviderServer()
        try await server.start()
        server.setDefault(.hang)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let pending = Task {
            try await fetch(
                client, server.openAIBaseURL + "/chat/completions", json: chatBody("h"), timeout: .seconds(30))
        }
        #expect(try await server.waitUntil { $0.count == 1 })
        let clock = ContinuousClock()
        let start = clock.now
        try await server.shutdown()
        // Not the 30 s the request would hang. (Alone ~20 ms; up to 3 s inside the whole suite's
        // first wave on two cores.)
        #expect(clock.now - start < TestMachine.allowing(.seconds(5)))
        await #expect(throws: (any Error).self) { _ = try await pending.value }
        try await server.shutdown()  // idempotent
        #expect(server.disconnects(model: "h") == 0)  // closed by the server, not the client
        try await client.shutdown()
    }

    // MARK: - Fault proxy

    @Test func proxyPassThroughAndSlices() async throws {
        try await FakeProviderServer.withServer { server in
            try await FaultProxy.withProxy(targetPort: server.port) { proxy in
                let url = "http://127.0.0.1:\(proxy.port)/v1/chat/completions"
                try await withClient { client in
                    let plain = try await fetch(client, url, json: chatBody("p"))
                    #expect(plain.status == 200)
                    proxy.mode = .slices
                    let sliced = try await withClient { fresh in
                        try await stream(fresh, url, json: chatBody("p", stream: true))
                    }
                    #expect(sliced.error == nil)
                    #expect(sliced.events.last?.data == "[DONE]")
                }
                #expect(proxy.acceptedConnections == 2)
            }
            #expect(server.requestCount(model: "p") == 2)
        }
    }

    @Test func proxyResetAfterBytes() async throws {
        try await FakeProviderServer.withServer { server in
            try await FaultProxy.withProxy(targetPort: server.port, mode: .resetAfter(bytes: 400)) { proxy in
                let result = try await withClient { client in
                    try await stream(
                        client, "http://127.0.0.1:\(proxy.port)/v1/chat/completions",
                        json: chatBody("p", stream: true))
                }
                #expect(result.error != nil)
                #expect(!result.text.contains("[DONE]"))
            }
        }
    }

    @Test func proxySilentAcceptAndRefuse() async throws {
        try await FakeProviderServer.withServer { server in
            try await FaultProxy.withProxy(targetPort: server.port, mode: .silentAccept) { proxy in
                let url = "http://127.0.0.1:\(proxy.port)/v1/chat/completions"
                try await withClient { client in
                    await #expect(throws: (any Error).self) {
                        _ = try await fetch(client, url, json: chatBody("p"), timeout: .milliseconds(150))
                    }
                }
                proxy.mode = .refuse
                try await withClient { client in
                    await #expect(throws: (any Error).self) {
                        _ = try await fetch(client, url, json: chatBody("p"))
                    }
                }
                #expect(proxy.acceptedConnections >= 2)
            }
            #expect(server.requestCount == 0)
        }
    }
}

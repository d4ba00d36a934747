import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A test client's view of one gateway answer.
struct GatewayAnswer {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header.
    func header(_ name: String) -> String? { headers.first(name: name) }

    /// The body as a JSON object.
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }

    /// `error.code` of an OpenAI error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    /// `error.message` of an OpenAI error body.
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    /// `error.type` of an OpenAI error body.
    var errorType: String? { (json["error"] as? [String: Any])?["type"] as? String }

    /// The server-sent events' `data:` payloads, in order.
    var events: [String] {
        text.components(separatedBy: "\n\n").compactMap { block in
            block.hasPrefix("data: ") ? String(block.dropFirst(6)) : nil
        }
    }
}

/// Raw HTTP requests to a gateway, through AsyncHTTPClient.
enum GatewayHTTP {
    static func send(
        _ url: String, method: HTTPMethod = .POST, body: Data? = nil,
        headers: [(String, String)] = [("Content-Type", "application/json")], timeout: TimeAmount = .seconds(30)
    ) async throws -> GatewayAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return GatewayAnswer(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
    }

    /// POSTs a JSON object.
    static func post(
        _ url: String, _ object: [String: Any], headers: [(String, String)] = []
    ) async throws -> GatewayAnswer {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await send(url, body: body, headers: [("Content-Type", "application/json")] + headers)
    }

    static func get(_ url: String, headers: [(String, String)] = []) async throws -> GatewayAnswer {
        try await send(url, method: .GET, headers: headers)
    }
}

/// A chat request body.
func chatBody(_ model: String, _ text: String = "Hi", stream: Bool = false, extra: [String: Any] = [:]) -> [String: Any]
{
    var body: [String: Any] = ["model": model, "messages": [["role": "user", "content": text]]]
    if stream { body["stream"] = true }
    body.merge(extra) { _, new in new }
    return body
}

/// The standard test configuration: one OpenAI-compatible provider (the fake) and a pool per operation.
func gatewayYAML(_ fakeURL: String, server: String = "", defaults: String = "") -> String {
    """
    version: 1
    defaults:
      timeout: 30s
      first_token_timeout: 20s
      idle_timeout: 20s
      failure_threshold: 1
      cooldown: 30s
    \(defaults)
    providers:
      up:
        type: openai
        base_url: \(fakeURL)/v1
        api_key: ${FAKE_KEY:-sk-fake-upstream-key}
    models:
      a: {provider: up, capabilities: [chat, streaming, tools, json_output]}
      b: {provider: up, capabilities: [chat, streaming, tools, json_output]}
      e: {provider: up, capabilities: [embeddings], dimensions: 8}
      tts: {provider: up, capabilities: [speech], voices: [alloy], formats: [mp3, wav]}
      stt: {provider: up, capabilities: [transcription]}
      img: {provider: up, capabilities: [image_generation], sizes: [256x256, 1024x1024]}
    pools:
      chat: {operation: chat, members: [a, b]}
      embeddings: {operation: embeddings, members: [e]}
      speech: {operation: speech, members: [tts]}
      transcription: {operation: transcription, members: [stt]}
      images: {operation: image_generation, members: [img]}
    \(server)
    """
}

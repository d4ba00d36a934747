import AIRouteTesting
import Foundation
import Testing

@testable import AIRoute

/// `usage` is always present: what the provider reported, or airoute's estimate, marked.
@Suite("Usage estimation")
struct UsageEstimationTests {
    static let noUsage =
        #"{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":"#
        + #"[{"index":0,"message":{"role":"assistant","content":"Hello there, friend"},"finish_reason":"stop"}]}"#

    @Test func aCompletionWithoutUsageGetsTheEstimate() async throws {
        try await withClient(FakeCatalog(members: [.init(id: "m")])) { client, server in
            server.setDefault(model: "m", behavior: .raw(status: 200, body: Self.noUsage))
            let request = ChatCompletionRequest(model: "pool", messages: [.user("How are you today?")])
            let reply = try await client.chat.completions.create(request)
            #expect(reply.usage.isEstimated)
            #expect(reply.usage.promptTokens == request.estimatedPromptTokens)
            #expect(reply.usage.completionTokens == 5)  // 19 bytes
            #expect(reply.usage.totalTokens == reply.usage.promptTokens + 5)
        }
    }

    @Test func reportedUsageIsKeptAsIs() async throws {
        try await withClient(FakeCatalog(members: [.init(id: "m")])) { client, _ in
            let reply = try await client.chat.completions.create(model: "pool", messages: [.user("Hi")])
            #expect(!reply.usage.isEstimated)
            #expect(reply.usage.totalTokens > 0)
        }
    }

    @Test func aStreamWithoutUsageCollectsToTheEstimate() async throws {
        try await withClient(FakeCatalog(members: [.init(id: "m")])) { client, server in
            // A server that ignores `stream_options.include_usage` (LiteLLM's mock, llama.cpp…).
            let chunk = { (delta: String, finish: String) in
                #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":"#
                    + #"[{"index":0,"delta":\#(delta),"finish_reason":\#(finish)}]}"# + "\n\n"
            }
            let body =
                chunk(#"{"role":"assistant","content":"streamed "}"#, "null") + chunk(#"{"content":"words"}"#, "null")
                + chunk("{}", #""stop""#) + "data: [DONE]\n\n"
            server.setDefault(model: "m", behavior: .raw(status: 200, body: body, contentType: "text/event-stream"))
            let request = ChatCompletionRequest(model: "pool", messages: [.user("Hi")])
            let reply = try await client.chat.completions.stream(request).collect()
            #expect(reply.text == "streamed words")
            #expect(reply.routing.member == "m")
            #expect(reply.usage.isEstimated)
            #expect(reply.usage.promptTokens == request.estimatedPromptTokens)
            #expect(reply.usage.completionTokens == 4)  // 14 bytes
        }
    }

    @Test func embeddingsWithoutUsageGetTheEstimate() async throws {
        var catalog = FakeCatalog(members: [.init(id: "e", capabilities: [.embeddings], type: .gemini)])
        catalog.operation = .embeddings
        try await withClient(catalog) { client, _ in
            let response = try await client.embeddings.create(model: "pool", input: ["a red fox", "b"])
            #expect(response.data.count == 2)
            #expect(response.usage.isEstimated)
            #expect(response.usage.promptTokens == EmbeddingInput.strings(["a red fox", "b"]).estimatedTokens)
        }
    }

    @Test func theMarkIsEncodedOnlyWhenEstimated() throws {
        let estimated =
            try JSONSerialization.jsonObject(
                with: JSONEncoder().encode(Usage(promptTokens: 3, completionTokens: 2, isEstimated: true)))
            as? [String: Any]
        #expect(estimated?["estimated"] as? Bool == true)
        let reported =
            try JSONSerialization.jsonObject(
                with: JSONEncoder().encode(Usage(promptTokens: 3, completionTokens: 2))) as? [String: Any]
        #expect(reported?["estimated"] == nil)
        #expect(reported?["total_tokens"] as? Int == 5)
        let decoded = try JSONDecoder().decode(Usage.self, from: Data(#"{"prompt_tokens":1,"estimated":true}"#.utf8))
        #expect(decoded.isEstimated)
    }
}

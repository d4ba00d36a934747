import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// Recorded provider answers (``Recordings``) replayed through the fake server and the real
/// transport: refusals, content filters and the shapes OpenAI-compatible servers send.
@Suite(.timeLimit(.minutes(1)))
struct RecordedAnswerTests {
    func catalog(_ type: ProviderType = .openai, _ operation: ModelOperation = .chat) -> FakeCatalog {
        var catalog = FakeCatalog(
            members: [.init(id: "m", capabilities: [.chat, .streaming, .tools, .embeddings], type: type)])
        catalog.operation = operation
        return catalog
    }

    static let sse = "text/event-stream"
    static let openAIRefusalText = "I'm very sorry, but I can't assist with that."

    /// Replays `body` for one non-streamed call.
    func completion(_ body: String, from type: ProviderType = .openai) async throws -> CompletionResponse {
        var reply: CompletionResponse?
        try await withClient(catalog(type)) { client, server in
            server.script(model: "m", [.raw(status: 200, body: body)])
            reply = try await client.chat.completions.create(model: "pool", messages: [.user("Hi")])
        }
        return try #require(reply)
    }

    /// Replays `body` as one stream and assembles it.
    func streamed(_ body: String, from type: ProviderType = .openai) async throws -> ChatCompletionAccumulator {
        var accumulator = ChatCompletionAccumulator()
        try await withClient(catalog(type)) { client, server in
            server.script(model: "m", [.raw(status: 200, body: body, contentType: Self.sse)])
            for try await chunk in try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]) {
                accumulator.add(chunk)
            }
        }
        return accumulator
    }

    // MARK: Refusals and content filters

    @Test func openAIRefusalKeepsRefusalAndFinishReason() async throws {
        let reply = try await completion(Recordings.openAIRefusal)
        #expect(reply.message?.refusal == "I'm very sorry, but I can't assist with that.")
        #expect(reply.message?.content == nil)
        #expect(reply.finishReason == .stop)
        #expect(reply.systemFingerprint == "fp_5050236cbd")
    }

    @Test func openAIStreamedRefusalKeepsRefusalAndItsLogprobs() async throws {
        let stream = try await streamed(Recordings.openAIRefusalStream)
        #expect(stream.refusal == Self.openAIRefusalText)
        #expect(stream.text.isEmpty)
        #expect(stream.finishReason == .stop)
        let response = stream.makeResponse()
        #expect(response.message?.content == nil)
        #expect(response.message?.refusal == Self.openAIRefusalText)
        // Every chunk's refusal log probabilities, in order, not only the last chunk's.
        guard case .object(let logprobs)? = response.choices.first?.logprobs,
            case .array(let tokens)? = logprobs["refusal"]
        else {
            Issue.record("no refusal logprobs: \(String(describing: response.choices.first?.logprobs))")
            return
        }
        let text = tokens.compactMap { token -> String? in
            if case .object(let fields) = token, case .string(let piece)? = fields["token"] { return piece }
            return nil
        }.joined()
        #expect(text == Self.openAIRefusalText)
        #expect(logprobs["content"] == .null)
    }

    @Test func azureContentFilterKeepsFinishReasonAndFilterResults() async throws {
        let reply = try await completion(Recordings.azureContentFilter)
        #expect(reply.finishReason == .contentFilter)
        #expect(reply.message?.content == nil)
        let results = try #require(reply.choices.first?.extra["content_filter_results"])
        #expect(results["violence"] == ["filtered": true, "severity": "medium"])
        #expect(reply.extra["prompt_filter_results"] != nil)
        #expect(reply.message?.extra["function_call"] == .null)
    }

    @Test func anthropicStreamedRefusalAfterThinking() async throws {
        let stream = try await streamed(Recordings.anthropicRefusalAfterThinkingStream, from: .anthropic)
        #expect(stream.text == "Hi")
        #expect(stream.finishReason == .contentFilter)
        #expect(stream.reasoning?.hasPrefix("Simple educational question about what a solar eclipse is.") == true)
        let choice = try #require(stream.makeResponse().choices.first)
        #expect(choice.extra["stop_details"]?["type"] == "refusal")
        #expect(choice.message.reasoning == stream.reasoning)
    }

    @Test func anthropicRefusalKeepsStopDetails() async throws {
        let reply = try await completion(Recordings.anthropicRefusal, from: .anthropic)
        #expect(reply.text == "Hello..")
        #expect(reply.finishReason == .contentFilter)
        #expect(
            reply.choices.first?.extra["stop_details"]?["explanation"]
                == "This request was declined because it could enable cyber harm.")
    }

    @Test func geminiSafetyStopIsContentFilter() async throws {
        let reply = try await completion(Recordings.geminiSafetyStop, from: .gemini)
        #expect(reply.finishReason == .contentFilter)
        #expect((reply.text ?? "").isEmpty)
        #expect(reply.choices.first?.extra["native_finish_reason"] == "SAFETY")
        // Streamed, the same answer is one event.
        let stream = try await streamed("data: " + Recordings.geminiSafetyStop + "\r\n\r\n", from: .gemini)
        #expect(stream.finishReason == .contentFilter)
        #expect(stream.text.isEmpty)
        #expect(stream.makeResponse().choices.first?.extra["native_finish_reason"] == "SAFETY")
    }

    // MARK: What OpenAI-compatible servers send

    @Test func toolCallWithoutTypeIsAFunctionCall() async throws {
        let reply = try await completion(Recordings.toolCallWithoutType)
        let call = try #require(reply.toolCalls.first)
        #expect(call.type == "function")
        #expect(call.function.name == "get_weather")
        #expect(call.function.arguments == #"{"city":"Paris"}"#)
    }

    @Test func mistralThinkingPartsStreamAsReasoning() async throws {
        let stream = try await streamed(Recordings.mistralThinkingStream)
        #expect(stream.text == "4.")
        #expect(stream.reasoning == " by 2 is")
        #expect(stream.finishReason == .stop)
    }

    @Test func nonStreamedThinkingPartsAreTheSameReasoning() throws {
        let body =
            #"{"id":"c","model":"magistral-medium-latest","choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":" by 2 is"}]},{"type":"text","text":"4."}]},"finish_reason":"stop"}]}"#
        let reply = try JSONDecoder().decode(CompletionResponse.self, from: Data(body.utf8))
        #expect(reply.text == "4.")
        #expect(reply.message?.reasoning == " by 2 is")
    }

    @Test func undeclaredFieldsSurviveAnEncodeRoundTrip() throws {
        let reply = try JSONDecoder().decode(CompletionResponse.self, from: Data(Recordings.azureContentFilter.utf8))
        let encoded = try JSONEncoder().encode(reply)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["prompt_filter_results"] != nil)
        let choice = try #require((object["choices"] as? [[String: Any]])?.first)
        #expect(choice["content_filter_results"] != nil)
        #expect((choice["message"] as? [String: Any])?.keys.contains("function_call") == true)
        #expect(try JSONDecoder().decode(CompletionResponse.self, from: encoded) == reply)
    }

    @Test func customToolCallsDecodeAndEncodeInTheirOwnShape() throws {
        let text = #"{"id":"call_1","type":"custom","custom":{"name":"grammar","input":"SELECT 1"}}"#
        let call = try JSONDecoder().decode(ToolCall.self, from: Data(text.utf8))
        #expect(call.type == "custom" && call.function.name == "grammar" && call.function.arguments == "SELECT 1")
        let encoded = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(call)) as? [String: Any]
        #expect((encoded?["custom"] as? [String: Any])?["input"] as? String == "SELECT 1")
        #expect(encoded?["function"] == nil)
    }

    @Test func unpooledEmbeddingsGiveAOneLineErrorNamingTheShape() async throws {
        try await withClient(catalog(.openai, .embeddings)) { client, server in
            server.script(model: "m", [.raw(status: 200, body: Recordings.unpooledEmbeddings)])
            do {
                _ = try await client.embeddings.create(model: "pool", input: ["a b c"])
                Issue.record("per-token vectors were accepted")
            } catch let error as RouteError {
                let message = error.routing.attempts.first?.message ?? ""
                #expect(message.contains("one vector per token (3×4) instead of one pooled vector"), "\(message)")
                #expect(!message.contains("\n"))
            }
        }
    }
}

import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// The Anthropic and Gemini adapters through `OpenAIClient`, the real transport and the loopback
/// fake server speaking each provider's wire format.
@Suite(.timeLimit(.minutes(1)))
struct ProviderAdapterEndToEndTests {
    let weather = Tool(
        function: .init(
            name: "get_weather",
            parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]))

    func catalog(_ type: ProviderType, _ capabilities: CapabilitySet = [.chat, .streaming, .tools]) -> FakeCatalog {
        FakeCatalog(members: [.init(id: "m", capabilities: capabilities, key: "sk-e2e-secret", type: type)])
    }

    @Test(arguments: [ProviderType.anthropic, .gemini])
    func chatAndStream(type: ProviderType) async throws {
        try await withClient(catalog(type)) { client, server in
            let reply = try await client.chat.completions.create(
                model: "pool", messages: [.system("Be brief."), .user("Hi")])
            #expect(reply.text == "Hello from m")
            #expect(reply.finishReason == .stop)
            #expect(!reply.usage.isEstimated)
            let stream = try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")])
            let (text, error) = await collect(stream)
            #expect(error == nil)
            #expect(text == "Hello from m")
            for request in server.requests {
                #expect(!request.uri.contains("sk-e2e-secret"))
            }
        }
    }

    @Test(arguments: [ProviderType.anthropic, .gemini])
    func streamedToolCall(type: ProviderType) async throws {
        try await withClient(catalog(type)) { client, server in
            server.script(
                model: "m",
                [.ok(chunks: 4, toolCall: FakeToolCall(name: "get_weather", arguments: #"{"city":"Paris","days":3}"#))])
            var request = ChatCompletionRequest(model: "pool", messages: [.user("Weather?")])
            request.tools = [weather]
            var accumulator = ChatCompletionAccumulator()
            for try await chunk in try await client.chat.completions.stream(request) { accumulator.add(chunk) }
            #expect(accumulator.finishReason == .toolCalls)
            #expect(accumulator.incompleteToolCalls.isEmpty)
            let call = try #require(accumulator.toolCalls.first)
            #expect(call.name == "get_weather")
            let arguments = try JSONDecoder().decode(JSONValue.self, from: Data(call.arguments.utf8))
            #expect(arguments == ["city": "Paris", "days": 3])
        }
    }

    @Test func anthropicStructuredOutputIsTheAnswersText() async throws {
        try await withClient(catalog(.anthropic, [.chat, .streaming, .jsonOutput])) { client, server in
            let answer = FakeToolCall(name: "city", arguments: #"{"name":"Paris","population":2102650}"#)
            server.script(model: "m", [.ok(chunks: 3, toolCall: answer), .ok(chunks: 3, toolCall: answer)])
            var request = ChatCompletionRequest(model: "pool", messages: [.user("The largest city in France?")])
            request.responseFormat = .jsonSchema(
                .init(name: "city", schema: ["type": "object", "properties": ["name": ["type": "string"]]]))
            let reply = try await client.chat.completions.create(request)
            #expect(reply.text == #"{"name":"Paris","population":2102650}"#)
            #expect(reply.toolCalls.isEmpty)
            #expect(reply.finishReason == .stop)
            let sent = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(server.requests.first).body))
            #expect(sent["tool_choice"] == ["type": "tool", "name": "city"])

            var accumulator = ChatCompletionAccumulator()
            for try await chunk in try await client.chat.completions.stream(request) { accumulator.add(chunk) }
            let streamed = try JSONDecoder().decode(JSONValue.self, from: Data(accumulator.text.utf8))
            #expect(streamed == ["name": "Paris", "population": 2_102_650])
            #expect(accumulator.toolCalls.isEmpty)
            #expect(accumulator.finishReason == .stop)
        }
    }

    @Test func anthropicOverloadFailsOverToGemini() async throws {
        let catalog = FakeCatalog(members: [
            .init(id: "claude", type: .anthropic), .init(id: "gemini", type: .gemini),
        ])
        try await withClient(catalog) { client, server in
            server.script(model: "claude", [.status(529)])
            let reply = try await client.chat.completions.create(model: "pool", messages: [.user("Hi")])
            #expect(reply.routing.member == "gemini")
            #expect(reply.routing.attempts.first?.errorClass == .transient)
            #expect(reply.routing.attempts.first?.status == 529)
        }
    }

    @Test(arguments: [ProviderType.anthropic, .gemini])
    func inBandErrorBeforeContentFailsOver(type: ProviderType) async throws {
        let catalog = FakeCatalog(members: [.init(id: "a", type: type), .init(id: "b", type: type)])
        try await withClient(catalog) { client, server in
            server.script(model: "a", [.inBandError(afterChunks: 0)])
            let (text, error) = await collect(
                try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(error == nil)
            #expect(text == "Hello from b")
        }
    }

    @Test(arguments: [ProviderType.anthropic, .gemini])
    func cutStreamIsAnError(type: ProviderType) async throws {
        try await withClient(catalog(type)) { client, server in
            server.script(model: "m", [.cut(afterChunks: 2)])
            let (_, error) = await collect(
                try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(error?.code == .interrupted)
        }
    }

    @Test func geminiRateLimitCarriesRetryDelay() async throws {
        try await withClient(catalog(.gemini)) { client, server in
            server.script(model: "m", [.status(429, retryDelay: "26s")])
            do {
                _ = try await client.chat.completions.create(model: "pool", messages: [.user("Hi")])
                Issue.record("expected a failure")
            } catch let error as RouteError {
                #expect(error.failure?.errorClass == .rateLimited)
                #expect(error.failure?.retryAfter == .seconds(26))
            }
        }
    }

    @Test func geminiEmbeddings() async throws {
        var catalog = catalog(.gemini, [.embeddings])
        catalog.operation = .embeddings
        try await withClient(catalog) { client, server in
            let one = try await client.embeddings.create(model: "pool", input: ["a red fox"], dimensions: 4)
            #expect(one.data.count == 1)
            #expect(one.data.first?.embedding.count == 4)
            let two = try await client.embeddings.create(model: "pool", input: ["a", "b"])
            #expect(two.vectors.count == 2)
            #expect(server.requests.map(\.path).contains { $0.hasSuffix(":batchEmbedContents") })
        }
    }
}

import AIRoute
import Foundation
import Testing

struct ModelsCodingTests {
    // MARK: - Helpers

    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// The JSON a value encodes to, as a comparable tree.
    private func json(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// Decoding what a value encodes to gives the value back.
    private func roundTrips<T: Codable & Equatable>(_ value: T) throws -> Bool {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value)) == value
    }

    // MARK: - Chat responses

    @Test func decodesChatCompletionWithToolCalls() throws {
        let response = try decode(CompletionResponse.self, OpenAIFixtures.chatCompletionWithToolCalls)
        #expect(response.id == "chatcmpl-BGq2zCq6v6vMDaK1Ft7aBG3bHbxiW")
        #expect(response.model == "gpt-4o-mini-2024-07-18")
        #expect(response.created == 1_744_037_265)
        #expect(response.finishReason == .toolCalls)
        #expect(response.message?.role == .assistant)
        #expect(response.message?.content == nil)
        #expect(
            response.toolCalls == [
                ToolCall(
                    id: "call_qHzGmm2p6JQXcxnIqc0FUm8S",
                    function: .init(
                        name: "get_weather", arguments: #"{"city":"Paris","unit":"celsius"}"#))
            ])
        #expect(response.usage.totalTokens == 99)
        #expect(response.usage.completionTokensDetails?["reasoning_tokens"] == 0)
        #expect(response.systemFingerprint == "fp_b376dfbbd5")
        #expect(response.routing == .unrouted)
        #expect(try roundTrips(response))
    }

    @Test func encodesRoutingAndOpenAIShapeOfCompletion() throws {
        let routing = RoutingInfo(
            pool: "text-generation", member: "claude-haiku", provider: "anthropic",
            attempts: [
                AttemptRecord(
                    member: "gpt-4o-mini", provider: "openai", model: "gpt-4o-mini", errorClass: .rateLimited,
                    status: 429, durationMs: 12),
                AttemptRecord(
                    member: "claude-haiku", provider: "anthropic", model: "claude-3-5-haiku", durationMs: 340),
            ])
        let response = CompletionResponse(
            id: "msg_1", created: 1_700_000_000, model: "claude-3-5-haiku",
            choices: [.init(index: 0, message: .assistant("Hi!"), finishReason: .stop)],
            usage: Usage(promptTokens: 3, completionTokens: 2), routing: routing)
        let encoded = try json(response)
        #expect(encoded["object"] == "chat.completion")
        #expect(
            encoded["choices"]?.arrayValue?.first == [
                "index": 0, "message": ["role": "assistant", "content": "Hi!"], "finish_reason": "stop",
                "logprobs": nil,
            ])
        #expect(encoded["usage"] == ["prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5])
        #expect(encoded["routing"]?["pool"] == "text-generation")
        #expect(encoded["routing"]?["member"] == "claude-haiku")
        #expect(encoded["routing"]?["attempts"]?.arrayValue?.first?["error_class"] == "rate_limited")
        #expect(encoded["routing"]?["attempts"]?.arrayValue?.first?["status"] == 429)
        #expect(try roundTrips(response))
    }

    @Test func unknownOpenValuesDecode() throws {
        let response = try decode(
            CompletionResponse.self,
            #"""
            {"id": "x", "object": "chat.completion", "created": 1, "model": "m",
             "choices": [{"index": 0, "message": {"role": "critic", "content": "meh"}, "finish_reason": "eos"}]}
            """#)
        #expect(response.finishReason == FinishReason(rawValue: "eos"))
        #expect(response.message?.role == ChatRole(rawValue: "critic"))
        #expect(try json(response)["choices"]?.arrayValue?.first?["finish_reason"] == "eos")
        let speech = try decode(SpeechRequest.self, #"{"model": "tts", "input": "Hi", "voice": "marin"}"#)
        #expect(speech.voice == "marin")
        #expect(speech.voice != .alloy)
        #expect(try decode(AudioFormat.self, #""ulaw""#).rawValue == "ulaw")
    }

    @Test func messageContentDecodesStringAndParts() throws {
        let message = try decode(
            ChatMessage.self,
            #"""
            {"role": "user", "content": [
              {"type": "text", "text": "What is this?"},
              {"type": "image_url", "image_url": {"url": "https://x/fox.png", "detail": "low"}},
              {"type": "input_audio", "input_audio": {"data": "AAA=", "format": "wav"}}
            ]}
            """#)
        #expect(message.hasImageParts)
        #expect(message.text == "What is this?")
        guard case .parts(let parts) = message.content else {
            Issue.record("expected parts")
            return
        }
        #expect(parts[1] == .imageURL("https://x/fox.png", detail: .low))
        #expect(parts[2] == .other(["type": "input_audio", "input_audio": ["data": "AAA=", "format": "wav"]]))
        #expect(try roundTrips(message))
    }

    // MARK: - Streaming

    @Test func accumulatesToolCallDeltasIntoResponse() throws {
        var decoder = ServerSentEventDecoder()
        let events = try decoder.feed(Array(OpenAIFixtures.toolCallStream.utf8))
        #expect(try decoder.finish().isComplete)
        #expect(events.last?.isDone == true)

        var accumulator = ChatCompletionAccumulator()
        for event in events where !event.isDone {
            accumulator.add(try decode(ChatCompletionChunk.self, event.data))
        }
        #expect(accumulator.isFinished)
        #expect(accumulator.incompleteToolCalls.isEmpty)
        let response = accumulator.makeResponse(routing: RoutingInfo(pool: "text-generation"))
        #expect(response.id == "chatcmpl-1")
        #expect(response.model == "gpt-4o-mini-2024-07-18")
        #expect(response.finishReason == .toolCalls)
        #expect(response.message?.role == .assistant)
        #expect(response.message?.content == nil)
        #expect(
            response.toolCalls == [
                ToolCall(id: "call_A", function: .init(name: "get_weather", arguments: #"{"city": "Paris"}"#)),
                ToolCall(id: "call_B", function: .init(name: "get_time", arguments: #"{"tz": "CET"}"#)),
            ])
        #expect(response.usage == Usage(promptTokens: 80, completionTokens: 30, totalTokens: 110))
        #expect(response.routing.pool == "text-generation")
    }

    @Test func detectsToolCallArgumentsCutMidJSON() throws {
        var decoder = ServerSentEventDecoder()
        let events = try decoder.feed(Array(OpenAIFixtures.toolCallStream.utf8))
        var accumulator = ChatCompletionAccumulator()
        for event in events.prefix(3) {  // the arguments stop at `{"city": "Pa`
            accumulator.add(try decode(ChatCompletionChunk.self, event.data))
        }
        #expect(accumulator.hasContent)
        #expect(!accumulator.isFinished)
        #expect(accumulator.incompleteToolCalls.map(\.id) == ["call_A"])
        #expect(accumulator.incompleteToolCalls.first?.arguments == #"{"city": "Pa"#)
    }

    @Test func accumulatesTextAndEncodesChunksLikeOpenAI() throws {
        var accumulator = ChatCompletionAccumulator()
        let pieces = ["Hél", "lo ", "🌍"]
        accumulator.add(
            ChatCompletionChunk(
                id: "c", created: 5, model: "m", choices: [.init(delta: .init(role: .assistant, content: ""))]))
        #expect(!accumulator.hasContent)
        for piece in pieces {
            accumulator.add(
                ChatCompletionChunk(
                    id: "c", created: 5, model: "m", choices: [.init(delta: .init(content: piece))]))
        }
        let last = ChatCompletionChunk(
            id: "c", created: 5, model: "m", choices: [.init(delta: .init(), finishReason: .stop)])
        accumulator.add(last)
        #expect(accumulator.makeResponse().text == "Héllo 🌍")
        #expect(accumulator.finishReason == .stop)
        let encoded = try json(
            ChatCompletionChunk(
                id: "c", created: 5, model: "m", choices: [.init(delta: .init(content: "x"))]))
        #expect(
            encoded == [
                "id": "c", "object": "chat.completion.chunk", "created": 5, "model": "m",
                "choices": [["index": 0, "delta": ["content": "x"], "finish_reason": nil]],
            ])
        #expect(try roundTrips(last))
    }

    // MARK: - Embeddings, transcription, images

    @Test func decodesFloatEmbeddings() throws {
        let response = try decode(EmbeddingResponse.self, OpenAIFixtures.embeddingFloat)
        #expect(response.data.count == 2)
        #expect(response.vectors[0] == [0.0023064255, -0.009327292, 0.015797347])
        #expect(response.usage == .init(promptTokens: 8, totalTokens: 8))
        #expect(response.model == "text-embedding-3-small")
        #expect(try roundTrips(response))
    }

    @Test func decodesBase64EmbeddingsAsLittleEndianFloat32() throws {
        let response = try decode(EmbeddingResponse.self, OpenAIFixtures.embeddingBase64)
        #expect(response.vectors == [[0.5, -1.25, 3.0]])
        #expect(try json(response)["data"]?.arrayValue?.first?["embedding"] == [0.5, -1.25, 3])
        #expect(throws: DecodingError.self) {
            try decode(EmbeddingResponse.Embedding.self, #"{"object": "embedding", "index": 0, "embedding": "AAA"}"#)
        }
    }

    @Test func decodesVerboseTranscription() throws {
        let response = try decode(TranscriptionResponse.self, OpenAIFixtures.verboseTranscription)
        #expect(response.language == "english")
        #expect(response.duration == 8.470000267028809)
        #expect(response.segments?.count == 2)
        #expect(response.segments?[1].text == " People were swimming in the ocean.")
        #expect(response.segments?[0].avgLogprob == -0.2860786020755768)
        #expect(response.usage?["seconds"] == 9)
        #expect(try roundTrips(response))
    }

    @Test func decodesImageResponse() throws {
        let response = try decode(ImageResponse.self, OpenAIFixtures.imageResponse)
        #expect(response.created == 1_713_833_628)
        #expect(response.data[0].imageData == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(response.data[0].revisedPrompt == "A red fox sitting in fresh snow at dawn.")
        #expect(response.data[1].url?.hasSuffix("img-1.png") == true)
        #expect(try json(response)["data"]?.arrayValue?.first?["b64_json"] == "iVBORw0KGgo=")
        #expect(try roundTrips(response))
    }

    // MARK: - Requests

    @Test func encodesChatRequestWithImagePartsToolsAndSchema() throws {
        let request = ChatCompletionRequest(
            model: "vision-chat",
            messages: [
                .system("Be brief."),
                .user(text: "What animal?", imageURL: "data:image/png;base64,iVBORw0KGgo=", detail: .high),
                .assistant(toolCalls: [ToolCall(id: "call_1", function: .init(name: "lookup", arguments: "{}"))]),
                .tool(id: "call_1", content: "fox"),
            ],
            temperature: 0.5,
            maxTokens: 100,
            tools: [
                Tool(
                    function: .init(
                        name: "lookup", description: "Look an animal up",
                        parameters: ["type": "object", "properties": ["name": ["type": "string"]]], strict: true))
            ],
            toolChoice: .function(name: "lookup"),
            responseFormat: .jsonSchema(.init(name: "animal", schema: ["type": "object"], strict: true)))
        let encoded = try json(request)
        let messages = try #require(encoded["messages"]?.arrayValue)
        #expect(messages[0] == ["role": "system", "content": "Be brief."])
        #expect(
            messages[1] == [
                "role": "user",
                "content": [
                    ["type": "text", "text": "What animal?"],
                    [
                        "type": "image_url",
                        "image_url": ["url": "data:image/png;base64,iVBORw0KGgo=", "detail": "high"],
                    ],
                ],
            ])
        #expect(
            messages[2] == [
                "role": "assistant",
                "tool_calls": [
                    ["id": "call_1", "type": "function", "function": ["name": "lookup", "arguments": "{}"]]
                ],
            ])
        #expect(messages[3] == ["role": "tool", "content": "fox", "tool_call_id": "call_1"])
        #expect(
            encoded["tools"] == [
                [
                    "type": "function",
                    "function": [
                        "name": "lookup", "description": "Look an animal up", "strict": true,
                        "parameters": ["type": "object", "properties": ["name": ["type": "string"]]],
                    ],
                ]
            ])
        #expect(encoded["tool_choice"] == ["type": "function", "function": ["name": "lookup"]])
        #expect(
            encoded["response_format"] == [
                "type": "json_schema", "json_schema": ["name": "animal", "schema": ["type": "object"], "strict": true],
            ])
        #expect(encoded["temperature"] == 0.5)
        #expect(encoded["max_tokens"] == 100)
        #expect(encoded["top_p"] == nil)
        #expect(request.hasImageParts)
        #expect(try roundTrips(request))
    }

    @Test func flattensExtraParametersAndKeepsDeclaredOnes() throws {
        var request = ChatCompletionRequest(model: "m", messages: [.user("Hi")], seed: 7)
        request.extra = ["reasoning_effort": "low", "metadata": ["team": "a"], "seed": 99]
        let encoded = try json(request)
        #expect(encoded["reasoning_effort"] == "low")
        #expect(encoded["metadata"] == ["team": "a"])
        #expect(encoded["seed"] == 7)
        #expect(encoded["extra"] == nil)

        let decoded = try decode(
            ChatCompletionRequest.self,
            #"""
            {"model": "m", "messages": [{"role": "user", "content": "Hi"}], "seed": 7,
             "reasoning_effort": "low", "metadata": {"team": "a"}}
            """#)
        #expect(decoded.seed == 7)
        #expect(decoded.extra == ["reasoning_effort": "low", "metadata": ["team": "a"]])

        let embedding = EmbeddingRequest(
            model: "e", input: ["a", "b"], dimensions: 256, extra: ["input_type": "query"])
        #expect(try json(embedding) == ["model": "e", "input": ["a", "b"], "dimensions": 256, "input_type": "query"])
        let image = ImageGenerationRequest(
            model: "i", prompt: "fox", n: 2, responseFormat: .b64JSON, extra: ["background": "transparent"])
        #expect(
            try json(image) == [
                "model": "i", "prompt": "fox", "n": 2, "response_format": "b64_json", "background": "transparent",
            ])
        let speech = SpeechRequest(
            model: "s", input: "Hi", voice: .nova, responseFormat: .wav, extra: ["stream_format": "sse"])
        #expect(
            try json(speech) == [
                "model": "s", "input": "Hi", "voice": "nova", "response_format": "wav", "stream_format": "sse",
            ])
        request.extra["seed"] = nil  // dropped when encoding: the declared `seed` wins
        #expect(try roundTrips(request))
        #expect(try roundTrips(embedding))
        #expect(try roundTrips(image))
        #expect(try roundTrips(speech))
    }

    @Test(arguments: [
        (StopSequences.single("END"), JSONValue.string("END")),
        (StopSequences.multiple(["a", "b"]), JSONValue.array(["a", "b"])),
    ])
    func encodesStopAsStringOrArray(stop: StopSequences, expected: JSONValue) throws {
        let request = ChatCompletionRequest(model: "m", messages: [.user("Hi")], stop: stop)
        #expect(try json(request)["stop"] == expected)
        #expect(
            try decode(ChatCompletionRequest.self, String(decoding: JSONEncoder().encode(request), as: UTF8.self))
                .stop == stop)
    }

    @Test func decodesEveryEmbeddingInputShape() throws {
        #expect(try decode(EmbeddingInput.self, #""a""#) == .string("a"))
        #expect(try decode(EmbeddingInput.self, #"["a", "b"]"#) == .strings(["a", "b"]))
        #expect(try decode(EmbeddingInput.self, "[1, 2]") == .tokens([1, 2]))
        #expect(try decode(EmbeddingInput.self, "[[1], [2, 3]]") == .tokenArrays([[1], [2, 3]]))
        #expect(EmbeddingInput.tokenArrays([[1], [2, 3]]).count == 2)
    }

    @Test func toolChoiceAndResponseFormatModes() throws {
        #expect(try json(ToolChoice.required) == "required")
        #expect(try decode(ToolChoice.self, #""none""#) == ToolChoice.none)
        #expect(
            try decode(ToolChoice.self, #"{"type": "function", "function": {"name": "f"}}"#) == .function(name: "f"))
        #expect(try json(ResponseFormat.jsonObject) == ["type": "json_object"])
        #expect(try decode(ResponseFormat.self, #"{"type": "text"}"#) == .text)
    }

    @Test func estimatesPromptTokens() {
        let text = String(repeating: "abcd", count: 100)  // 400 bytes: 100 tokens
        let plain = ChatCompletionRequest(model: "m", messages: [.user(text)])
        #expect(plain.estimatedPromptTokens == 3 + 4 + (400 + 4 + 3) / 4)
        #expect(!plain.hasImageParts)
        let low = ChatCompletionRequest(model: "m", messages: [.user(text: "", imageURL: "u", detail: .low)])
        let high = ChatCompletionRequest(model: "m", messages: [.user(text: "", imageURL: "u")])
        #expect(low.estimatedPromptTokens >= 85)
        #expect(high.estimatedPromptTokens > low.estimatedPromptTokens)
        #expect(high.hasImageParts)
    }

    @Test func jsonValueRoundTripsEveryKind() throws {
        let value: JSONValue = ["n": nil, "b": true, "i": 42, "d": 1.5, "s": "é", "a": [1, "x"], "o": ["k": false]]
        #expect(try roundTrips(value))
        #expect(try decode(JSONValue.self, "true") == .bool(true))
        #expect(try decode(JSONValue.self, "1") == .number(1))
    }
}

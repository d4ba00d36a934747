import Foundation
import HTTPTypes
import Testing

@testable import AIRoute

/// Helpers shared by the provider wire tests.
enum WireTestSupport {
    static func member(
        _ type: ProviderType, model: String, key: String, maxOutputTokens: Int? = nil, baseURL: String? = nil,
        headers: [(name: String, value: String)] = []
    ) -> RouteMember {
        RouteMember(
            model: ModelConfiguration(
                id: "m", provider: "p", upstreamName: model, capabilities: [.chat, .streaming, .tools, .vision],
                maxOutputTokens: maxOutputTokens),
            provider: ProviderConfiguration(
                name: "p", type: type, baseURL: baseURL, apiKey: Secret(key), headers: headers),
            priority: 1, weight: 1, fingerprinter: .random())
    }

    static func json(_ request: WireRequest) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try #require(request.body))
    }

    static func header(_ request: WireRequest, _ name: String) -> String? {
        request.headers.first { $0.name.canonicalName == name }?.value
    }

    /// Decodes an SSE text into events.
    static func events(_ text: String) throws -> [ServerSentEvent] {
        var decoder = ServerSentEventDecoder()
        let events = try decoder.feed(Array(text.utf8))
        return events + (try decoder.finish()).events
    }

    /// Runs events through a translator the way the stream pump does; returns the chunks, whether
    /// the terminal event arrived, and whether the stream would count as complete.
    static func run(
        _ translator: any ChatStreamTranslating, _ events: [ServerSentEvent]
    ) throws
        -> (chunks: [ChatCompletionChunk], finished: Bool, complete: Bool)
    {
        var translator = translator
        var chunks: [ChatCompletionChunk] = []
        var finished = false
        for event in events where !finished {
            let step = try translator.translate(event)
            chunks += step.chunks
            finished = step.finished
        }
        return (chunks, finished, finished || translator.completesWithoutTerminalEvent())
    }

    static func accumulate(_ chunks: [ChatCompletionChunk]) -> ChatCompletionAccumulator {
        var accumulator = ChatCompletionAccumulator()
        for chunk in chunks { accumulator.add(chunk) }
        return accumulator
    }

    static let now = Timestamp(secondsSince1970: 1_750_000_000)
}

struct AnthropicWireTests {
    let wire = AnthropicWire()
    let member = WireTestSupport.member(.anthropic, model: "claude-3-5-haiku-latest", key: "sk-ant-test")

    // MARK: Request

    @Test func requestURLHeadersAndDefaults() throws {
        let request = ChatCompletionRequest(model: "pool", messages: [.user("Hi")])
        let wireRequest = try wire.chatRequest(request, member: member, stream: false)
        #expect(wireRequest.method.rawValue == "POST")
        #expect(wireRequest.url == "https://api.anthropic.com/v1/messages")
        #expect(!wireRequest.url.contains("sk-ant-test"))
        #expect(WireTestSupport.header(wireRequest, "x-api-key") == "sk-ant-test")
        #expect(WireTestSupport.header(wireRequest, "anthropic-version") == "2023-06-01")
        #expect(WireTestSupport.header(wireRequest, "content-type") == "application/json")
        #expect(WireTestSupport.header(wireRequest, "authorization") == nil)
        let body = try WireTestSupport.json(wireRequest)
        #expect(body["model"] == "claude-3-5-haiku-latest")
        #expect(body["max_tokens"] == 4096)
        #expect(body["stream"] == nil)
        #expect(body["system"] == nil)
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "Hi"]]]])
    }

    @Test func maxTokensComesFromRequestThenModel() throws {
        let configured = WireTestSupport.member(.anthropic, model: "claude", key: "k", maxOutputTokens: 8192)
        var request = ChatCompletionRequest(model: "pool", messages: [.user("Hi")])
        #expect(
            try WireTestSupport.json(wire.chatRequest(request, member: configured, stream: false))["max_tokens"] == 8192
        )
        request.maxTokens = 100
        #expect(
            try WireTestSupport.json(wire.chatRequest(request, member: configured, stream: false))["max_tokens"] == 100)
        request.maxCompletionTokens = 200
        #expect(
            try WireTestSupport.json(wire.chatRequest(request, member: configured, stream: false))["max_tokens"] == 200)
    }

    @Test func providerHeadersComeFirstAndMayOverrideTheVersion() throws {
        let custom = WireTestSupport.member(
            .anthropic, model: "claude", key: "k", baseURL: "http://127.0.0.1:8080/",
            headers: [("anthropic-beta", "prompt-caching-2024-07-31"), ("Anthropic-Version", "2024-01-01")])
        let request = try wire.chatRequest(.init(model: "p", messages: [.user("x")]), member: custom, stream: true)
        #expect(request.url == "http://127.0.0.1:8080/v1/messages")
        #expect(request.streaming)
        #expect(request.headers.filter { $0.name.canonicalName == "anthropic-version" }.map(\.value) == ["2024-01-01"])
        #expect(WireTestSupport.header(request, "anthropic-beta") == "prompt-caching-2024-07-31")
        #expect(try WireTestSupport.json(request)["stream"] == true)
    }

    @Test func systemMessagesAreJoinedAndParametersMapped() throws {
        var request = ChatCompletionRequest(
            model: "pool",
            messages: [.system("Be brief."), .user("Hi"), .developer("Answer in French."), .user("Again")],
            temperature: 1.6, topP: 0.9, stop: ["END", "STOP"], user: "user-42")
        request.extra = ["top_k": 5, "reasoning_effort": "low"]
        let body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["system"] == "Be brief.\n\nAnswer in French.")
        #expect(body["temperature"] == 1)  // clamped to Anthropic's 0–1
        #expect(body["top_p"] == 0.9)
        #expect(body["stop_sequences"] == ["END", "STOP"])
        #expect(body["metadata"] == ["user_id": "user-42"])
        #expect(body["top_k"] == 5)
        #expect(body["reasoning_effort"] == nil)
        // Both user messages merged into one (Anthropic requires alternation).
        #expect(
            body["messages"]
                == [
                    ["role": "user", "content": [["type": "text", "text": "Hi"], ["type": "text", "text": "Again"]]]
                ])
    }

    @Test func imagePartsBecomeBase64OrURLSources() throws {
        let message = ChatMessage(
            role: .user,
            content: .parts([
                .text("What is this?"), .imageURL("data:image/png;base64,iVBORw0KGgo="),
                .imageURL("https://example.com/fox.jpg", detail: .high),
            ]))
        let body = try WireTestSupport.json(
            wire.chatRequest(.init(model: "p", messages: [message]), member: member, stream: false))
        #expect(
            body["messages"]?.arrayValue?.first?["content"]
                == [
                    ["type": "text", "text": "What is this?"],
                    [
                        "type": "image",
                        "source": ["type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="],
                    ],
                    ["type": "image", "source": ["type": "url", "url": "https://example.com/fox.jpg"]],
                ])
    }

    @Test func unsupportedPartsAreRejected() throws {
        let message = ChatMessage(
            role: .user, content: .parts([.other(["type": "input_audio", "input_audio": ["data": "AAAA"]])]))
        #expect(throws: UpstreamFailure.self) {
            try wire.chatRequest(.init(model: "p", messages: [message]), member: member, stream: false)
        }
    }

    @Test func toolsAndToolChoice() throws {
        let weather = Tool(
            function: .init(
                name: "get_weather", description: "Weather in a city",
                parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]))
        let clock = Tool(function: .init(name: "get_time"))
        var request = ChatCompletionRequest(model: "p", messages: [.user("Hi")], tools: [weather, clock])
        var body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(
            body["tools"]
                == [
                    [
                        "name": "get_weather", "description": "Weather in a city",
                        "input_schema": [
                            "type": "object", "properties": ["city": ["type": "string"]], "required": ["city"],
                        ],
                    ],
                    ["name": "get_time", "input_schema": ["type": "object", "properties": [:]]],
                ])
        #expect(body["tool_choice"] == nil)

        let expectations: [(ToolChoice, JSONValue)] = [
            (.auto, ["type": "auto"]), (.none, ["type": "none"]), (.required, ["type": "any"]),
            (.function(name: "get_weather"), ["type": "tool", "name": "get_weather"]),
        ]
        for (choice, expected) in expectations {
            request.toolChoice = choice
            body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
            #expect(body["tool_choice"] == expected)
        }
        request.toolChoice = .required
        request.parallelToolCalls = false
        body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["tool_choice"] == ["type": "any", "disable_parallel_tool_use": true])

        // tool_choice without tools is left out (Anthropic rejects it).
        request.tools = nil
        body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["tool_choice"] == nil)
        #expect(body["tools"] == nil)
    }

    @Test func toolUseAndToolResultRoundTrip() throws {
        let messages: [ChatMessage] = [
            .user("Weather in Paris and Rome?"),
            ChatMessage(
                role: .assistant, content: .text("Let me check."),
                toolCalls: [
                    ToolCall(id: "toolu_01A", function: .init(name: "get_weather", arguments: #"{"city":"Paris"}"#)),
                    ToolCall(id: "call.B/2", function: .init(name: "get_weather", arguments: #"{"city":"Rome"}"#)),
                    ToolCall(id: "toolu_01C", function: .init(name: "get_time", arguments: "")),
                ]),
            .tool(id: "toolu_01A", content: "18°C"),
            .tool(id: "call.B/2", content: "24°C"),
            .tool(id: "toolu_01C", content: "12:00"),
            .user("Thanks. And tomorrow?"),
        ]
        let body = try WireTestSupport.json(
            wire.chatRequest(.init(model: "p", messages: messages), member: member, stream: false))
        #expect(
            body["messages"]
                == [
                    ["role": "user", "content": [["type": "text", "text": "Weather in Paris and Rome?"]]],
                    [
                        "role": "assistant",
                        "content": [
                            ["type": "text", "text": "Let me check."],
                            ["type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": ["city": "Paris"]],
                            ["type": "tool_use", "id": "call_B_2", "name": "get_weather", "input": ["city": "Rome"]],
                            ["type": "tool_use", "id": "toolu_01C", "name": "get_time", "input": [:]],
                        ],
                    ],
                    [
                        "role": "user",
                        "content": [
                            ["type": "tool_result", "tool_use_id": "toolu_01A", "content": "18°C"],
                            ["type": "tool_result", "tool_use_id": "call_B_2", "content": "24°C"],
                            ["type": "tool_result", "tool_use_id": "toolu_01C", "content": "12:00"],
                            ["type": "text", "text": "Thanks. And tomorrow?"],
                        ],
                    ],
                ])
    }

    @Test func assistantToolCallWithoutTextAndInvalidArguments() throws {
        let onlyCalls = ChatMessage.assistant(toolCalls: [
            ToolCall(id: "t1", function: .init(name: "f", arguments: #"{"a":1}"#))
        ])
        let body = try WireTestSupport.json(
            wire.chatRequest(.init(model: "p", messages: [.user("x"), onlyCalls]), member: member, stream: false))
        #expect(
            body["messages"]?.arrayValue?.last
                == [
                    "role": "assistant", "content": [["type": "tool_use", "id": "t1", "name": "f", "input": ["a": 1]]],
                ])

        let broken = ChatMessage.assistant(toolCalls: [ToolCall(id: "t1", function: .init(name: "f", arguments: "[1,"))]
        )
        let error = #expect(throws: UpstreamFailure.self) {
            try wire.chatRequest(.init(model: "p", messages: [.user("x"), broken]), member: member, stream: false)
        }
        #expect(error?.errorClass == .invalidRequest)
    }

    // MARK: Response

    static let textMessage = #"""
        {
          "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
          "type": "message",
          "role": "assistant",
          "model": "claude-3-5-haiku-20241022",
          "content": [{"type": "text", "text": "Hello"}, {"type": "text", "text": ", world."}],
          "stop_reason": "end_turn",
          "stop_sequence": null,
          "usage": {"input_tokens": 12, "output_tokens": 6, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
        }
        """#

    static let toolMessage = #"""
        {
          "id": "msg_01Aq9w938a90dw8q",
          "type": "message",
          "role": "assistant",
          "model": "claude-3-5-haiku-20241022",
          "content": [
            {"type": "thinking", "thinking": "The user wants weather.", "signature": "EqQBCgIYAhIM"},
            {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
             "input": {"city": "San Francisco, CA", "unit": "celsius"}}
          ],
          "stop_reason": "tool_use",
          "stop_sequence": null,
          "usage": {"input_tokens": 472, "output_tokens": 89}
        }
        """#

    @Test func textResponse() throws {
        let response = try wire.chatResponse(Data(Self.textMessage.utf8), member: member)
        #expect(response.id == "msg_01XFDUDYJgAACzvnptvVoYEL")
        #expect(response.object == "chat.completion")
        #expect(response.model == "claude-3-5-haiku-20241022")
        #expect(response.created == 0)
        #expect(response.text == "Hello, world.")
        #expect(response.message?.role == .assistant)
        #expect(response.toolCalls.isEmpty)
        #expect(response.finishReason == .stop)
        #expect(
            response.usage == Usage(promptTokens: 12, completionTokens: 6, promptTokensDetails: ["cached_tokens": 0]))
        #expect(response.usage.totalTokens == 18)
    }

    @Test func toolUseResponse() throws {
        let response = try wire.chatResponse(Data(Self.toolMessage.utf8), member: member)
        #expect(response.message?.content == nil)
        #expect(response.finishReason == .toolCalls)
        #expect(
            response.toolCalls == [
                ToolCall(
                    id: "toolu_01A09q90qw90lq917835lq9",
                    function: .init(name: "get_weather", arguments: #"{"city":"San Francisco, CA","unit":"celsius"}"#))
            ])
        #expect(response.usage.totalTokens == 561)
    }

    @Test(arguments: [
        ("end_turn", FinishReason.stop), ("stop_sequence", .stop), ("max_tokens", .length), ("tool_use", .toolCalls),
        ("refusal", .contentFilter), ("something_new", FinishReason(rawValue: "something_new")),
    ])
    func stopReasons(stopReason: String, expected: FinishReason) throws {
        let body =
            #"{"id":"m","model":"c","content":[{"type":"text","text":"x"}],"stop_reason":"\#(stopReason)","usage":{"input_tokens":1,"output_tokens":1}}"#
        #expect(try wire.chatResponse(Data(body.utf8), member: member).finishReason == expected)
    }

    @Test func errorObjectInA200Body() throws {
        let body = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
        let error = #expect(throws: UpstreamFailure.self) { try wire.chatResponse(Data(body.utf8), member: member) }
        #expect(error?.errorClass == .transient)
        #expect(error?.code == "overloaded_error")
    }

    // MARK: Streaming

    /// A recorded-shape stream: text, then a tool call whose arguments arrive in fragments.
    static let toolStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"'s check the weather."}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: content_block_start
        data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":2}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    @Test func streamAssemblesTextAndToolCalls() throws {
        let result = try WireTestSupport.run(
            wire.streamTranslator(member: member), try WireTestSupport.events(Self.toolStream))
        #expect(result.finished)
        #expect(result.chunks.first?.choices.first?.delta.role == .assistant)
        #expect(result.chunks.first?.hasContent == false)  // the role chunk is held back until content
        #expect(result.chunks.allSatisfy { $0.id == "msg_014p7gG3wDgGV9EUtLvnow3U" })
        #expect(result.chunks.allSatisfy { $0.model == "claude-3-5-haiku-20241022" })
        let accumulator = WireTestSupport.accumulate(result.chunks)
        #expect(accumulator.text == "Okay, let's check the weather.")
        #expect(accumulator.incompleteToolCalls.isEmpty)
        #expect(
            accumulator.toolCalls.map(\.toolCall) == [
                ToolCall(
                    id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                    function: .init(name: "get_weather", arguments: #"{"location": "San Francisco, CA"}"#)),
                ToolCall(id: "toolu_02", function: .init(name: "get_time", arguments: "{}")),
            ])
        #expect(accumulator.finishReason == .toolCalls)
        #expect(accumulator.usage == Usage(promptTokens: 472, completionTokens: 89))
        let response = accumulator.makeResponse()
        #expect(response.message?.role == .assistant)
    }

    @Test func streamWithoutMessageStopIsIncomplete() throws {
        let cut = Self.toolStream.components(separatedBy: "event: message_stop")[0]
        let result = try WireTestSupport.run(wire.streamTranslator(member: member), try WireTestSupport.events(cut))
        #expect(!result.finished)
        #expect(!result.complete)
    }

    @Test(arguments: [
        ("overloaded_error", ErrorClass.transient), ("rate_limit_error", .rateLimited), ("api_error", .transient),
        ("authentication_error", .auth), ("invalid_request_error", .invalidRequest), ("not_found_error", .notFound),
        ("billing_error", .quota),
    ])
    func inBandStreamErrors(type: String, expected: ErrorClass) throws {
        let stream = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}

            event: error
            data: {"type":"error","error":{"type":"\(type)","message":"Something went wrong"}}


            """
        let error = #expect(throws: UpstreamFailure.self) {
            try WireTestSupport.run(wire.streamTranslator(member: member), try WireTestSupport.events(stream))
        }
        #expect(error?.errorClass == expected)
        #expect(error?.code == type)
    }

    @Test func malformedStreamEventIsTransient() throws {
        let stream = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\n\n"
        let error = #expect(throws: UpstreamFailure.self) {
            try WireTestSupport.run(wire.streamTranslator(member: member), try WireTestSupport.events(stream))
        }
        #expect(error?.errorClass == .transient)
        #expect(error?.message.hasPrefix("malformed stream event") == true)
    }

    // MARK: Errors

    func failure(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> UpstreamFailure {
        wire.failure(
            status: status, headers: headers, body: Data(body.utf8), now: WireTestSupport.now, cap: .seconds(3600))
    }

    static func errorBody(_ type: String, _ message: String) -> String {
        #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#
    }

    @Test func errorMappings() {
        let cases: [(Int, String, ErrorClass)] = [
            (401, Self.errorBody("authentication_error", "invalid x-api-key"), .auth),
            (403, Self.errorBody("permission_error", "Your API key does not have permission"), .auth),
            (404, Self.errorBody("not_found_error", "model: claude-9"), .notFound),
            (
                429,
                Self.errorBody("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
                .rateLimited
            ),
            (529, Self.errorBody("overloaded_error", "Overloaded"), .transient),
            (500, Self.errorBody("api_error", "Internal server error"), .transient),
            (400, Self.errorBody("invalid_request_error", "messages.0.content: Field required"), .invalidRequest),
            (
                400, Self.errorBody("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"),
                .contextLength
            ),
            (
                413, Self.errorBody("request_too_large", "Request exceeds the maximum allowed number of bytes."),
                .invalidRequest
            ),
            (402, Self.errorBody("billing_error", "Your credit balance is too low."), .quota),
            (
                400,
                Self.errorBody(
                    "invalid_request_error",
                    "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."
                ),
                .quota
            ),
            (
                429,
                #"{"type":"error","error":{"type":"rate_limit_error","message":"You have reached your specified workspace API usage limits.","details":{"error_code":"enforced_spend_limit_reached"}}}"#,
                .quota
            ),
        ]
        for (status, body, expected) in cases {
            let failure = failure(status, body)
            #expect(failure.errorClass == expected, "\(status) \(body)")
            #expect(failure.status == status)
        }
    }

    @Test func rateLimitRetryAfter() {
        let limited = failure(
            429, Self.errorBody("rate_limit_error", "rate limited"), headers: [("retry-after", "20")])
        #expect(limited.errorClass == .rateLimited)
        #expect(limited.retryAfter == .seconds(20))
        #expect(limited.code == "rate_limit_error")
        #expect(limited.message == "rate limited")

        let reset = failure(
            429, Self.errorBody("rate_limit_error", "rate limited"),
            headers: [("anthropic-ratelimit-requests-reset", "2025-06-15T15:07:10Z")])
        #expect(reset.retryAfter == .seconds(30))  // now is 2025-06-15T15:06:40Z
    }

    @Test func errorMessagesAreRedacted() {
        let failure = failure(
            401, Self.errorBody("authentication_error", "invalid x-api-key sk-ant-api03-abcdefghijkl"))
        #expect(!failure.message.contains("abcdefghijkl"))
        #expect(!failure.description.contains("sk-ant-api03"))
    }

    // MARK: Other operations

    @Test func unsupportedOperationsFailOver() throws {
        let error = #expect(throws: UpstreamFailure.self) {
            try wire.embeddingsRequest(.init(model: "e", input: "x"), member: member)
        }
        #expect(error?.errorClass == .notFound)
        #expect(throws: UpstreamFailure.self) {
            try wire.speechRequest(.init(model: "s", input: "x", voice: "alloy"), member: member)
        }
        #expect(throws: UpstreamFailure.self) {
            try wire.imageRequest(.init(model: "i", prompt: "x"), member: member)
        }
    }

    @Test func modelsList() throws {
        let request = try wire.modelsRequest(provider: member.provider)
        #expect(request.method.rawValue == "GET")
        #expect(request.url.hasPrefix("https://api.anthropic.com/v1/models"))
        #expect(!request.url.contains("sk-ant-test"))
        #expect(WireTestSupport.header(request, "x-api-key") == "sk-ant-test")
        let body =
            #"{"data":[{"type":"model","id":"claude-sonnet-4-20250514","display_name":"Claude Sonnet 4","created_at":"2025-05-22T00:00:00Z"},{"type":"model","id":"claude-3-5-haiku-20241022"}],"has_more":false,"first_id":"claude-sonnet-4-20250514","last_id":"claude-3-5-haiku-20241022"}"#
        #expect(try wire.modelsResponse(Data(body.utf8)) == ["claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"])
    }
}

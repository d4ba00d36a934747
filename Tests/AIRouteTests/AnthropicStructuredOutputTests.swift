import Foundation
import Testing

@testable import AIRoute

/// `response_format` on Anthropic: a forced tool whose input is the answer.
struct AnthropicStructuredOutputTests {
    let wire = AnthropicWire()
    let member = WireTestSupport.member(.anthropic, model: "claude-3-5-haiku-latest", key: "sk-ant-test")

    static let citySchema: JSONValue = [
        "type": "object", "properties": ["name": ["type": "string"], "population": ["type": "integer"]],
        "required": ["name", "population"], "additionalProperties": false,
    ]

    static func request(_ format: ResponseFormat, tools: [Tool]? = nil) -> ChatCompletionRequest {
        ChatCompletionRequest(
            model: "pool", messages: [.user("The largest city in France?")], tools: tools, responseFormat: format)
    }

    static let city = request(
        .jsonSchema(.init(name: "city", description: "A city and its population", schema: citySchema, strict: true)))

    static let weather = Tool(
        function: .init(
            name: "get_weather", parameters: ["type": "object", "properties": ["city": ["type": "string"]]]))

    // MARK: Request

    @Test func jsonSchemaBecomesAForcedTool() throws {
        let body = try WireTestSupport.json(wire.chatRequest(Self.city, member: member, stream: false))
        #expect(
            body
                == [
                    "model": "claude-3-5-haiku-latest", "max_tokens": 4096,
                    "messages": [
                        ["role": "user", "content": [["type": "text", "text": "The largest city in France?"]]]
                    ],
                    "tools": [
                        ["name": "city", "description": "A city and its population", "input_schema": Self.citySchema]
                    ],
                    "tool_choice": ["type": "tool", "name": "city"],
                ])
    }

    @Test func jsonObjectBecomesAToolTakingAnyObject() throws {
        let body = try WireTestSupport.json(wire.chatRequest(Self.request(.jsonObject), member: member, stream: true))
        #expect(
            body["tools"]
                == [
                    [
                        "name": "json_response",
                        "description": .string(AnthropicWire.StructuredOutput.defaultDescription),
                        "input_schema": ["type": "object"],
                    ]
                ])
        #expect(body["tool_choice"] == ["type": "tool", "name": "json_response"])
        // Text asks for nothing.
        let text = try WireTestSupport.json(wire.chatRequest(Self.request(.text), member: member, stream: false))
        #expect(text["tools"] == nil)
        #expect(text["tool_choice"] == nil)
    }

    @Test func besideTheCallersToolsTheChoiceIsAnyUnlessTheCallerChose() throws {
        var request = Self.city
        request.tools = [Self.weather]
        var body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["get_weather", "city"])
        #expect(body["tool_choice"] == ["type": "any"])

        request.parallelToolCalls = false
        body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["tool_choice"] == ["type": "any", "disable_parallel_tool_use": true])

        request.toolChoice = .auto
        body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["tool_choice"] == ["type": "auto", "disable_parallel_tool_use": true])
    }

    @Test func extendedThinkingAllowsOnlyAuto() throws {
        var request = Self.city
        request.extra = ["thinking": ["type": "enabled", "budget_tokens": 2048]]
        let body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["tool_choice"] == ["type": "auto"])
        #expect(body["thinking"] == ["type": "enabled", "budget_tokens": 2048])
    }

    @Test func theToolNameIsSafeAndDoesNotCollideWithTheCallers() throws {
        let clash = Tool(function: .init(name: "city"))
        let output = try #require(
            AnthropicWire.StructuredOutput(Self.request(Self.city.responseFormat!, tools: [clash])))
        #expect(output.toolName == "city_json")
        let odd = try #require(
            AnthropicWire.StructuredOutput(
                Self.request(.jsonSchema(.init(name: "my schema.v2", schema: Self.citySchema)))))
        #expect(odd.toolName == "my_schema_v2")
    }

    @Test func aSchemaThatIsNotAnObjectIsWrappedUnderValue() throws {
        let schema: JSONValue = [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array",
            "items": ["$ref": "#/$defs/city"], "$defs": ["city": Self.citySchema],
        ]
        let request = Self.request(.jsonSchema(.init(name: "cities", schema: schema)))
        let body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(
            body["tools"]?.arrayValue?.first?["input_schema"]
                == [
                    "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                    "properties": ["value": ["type": "array", "items": ["$ref": "#/$defs/city"]]],
                    "required": ["value"], "additionalProperties": false, "$defs": ["city": Self.citySchema],
                ])

        let answer = #"""
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",
             "content":[{"type":"tool_use","id":"toolu_01","name":"cities",
                         "input":{"value":[{"name":"Paris","population":2102650},{"name":"Lyon","population":522250}]}}],
             "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":40}}
            """#
        let response = try wire.chatResponse(Data(answer.utf8), request: request, member: member)
        #expect(response.text == #"[{"name":"Paris","population":2102650},{"name":"Lyon","population":522250}]"#)
        #expect(response.finishReason == .stop)
    }

    // MARK: Answer

    /// The shape Anthropic answers a forced tool with: one `tool_use` block, `stop_reason: tool_use`.
    static let forcedAnswer = #"""
        {
          "id": "msg_01Ty8ZQ3wv5QvDpQbrH1v8Nn",
          "type": "message",
          "role": "assistant",
          "model": "claude-3-5-haiku-20241022",
          "content": [
            {"type": "tool_use", "id": "toolu_01VdBjyLGsE6TPrAZFtj8n9Y", "name": "city",
             "input": {"name": "Paris", "population": 2102650}}
          ],
          "stop_reason": "tool_use",
          "stop_sequence": null,
          "usage": {"input_tokens": 421, "output_tokens": 58, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
        }
        """#

    @Test func theToolInputIsTheAnswersText() throws {
        let response = try wire.chatResponse(Data(Self.forcedAnswer.utf8), request: Self.city, member: member)
        #expect(response.text == #"{"name":"Paris","population":2102650}"#)
        #expect(response.toolCalls.isEmpty)
        #expect(response.message?.toolCalls == nil)
        #expect(response.finishReason == .stop)
        #expect(response.usage.totalTokens == 479)
        // Without the request the block stays a tool call.
        #expect(try wire.chatResponse(Data(Self.forcedAnswer.utf8), member: member).finishReason == .toolCalls)
    }

    @Test func aCutOffAnswerFinishesWithLength() throws {
        let cut = Self.forcedAnswer.replacingOccurrences(
            of: #""stop_reason": "tool_use""#, with: #""stop_reason": "max_tokens""#)
        let response = try wire.chatResponse(Data(cut.utf8), request: Self.city, member: member)
        #expect(response.finishReason == .length)
        #expect(response.toolCalls.isEmpty)
    }

    @Test func theCallersToolCallsStayToolCalls() throws {
        let answer = #"""
            {"id":"msg_02","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",
             "content":[
               {"type":"tool_use","id":"toolu_A","name":"get_weather","input":{"city":"Paris"}},
               {"type":"tool_use","id":"toolu_B","name":"city","input":{"name":"Paris","population":2102650}}],
             "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":40}}
            """#
        let request = Self.request(Self.city.responseFormat!, tools: [Self.weather])
        let response = try wire.chatResponse(Data(answer.utf8), request: request, member: member)
        #expect(response.text == #"{"name":"Paris","population":2102650}"#)
        #expect(
            response.toolCalls == [
                ToolCall(id: "toolu_A", function: .init(name: "get_weather", arguments: #"{"city":"Paris"}"#))
            ])
        #expect(response.finishReason == .toolCalls)

        let onlyTheirs = answer.replacingOccurrences(
            of:
                #",\#n   {"type":"tool_use","id":"toolu_B","name":"city","input":{"name":"Paris","population":2102650}}"#,
            with: "")
        let theirs = try wire.chatResponse(Data(onlyTheirs.utf8), request: request, member: member)
        #expect(theirs.text == nil || theirs.text == "")
        #expect(theirs.toolCalls.map(\.function.name) == ["get_weather"])
    }

    // MARK: Streaming

    static func stream(
        name: String = "city", fragments: [String], stopReason: String = "tool_use", before: String = ""
    )
        -> String
    {
        let deltas = ([""] + fragments).map { fragment in
            let escaped = fragment.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\"")
            return """
                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\(escaped)"}}


                """
        }.joined()
        return """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01S","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":421,"output_tokens":1}}}

            \(before)event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01S","name":"\(name)","input":{}}}

            event: ping
            data: {"type": "ping"}

            \(deltas)event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"\(stopReason)","stop_sequence":null},"usage":{"output_tokens":58}}

            event: message_stop
            data: {"type":"message_stop"}


            """
    }

    /// The official Python SDK's recorded tool-use stream (Recordings/anthropic/stream-tool-use:
    /// real event framing, pings and `input_json_delta` splits), answered to a schema named after
    /// its tool: the tool's input is the answer's text, not a tool call.
    @Test func theSDKsRecordedToolUseStreamBecomesTheAnswersText() throws {
        let url = try #require(
            Bundle.module.url(forResource: "Recordings/anthropic/stream-tool-use.body", withExtension: "sse"))
        let recorded = try String(contentsOf: url, encoding: .utf8)
        let request = Self.request(
            .jsonSchema(
                .init(
                    name: "get_weather",
                    schema: [
                        "type": "object", "properties": ["location": ["type": "string"]], "required": ["location"],
                    ]
                )))
        let accumulator = try run(request, recorded)
        #expect(accumulator.toolCalls.isEmpty)
        #expect(accumulator.finishReason == .stop)
        // The recording was made with `tool_choice: auto`, so a sentence precedes the call; under
        // the forced tool the adapter sends, Anthropic emits none, and the answer is the JSON alone.
        #expect(accumulator.text == #"I'll check the current weather in Paris for you.{"location": "Paris"}"#)
    }

    func run(_ request: ChatCompletionRequest, _ stream: String) throws -> ChatCompletionAccumulator {
        let result = try WireTestSupport.run(
            wire.streamTranslator(request: request, member: member), try WireTestSupport.events(stream))
        #expect(result.finished)
        return WireTestSupport.accumulate(result.chunks)
    }

    @Test func streamedToolInputIsContent() throws {
        let stream = Self.stream(fragments: [#"{"name": "Pa"#, #"ris", "popul"#, #"ation": 2102650}"#])
        let accumulator = try run(Self.city, stream)
        #expect(accumulator.text == #"{"name": "Paris", "population": 2102650}"#)
        #expect(accumulator.toolCalls.isEmpty)
        #expect(accumulator.finishReason == .stop)
        #expect(accumulator.usage == Usage(promptTokens: 421, completionTokens: 58))
    }

    @Test func streamedWrappedValueIsUnwrapped() throws {
        let request = Self.request(
            .jsonSchema(.init(name: "numbers", schema: ["type": "array", "items": ["type": "integer"]])))
        let stream = Self.stream(
            name: "numbers", fragments: [#"{"val"#, #"ue": [1, "#, "2, 3", "]", "}"], stopReason: "max_tokens")
        let accumulator = try run(request, stream)
        #expect(accumulator.text == "[1, 2, 3]")
        #expect(accumulator.finishReason == .length)
    }

    @Test func streamedAnswerBesideTheCallersToolCall() throws {
        let callersCall = """
            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_W","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Paris\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}


            """
        let request = Self.request(Self.city.responseFormat!, tools: [Self.weather])
        let accumulator = try run(
            request, Self.stream(fragments: [#"{"name":"Paris","population":1}"#], before: callersCall))
        #expect(accumulator.text == #"{"name":"Paris","population":1}"#)
        #expect(
            accumulator.toolCalls.map(\.toolCall) == [
                ToolCall(id: "toolu_W", function: .init(name: "get_weather", arguments: #"{"city": "Paris"}"#))
            ])
        #expect(accumulator.finishReason == .toolCalls)
    }

    @Test func anEmptyStreamedInputIsAnEmptyObject() throws {
        let accumulator = try run(Self.request(.jsonObject), Self.stream(name: "json_response", fragments: []))
        #expect(accumulator.text == "{}")
        #expect(accumulator.finishReason == .stop)
    }

    // MARK: Unwrapping

    @Test(arguments: [
        ([#"{"value": "a }"}"#], #""a }""#),
        ([" { ", #""value""#, " : ", "  [", "{}", "] ", " }", " "], "[{}]"),
        ([#"{"value":{"a":{"b":1}}}"#], #"{"a":{"b":1}}"#),
        ([#"{"value":"#, "1", "2", "}"], "12"),
    ])
    func wrappedValueStream(fragments: [String], expected: String) {
        var stream = WrappedValueStream()
        let text = fragments.map { stream.feed($0) }.joined() + stream.finish()
        #expect(text == expected)
    }

    @Test func anUnexpectedWrapperIsUnwrappedAtTheEnd() {
        var stream = WrappedValueStream()
        #expect(stream.feed(#"{"other": 1, "#) == "")
        #expect(stream.feed(#""value": [true]}"#) == "")
        #expect(stream.finish() == "[true]")
    }
}

import AIRouter
import Foundation
import Testing

@_spi(Testing) @testable import AIRoute

/// The direct JSON encoder that writes request bodies: every value must come out as the same JSON
/// (compared parsed) as Foundation's `JSONEncoder` gives, written by the direct path itself, and
/// only what it does not support may fall back to Foundation.
struct DirectJSONEncoderTests {
    /// The direct writer's output (it must not fall back) and Foundation's, parsed: the same JSON;
    /// and `encode` gives the direct output.
    func expectSameJSON<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let direct = try DirectJSONEncoder.encodeWithoutFallback(value)
        #expect(try DirectJSONEncoder.encode(value) == direct, sourceLocation: sourceLocation)
        let foundation = try DirectJSONEncoder.fallback.encode(value)
        let parsedDirect = try JSONDecoder().decode(JSONValue.self, from: direct)
        let parsedFoundation = try JSONDecoder().decode(JSONValue.self, from: foundation)
        #expect(
            parsedDirect == parsedFoundation,
            "\(String(decoding: direct, as: UTF8.self)) ≠ \(String(decoding: foundation, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }

    static let richRequest = #"""
        {"model":"text-generation","messages":[
          {"role":"system","content":"Be \"brief\"\\ \/ now\n\ttab"},
          {"role":"user","content":[{"type":"text","text":"What is this? ✓ 😀"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"{\"temp\":21.5}"}],
         "temperature":0.7,"top_p":1,"max_tokens":256,"seed":-42,"user":"u-1","stop":["\n\n","END"],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
           "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
           "additionalProperties":false}}}],
         "tool_choice":{"type":"function","function":{"name":"get_weather"}},
         "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"},"strict":true}},
         "stream":true,"stream_options":{"include_usage":true},
         "logit_bias":{"50256":-100},"metadata":{"k":"v","n":null,"nested":[1,2.5,true,false,{"a":[]}]},
         "reasoning_effort":"low","n":1,"presence_penalty":-0.5,"frequency_penalty":1e-7}
        """#

    @Test func aRichChatRequestEncodesAsFoundationDoes() throws {
        let request = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(Self.richRequest.utf8))
        try expectSameJSON(request)
        // The routed copy as the OpenAI adapter sends it.
        var routed = request
        routed.model = "gpt-4o-mini"
        routed.stream = nil
        routed.streamOptions = nil
        try expectSameJSON(routed)
    }

    /// Replies replayed as context carry undeclared fields (`extra`) and reasoning on messages and
    /// tool calls: written inline, as Foundation writes them.
    @Test func repliesWithUndeclaredFieldsEncodeAsFoundationDoes() throws {
        let reply = try JSONDecoder().decode(
            CompletionResponse.self,
            from: Data(
                #"{"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x","reasoning_content":"r","annotations":[],"tool_calls":[{"id":"t","function":{"name":"f","arguments":"{}"},"extra_content":{"google":{"thought_signature":"s"}}}],"function_call":null},"finish_reason":"stop","content_filter_results":{}}],"service_tier":"flex","prompt_filter_results":[]}"#
                    .utf8))
        try expectSameJSON(reply)
        let message = try #require(reply.message)
        try expectSameJSON(ChatCompletionRequest(model: "m", messages: [.user("Hi"), message, .user("And?")]))
    }

    @Test func responsesAndOtherRequestsEncodeAsFoundationDoes() throws {
        try expectSameJSON(
            try JSONDecoder().decode(
                CompletionResponse.self, from: Data(OpenAIFixtures.chatCompletionWithToolCalls.utf8)))
        try expectSameJSON(
            try JSONDecoder().decode(EmbeddingResponse.self, from: Data(OpenAIFixtures.embeddingFloat.utf8)))
        try expectSameJSON(
            try JSONDecoder().decode(TranscriptionResponse.self, from: Data(OpenAIFixtures.verboseTranscription.utf8)))
        try expectSameJSON(try JSONDecoder().decode(ImageResponse.self, from: Data(OpenAIFixtures.imageResponse.utf8)))
        try expectSameJSON(EmbeddingRequest(model: "embeddings", input: ["a", "b\u{0}c"], dimensions: 256))
        try expectSameJSON(
            try JSONDecoder().decode(
                SpeechRequest.self, from: Data(#"{"model":"tts","input":"Hi","voice":"alloy","speed":1.25}"#.utf8)))
        try expectSameJSON(
            try JSONDecoder().decode(
                ImageGenerationRequest.self,
                from: Data(#"{"model":"img","prompt":"a cat","n":2,"size":"1024x1024"}"#.utf8)))
    }

    @Test func stringsAreEscapedExactlyWhereJSONRequires() throws {
        var text = ""
        for scalar in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        text += "\"\\/ é ✓ 😀 \u{2028} \u{7F}"
        try expectSameJSON([text: text])
        let direct = String(decoding: try DirectJSONEncoder.encode(["k": "a/b"]), as: UTF8.self)
        #expect(direct == #"{"k":"a/b"}"#)  // slashes are not escaped
    }

    @Test func numbersKeepTheirValues() throws {
        try expectSameJSON([Int.min, Int.max, 0, -1])
        try expectSameJSON([UInt64.max])
        try expectSameJSON([Int8.min, Int8.max])
        try expectSameJSON([0.1, -0.5, 1e-7, 1e21, 123_456_789.125, 1e15, 3.0, -2.0, 0.0, 4_503_599_627_370_497.0])
        try expectSameJSON([Float(0.1), Float(3), Float(1e-3), Float(16_777_217)])
        try expectSameJSON([true, false])
    }

    @Test func randomJSONValuesEncodeAsFoundationDoes() throws {
        let random = SeededRandomSource(seed: 2026)
        func value(depth: Int) -> JSONValue {
            let pick = Int(random.nextUnit() * (depth > 3 ? 5 : 7))
            switch pick {
            case 0: return .null
            case 1: return .bool(random.nextUnit() < 0.5)
            case 2: return .number((random.nextUnit() - 0.5) * 1e6)
            case 3: return .number(Double(Int(random.nextUnit() * 1000)))
            case 4:
                let alphabet = Array("ab\"\\/\n\t\u{1}é😀 ")
                return .string(
                    String(
                        (0..<Int(random.nextUnit() * 12)).map { _ in
                            alphabet[Int(random.nextUnit() * Double(alphabet.count))]
                        }))
            case 5: return .array((0..<Int(random.nextUnit() * 5)).map { _ in value(depth: depth + 1) })
            default:
                var object: [String: JSONValue] = [:]
                for index in 0..<Int(random.nextUnit() * 5) { object["k\(index)\"\\"] = value(depth: depth + 1) }
                return .object(object)
            }
        }
        for _ in 0..<300 { try expectSameJSON(value(depth: 0)) }
    }

    // MARK: Falling back

    struct WithDate: Encodable {
        var when = Date(timeIntervalSince1970: 1_767_225_600)
        var blob = Data([1, 2, 3])
        var link = URL(string: "https://example.com/a/b")!
    }

    struct NonLinear: Encodable {
        enum Keys: String, CodingKey { case a, b, c }
        func encode(to encoder: any Encoder) throws {
            var outer = encoder.container(keyedBy: Keys.self)
            var inner = outer.nestedContainer(keyedBy: Keys.self, forKey: .a)
            try outer.encode(1, forKey: .b)
            try inner.encode(2, forKey: .c)  // written after its parent moved on
        }
    }

    struct UsesSuperEncoder: Encodable {
        enum Keys: String, CodingKey { case x }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("y", forKey: .x)
            try "s".encode(to: container.superEncoder())
        }
    }

    struct EncodesNothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    /// `value` is one the direct writer gives up on, and `encode` gives what Foundation gives
    /// (compared parsed: Foundation's key order differs from one run to the next).
    func expectFallback<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(throws: JSONByteWriter.Unsupported.self, sourceLocation: sourceLocation) {
            try DirectJSONEncoder.encodeWithoutFallback(value)
        }
        let encoded = try JSONDecoder().decode(JSONValue.self, from: DirectJSONEncoder.encode(value))
        let foundation = try JSONDecoder().decode(JSONValue.self, from: DirectJSONEncoder.fallback.encode(value))
        #expect(encoded == foundation, sourceLocation: sourceLocation)
    }

    /// `value` is one the direct writer gives up on, and `encode` throws Foundation's error.
    func expectFallbackError<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: JSONByteWriter.Unsupported.self, sourceLocation: sourceLocation) {
            try DirectJSONEncoder.encodeWithoutFallback(value)
        }
        #expect(throws: EncodingError.self, sourceLocation: sourceLocation) { try DirectJSONEncoder.encode(value) }
    }

    @Test func anEmptyNestedValueIsWrittenDirectlyAsAnEmptyObject() throws {
        try expectSameJSON(["empty": EncodesNothing()])
        #expect(try DirectJSONEncoder.encodeWithoutFallback(["empty": EncodesNothing()]) == Data(#"{"empty":{}}"#.utf8))
    }

    @Test func unsupportedValuesFallBackToFoundation() throws {
        try expectFallback(WithDate())
        try expectFallback(WithDate().when)
        try expectFallback([WithDate().blob])
        try expectFallback(["link": WithDate().link])
        try expectFallback(Decimal(string: "1.5")!)
        try expectFallback(NonLinear())
        try expectFallback(UsesSuperEncoder())
        expectFallbackError(EncodesNothing())
        expectFallbackError([Double.nan])
        expectFallbackError(["t": Double.infinity])
        expectFallbackError([Float.infinity])
    }
}

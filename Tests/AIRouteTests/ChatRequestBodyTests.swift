@_spi(Testing) import AIRouter
import Foundation
import Testing

@testable import AIRoute

/// The hand-written chat request body must be byte for byte what the direct encoder writes, take
/// the hand-written path for ordinary requests, and leave every other shape to the encoder.
struct ChatRequestBodyTests {
    /// `jsonBody()` equals the encoder's bytes; `handWritten` says whether it must have taken the
    /// hand-written path.
    func expectSameBytes(
        _ request: ChatCompletionRequest, handWritten: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let body = try request.jsonBody()
        let encoded = try DirectJSONEncoder.encode(request)
        #expect(
            body == encoded, "\(String(decoding: body, as: UTF8.self)) ≠ \(String(decoding: encoded, as: UTF8.self))",
            sourceLocation: sourceLocation)
        let writer = JSONByteWriter()
        #expect((try? request.writeOrdinary(to: writer)) == handWritten, sourceLocation: sourceLocation)
    }

    static func decoded(_ json: String) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
    }

    /// Requests of the ordinary shape: every scalar parameter, both `stop` forms, `logit_bias`,
    /// stream options, undeclared parameters at both levels, escapes and non-ASCII text.
    static let ordinary: [String] = [
        #"{"model":"m","messages":[{"role":"user","content":"Hi"}]}"#,
        #"""
        {"model":"text-generation","messages":[
          {"role":"system","content":"Be \"brief\"\\ \/ now\n\ttab \u0001 ✓ 😀"},
          {"role":"user","content":"What is 2+2?","name":"ann"},
          {"role":"assistant","content":null,"refusal":"no","reasoning_content":"think"},
          {"role":"tool","tool_call_id":"call_1","content":"{\"temp\":21.5}"},
          {"role":"developer"}],
         "temperature":0.7,"top_p":1,"max_tokens":256,"max_completion_tokens":300,"n":2,"seed":-42,
         "user":"u-1","stop":["\n\n","END"],"parallel_tool_calls":false,"presence_penalty":-0.5,
         "frequency_penalty":1e-7,"logit_bias":{"50256":-100,"11":5},"stream":true,
         "stream_options":{"include_usage":true}}
        """#,
        #"{"model":"m","messages":[],"stop":"END","stream":false,"stream_options":{},"temperature":1e21}"#,
        #"""
        {"model":"m","messages":[{"role":"user","content":"x","cache_control":{"type":"ephemeral"},"n":[1,2.5,null,true]}],
         "metadata":{"k":"v","n":null,"nested":[1,2.5,true,false,{"a":[]},{}]},"reasoning_effort":"low",
         "store":true,"top_k":40,"min_p":0.05}
        """#,
    ]

    @Test(arguments: ordinary)
    func ordinaryRequestsAreWrittenByHandAsTheEncoderWrites(json: String) throws {
        let request = try Self.decoded(json)
        try expectSameBytes(request, handWritten: true)
        // As the OpenAI adapter sends it: renamed, streamed or not.
        var routed = request
        routed.model = "gpt-4o-mini"
        routed.stream = true
        routed.streamOptions = .init(includeUsage: true)
        try expectSameBytes(routed, handWritten: true)
    }

    @Test func anUndeclaredParameterShadowedByADeclaredOneIsNotWrittenTwice() throws {
        var request = try Self.decoded(#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#)
        request.extra = ["temperature": .number(2), "top_k": .number(3)]
        request.messages[0].extra = ["role": .string("system"), "weight": .number(0.5)]
        try expectSameBytes(request, handWritten: true)
        let text = String(decoding: try request.jsonBody(), as: UTF8.self)
        #expect(!text.contains("temperature") && !text.contains("system"))
    }

    /// Shapes the hand-written path leaves to the encoder: the same bytes come out.
    @Test(arguments: [
        #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"}]}]}"#,
        #"{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}"#,
        #"{"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"f"}}]}"#,
        #"{"model":"m","messages":[],"tool_choice":"none"}"#,
        #"{"model":"m","messages":[],"response_format":{"type":"json_object"}}"#,
        #"{"model":"m","messages":[{"role":"assistant","content":"a","annotations":[{"type":"url_citation"}]}]}"#,
        #"{"model":"m","messages":[{"role":"assistant","content":"a","audio":{"id":"x"}}]}"#,
    ])
    func otherShapesGoThroughTheEncoder(json: String) throws {
        try expectSameBytes(try Self.decoded(json), handWritten: false)
    }

    @Test func aNonFiniteNumberFailsAsTheEncoderFails() throws {
        var request = try Self.decoded(#"{"model":"m","messages":[]}"#)
        request.temperature = .nan
        #expect(throws: (any Error).self) { try request.jsonBody() }
        #expect(throws: (any Error).self) { try DirectJSONEncoder.encode(request) }
        request.temperature = nil
        request.extra = ["x": .number(.infinity)]
        #expect(throws: (any Error).self) { try request.jsonBody() }
    }

    @Test func randomRequestsAgree() throws {
        let random = SeededRandomSource(seed: 16)
        func text() -> String {
            let alphabet = Array("ab\"\\/\n\t\u{1}é😀 ")
            return String((0..<Int(random.nextUnit() * 10)).map { _ in alphabet[Int(random.nextUnit() * 11)] })
        }
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.nextUnit() < 0.4 ? value() : nil }
        for _ in 0..<300 {
            var request = ChatCompletionRequest(model: text(), messages: [])
            for _ in 0..<Int(random.nextUnit() * 4) {
                var message = ChatMessage.user(text())
                message.role = ChatRole(rawValue: text())
                message.content = random.nextUnit() < 0.2 ? nil : .text(text())
                message.name = maybe(text())
                message.toolCallID = maybe(text())
                message.refusal = maybe(text())
                message.reasoningContent = maybe(text())
                if random.nextUnit() < 0.2 { message.extra = [text(): .string(text())] }
                request.messages.append(message)
            }
            request.temperature = maybe((random.nextUnit() - 0.5) * 4)
            request.topP = maybe(random.nextUnit())
            request.maxTokens = maybe(Int(random.nextUnit() * 5000))
            request.seed = maybe(Int(random.nextUnit() * 1e12) - 500_000_000_000)
            request.user = maybe(text())
            request.stop = maybe(random.nextUnit() < 0.5 ? .single(text()) : .multiple([text(), text()]))
            request.parallelToolCalls = maybe(random.nextUnit() < 0.5)
            request.stream = maybe(random.nextUnit() < 0.5)
            request.streamOptions = maybe(.init(includeUsage: maybe(true)))
            if random.nextUnit() < 0.3 { request.extra = [text(): .array([.number(1.5), .null, .bool(true)])] }
            try expectSameBytes(request, handWritten: true)
        }
    }
}

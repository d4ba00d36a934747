import AIRouteTesting
import AIRouter
import Foundation
import Testing

@_spi(Testing) @testable import AIRoute

/// `T.decode(from:)` (fast path or fallback) and Foundation's `JSONDecoder` agree on `text`: the
/// same value, or both throw. Streamed events are decoded from their text, read in place
/// (`decode(fromText:)`): the same outcome again.
func expectAgreement<T: FastDecodable & Equatable>(
    _ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let data = Data(text.utf8)
    let foundation = Result { try JSONDecoder().decode(T.self, from: data) }
    let fast = Result { try T.decode(from: data) }
    expectSameOutcome(("Foundation", foundation), ("fast", fast), text, sourceLocation)
    expectSameOutcome(("from Data", fast), ("from text", Result { try T.decode(fromText: text) }), text, sourceLocation)
}

/// Both decoded the same value, or both threw.
private func expectSameOutcome<T: Equatable>(
    _ expected: (name: String, result: Result<T, any Error>), _ actual: (name: String, result: Result<T, any Error>),
    _ text: String, _ sourceLocation: SourceLocation
) {
    switch (expected.result, actual.result) {
    case (.success(let value), .success(let other)):
        #expect(other == value, "\(text)", sourceLocation: sourceLocation)
    case (.failure, .failure): break
    default:
        Issue.record(
            "\(expected.name) \(expected.result) but \(actual.name) \(actual.result) for \(text)",
            sourceLocation: sourceLocation)
    }
}

/// Texts derived from `samples` by random damage (bytes replaced, removed, the text cut).
func damaged(_ samples: [String], count: Int, seed: UInt64) -> [String] {
    let random = SeededRandomSource(seed: seed)
    let alphabet = Array(#"{}[]":,.-+e0123456789 \nabcnulltruefalse"#.utf8)
    return (0..<count).map { _ in
        var bytes = Array(samples[Int(random.nextUnit() * Double(samples.count))].utf8)
        for _ in 0..<1 + Int(random.nextUnit() * 3) where !bytes.isEmpty {
            let position = Int(random.nextUnit() * Double(bytes.count))
            switch Int(random.nextUnit() * 3) {
            case 0: bytes[position] = alphabet[Int(random.nextUnit() * Double(alphabet.count))]
            case 1: bytes.remove(at: position)
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The fast decoding of streamed chunks must give exactly what `JSONDecoder` gives — the same
/// value, or an error where it throws — and must take the fast path for ordinary chunks.
struct FastChunkDecodingTests {
    func expectAgreement(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        AIRouteTests.expectAgreement(ChatCompletionChunk.self, text, sourceLocation: sourceLocation)
    }

    /// Ordinary chunks, each of which must take the fast path.
    static let ordinary: [String] = {
        let stream = OpenAIFixtures.toolCallStream.split(separator: "\n").filter { $0.hasPrefix("data: {") }
            .map { String($0.dropFirst(6)) }
        return stream + [
            #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
            #"{"id":"c","choices":[{"delta":{"content":"Hello \"quoted\" \\ \/ \n\t \u00e9 \ud83d\ude00 ✓"}}]}"#,
            #"{"choices":[{"index":1,"delta":{"refusal":"no"},"finish_reason":"content_filter","logprobs":{"content":[{"token":"a","logprob":-0.5,"bytes":[97],"top_logprobs":[]}]}}]}"#,
            #"{"id":"c","choices":[{"delta":{},"finish_reason":"eos_custom"}],"service_tier":"default","obfuscation":"xyz","usage":null,"routing":null}"#,
            #"{}"#,
            #" { "id" : "spaced" , "choices" : [ ] } "#,
            #"{"id":"c","created":-0,"choices":[{"delta":{"tool_calls":[{"index":0,"function":null}]}}]}"#,
            #"{"id":"c","choices":null,"system_fingerprint":null,"model":null}"#,
            // Undeclared fields at every level (Azure's filter results, Gemini's thought signature)
            // and DeepSeek's reasoning_content.
            #"{"id":"c","choices":[{"index":0,"delta":{"reasoning_content":"think","content":null,"reasoning":"r"},"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],"prompt_filter_results":[],"service_tier":"flex"}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"t","type":"function","function":{"name":"f","arguments":""},"extra_content":{"google":{"thought_signature":"sig"}}}]}}]}"#,
        ]
            + Recordings.openAIRefusalStream.split(separator: "\n").filter { $0.hasPrefix("data: {") }
            .map { String($0.dropFirst(6)) }
    }()

    @Test(arguments: ordinary)
    func ordinaryChunksTakeTheFastPathAndAgree(text: String) throws {
        let json = try #require(FastJSONReader.parse(Data(text.utf8)))
        let fast = try #require(ChatCompletionChunk(fast: json))
        #expect(fast == (try JSONDecoder().decode(ChatCompletionChunk.self, from: Data(text.utf8))))
    }

    /// Shapes the fast path leaves to Foundation, and text Foundation refuses: same result.
    static let unusual: [String] = [
        #"{"id":"c","choices":[],"usage":{"prompt_tokens":1.5}}"#,
        #"{"id":"c","choices":[],"routing":{"pool":"p"}}"#,
        #"{"id":"c","created":1.0,"choices":[]}"#,
        #"{"id":"c","created":1e3,"choices":[]}"#,
        #"{"id":"c","created":99999999999999999999,"choices":[]}"#,
        #"{"id":"c","id":"d","choices":[]}"#,
        #"{"id":5,"choices":[]}"#,
        #"{"id":"c","choices":[{"delta":{"content":5}}]}"#,
        #"{"id":"c","choices":{}}"#,
        #"{"id":"c","choices":[{"index":"0"}]}"#,
        #"{"id":"c","choices":[{"delta":{"content":"\ud83d"}}]}"#,
        "{\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"tab\tinside\"}}]}",  // a raw tab inside a string
        #"{"id":"c","choices":[{"delta":{"content":"\x"}}]}"#,
        #"{"id":"c","choices":[{"delta":{"content":"cut"#,
        #"{"id":"c",}"#,
        #"[1,2]"#,
        #""just a string""#,
        #"{"id":"c"} trailing"#,
        #"{"id":"c","choices":[01]}"#,
        #"{"id":"c","choices":[-]}"#,
        #"{"id":"c","choices":[{"logprobs":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
            + "}]}",
        "",
        // Mistral's list-of-parts deltas are Foundation's.
        #"{"id":"c","choices":[{"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"hm"}]},{"type":"text","text":"4"}]}}]}"#,
        #"{"id":"c","choices":[{"delta":{"content":[{"type":"text","text":"4"},5]}}]}"#,
        #"{"id":"c","choices":[{"delta":{"reasoning_content":5}}]}"#,
    ]

    @Test(arguments: unusual)
    func unusualChunksAgreeWithFoundation(text: String) {
        expectAgreement(text)
    }

    @Test func invalidUTF8AgreesWithFoundation() {
        var bytes = Array(#"{"id":"c","choices":[{"delta":{"content":"ab"}}]}"#.utf8)
        bytes.insert(0xFF, at: bytes.count - 6)
        let data = Data(bytes)
        #expect(FastJSONReader.parse(data) == nil)
        let foundation = Result { try JSONDecoder().decode(ChatCompletionChunk.self, from: data) }
        let fast = Result { try ChatCompletionChunk.decode(from: data) }
        #expect((try? foundation.get()) == (try? fast.get()))
    }

    /// ASCII strings take a shortcut past UTF-8 validation; strings with other characters, raw or
    /// escaped, still decode exactly as Foundation does, and a lone lead byte is still refused.
    @Test(arguments: [
        #"{"id":"c","choices":[{"delta":{"content":"plain ASCII"}}]}"#,
        #"{"id":"c","choices":[{"delta":{"content":"h\#u{E9}llo w\#u{F6}rld \#u{2713} \#u{1F600}"}}]}"#,
        #"{"id":"c","choices":[{"delta":{"content":"escaped \u00e9 \ud83d\ude00 and \"quotes\""}}]}"#,
        #"{"id":"c","choices":[{"delta":{"content":"mixed \#u{E9}\n\t"}}]}"#,
    ])
    func nonASCIIStringsAgreeWithFoundation(text: String) {
        expectAgreement(text)
    }

    @Test func aTruncatedMultiByteSequenceIsRefused() {
        var bytes = Array(#"{"id":"c","choices":[{"delta":{"content":"ab"}}]}"#.utf8)
        bytes.insert(0xC3, at: bytes.count - 6)  // the first byte of a two-byte character, alone
        #expect(FastJSONReader.parse(Data(bytes)) == nil)
    }

    /// Random damage to ordinary chunks: the result always matches Foundation's.
    @Test func damagedChunksAgreeWithFoundation() {
        for text in damaged(Self.ordinary, count: 1500, seed: 99) { expectAgreement(text) }
    }
}

/// The same for whole completions (every non-streaming chat call).
struct FastCompletionDecodingTests {
    func expectAgreement(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        AIRouteTests.expectAgreement(CompletionResponse.self, text, sourceLocation: sourceLocation)
    }

    static let ordinary: [String] = [
        OpenAIFixtures.chatCompletionWithToolCalls,
        #"{"id":"c1","object":"chat.completion","created":1744037300,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello \"there\" \u00e9\n","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},"service_tier":"default","system_fingerprint":"fp_1"}"#,
        #"{"id":"c2","model":"m","choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't"},"finish_reason":"content_filter"}]}"#,
        #"{"id":"c3","model":"m","choices":[],"usage":{"prompt_tokens":3}}"#,
        #"{"id":"c4","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"length","logprobs":{"content":[{"token":"x","logprob":-1.25e-3}]}}]}"#,
        #"{"id":"c5","model":"m","created":0,"choices":[{"message":{"role":"tool","content":"{}","tool_call_id":"t","name":"n"}}],"routing":null}"#,
        #"{"id":"c6","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x","annotations":[{"type":"url_citation","url_citation":{"end_index":1,"start_index":0,"title":"t","url":"https://e.example"}}],"audio":{"id":"a","data":"","expires_at":1,"transcript":"x"},"reasoning_content":"r","function_call":null},"finish_reason":"stop"}],"service_tier":"priority","metadata":{"k":"v"}}"#,
        #"{"id":"c7","model":"m","choices":[{"message":{"role":"assistant","tool_calls":[{"id":"t","function":{"name":"f","arguments":"{}"},"extra_content":{"google":{"thought_signature":"s"}}}]}}]}"#,
        Recordings.openAIRefusal,
        Recordings.azureContentFilter,
        // DeepSeek's and Groq's additions to usage.
        #"{"id":"c8","model":"deepseek-chat","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":2,"queue_time":0.01}}"#,
        Recordings.toolCallWithoutType,
    ]

    @Test(arguments: ordinary)
    func ordinaryCompletionsTakeTheFastPathAndAgree(text: String) throws {
        let json = try #require(FastJSONReader.parse(Data(text.utf8)))
        let fast = try #require(CompletionResponse(fast: json))
        #expect(fast == (try JSONDecoder().decode(CompletionResponse.self, from: Data(text.utf8))))
    }

    static let unusual: [String] = [
        #"{"id":"c","model":"m","choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"parts"}]}}]}"#,
        #"{"id":"c","model":"m","choices":[],"routing":{"pool":"p","member":"m","provider":"x","attempts":[]}}"#,
        #"{"model":"m","choices":[]}"#,
        #"{"id":"c","choices":[]}"#,
        #"{"id":"c","model":"m"}"#,
        #"{"id":null,"model":"m","choices":[]}"#,
        #"{"id":"c","model":"m","created":1.5,"choices":[]}"#,
        #"{"id":"c","model":"m","choices":[{"message":{"content":"no role"}}]}"#,
        #"{"id":"c","model":"m","choices":[{"message":{"role":"assistant","tool_calls":[{"id":"t","function":{"name":"f","arguments":"{}"}}]}}]}"#,
        #"{"id":"c","model":"m","choices":[{"message":{"role":"assistant","tool_calls":[{"id":"t","type":"function","function":{"name":"f"}}]}}]}"#,
        #"{"id":"c","model":"m","choices":[{"message":null}]}"#,
        #"{"id":"c","model":"m","model":"n","choices":[]}"#,
        #"{"error":{"message":"in-band","type":"server_error"}}"#,
        #"{"id":"c","model":"m","choices":[{"message":{"role":"assistant","content":"x"},"logprobs":{"v":1e400}}]}"#,
        #"{"id":"c","model":"m","choices":[{"message":{"role":"assistant","tool_calls":[{"id":"t","type":"custom","custom":{"name":"f","input":"x"}}]}}]}"#,
        #"{"id":"c","model":"m","choices":[{"message":{"role":"assistant","content":"x","annotations":{}}}]}"#,
        #"{"id":"c","model":"m","choices":[{"message":{"role":"assistant","content":"x"},"extra":1e400}]}"#,
    ]

    @Test(arguments: unusual)
    func unusualCompletionsAgreeWithFoundation(text: String) {
        expectAgreement(text)
    }

    @Test func damagedCompletionsAgreeWithFoundation() {
        for text in damaged(Self.ordinary, count: 1500, seed: 7) { expectAgreement(text) }
    }
}

/// `JSONValue(parsing:)`, which reads error bodies, tool-call arguments and tool results: the same
/// value as `JSONDecoder` gives, or `nil` where it throws; the fast reader does the ordinary work.
struct JSONValueParsingTests {
    func expectAgreement(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let data = Data(text.utf8)
        let foundation = try? JSONDecoder().decode(JSONValue.self, from: data)
        #expect(JSONValue(parsing: data) == foundation, "\(text)", sourceLocation: sourceLocation)
    }

    static let errorBodies: [String] = [
        #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
        #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#,
        #"{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}"#,
        #"[{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}]"#,
        #"{"error":{"message":"in-band","code":502},"user_id":"u"}"#,
        #""a string""#, "42", "-0.5e-3", "null", "true", " [ ] ", #"{"city":"Paris","n":[1,2.5,null]}"#,
    ]

    @Test(arguments: errorBodies)
    func ordinaryTextTakesTheFastReaderAndAgrees(text: String) throws {
        let fast = try #require(FastJSONReader.parse(Data(text.utf8)))
        #expect(fast.jsonValue == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
        expectAgreement(text)
    }

    /// What the fast reader leaves to Foundation (repeated keys, deep nesting, huge numbers) and
    /// text that is not JSON.
    @Test func unusualTextAgreesWithFoundation() {
        for text in FastChunkDecodingTests.unusual + FastCompletionDecodingTests.unusual { expectAgreement(text) }
        expectAgreement(#"{"a":1,"a":2}"#)
        expectAgreement(String(repeating: "[", count: 80) + String(repeating: "]", count: 80))
        expectAgreement("Bad Gateway")
        expectAgreement("{\"city\": \"Par")
    }

    @Test func damagedTextAgreesWithFoundation() {
        for text in damaged(Self.errorBodies + FastChunkDecodingTests.ordinary, count: 1500, seed: 12) {
            expectAgreement(text)
        }
    }
}

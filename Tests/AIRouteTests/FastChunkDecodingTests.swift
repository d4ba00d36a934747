@testable import AIRoute
import AIRouter
import Foundation
import Testing

/// The fast decoding of streamed chunks must give exactly what `JSONDecoder` gives — the same
/// value, or an error where it throws — and must take the fast path for ordinary chunks.
struct FastChunkDecodingTests {
    /// `ChatCompletionChunk.decode(from:)` and Foundation agree on `text`.
    func expectAgreement(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let data = Data(text.utf8)
        let foundation = Result { try JSONDecoder().decode(ChatCompletionChunk.self, from: data) }
        let fast = Result { try ChatCompletionChunk.decode(from: data) }
        switch (foundation, fast) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, "\(text)", sourceLocation: sourceLocation)
        case (.failure, .failure): break
        default:
            Issue.record("Foundation \(foundation) but fast \(fast) for \(text)", sourceLocation: sourceLocation)
        }
    }

    /// Ordinary chunks, each of which must take the fast path.
    static let ordinary: [String] = {
        let stream = OpenAIFixtures.toolCallStream.split(separator: "\n").filter { $0.hasPrefix("data: {") }
            .map { String($0.dropFirst(6)) }
        return stream.filter { !$0.contains(#""usage":{"#) } + [
            #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
            #"{"id":"c","choices":[{"delta":{"content":"Hello \"quoted\" \\ \/ \n\t \u00e9 \ud83d\ude00 ✓"}}]}"#,
            #"{"choices":[{"index":1,"delta":{"refusal":"no"},"finish_reason":"content_filter","logprobs":{"content":[{"token":"a","logprob":-0.5,"bytes":[97],"top_logprobs":[]}]}}]}"#,
            #"{"id":"c","choices":[{"delta":{},"finish_reason":"eos_custom"}],"service_tier":"default","obfuscation":"xyz","usage":null,"routing":null}"#,
            #"{}"#,
            #" { "id" : "spaced" , "choices" : [ ] } "#,
            #"{"id":"c","created":-0,"choices":[{"delta":{"tool_calls":[{"index":0,"function":null}]}}]}"#,
            #"{"id":"c","choices":null,"system_fingerprint":null,"model":null}"#,
        ]
    }()

    @Test(arguments: ordinary)
    func ordinaryChunksTakeTheFastPathAndAgree(text: String) throws {
        let json = try #require(FastJSONReader.parse(Data(text.utf8)))
        let fast = try #require(ChatCompletionChunk(fast: json))
        #expect(fast == (try JSONDecoder().decode(ChatCompletionChunk.self, from: Data(text.utf8))))
    }

    /// Shapes the fast path leaves to Foundation, and text Foundation refuses: same result.
    static let unusual: [String] = [
        #"{"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#,
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
        #"{"id":"c","choices":[{"logprobs":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}]}",
        "",
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

    /// Random damage to ordinary chunks (bytes replaced, removed, the text cut): the result
    /// always matches Foundation's.
    @Test func damagedChunksAgreeWithFoundation() {
        let random = SeededRandomSource(seed: 99)
        let alphabet = Array(#"{}[]":,.-+e0123456789 \nabcnulltruefalse"#.utf8)
        for _ in 0..<1500 {
            let base = Self.ordinary[Int(random.nextUnit() * Double(Self.ordinary.count))]
            var bytes = Array(base.utf8)
            for _ in 0..<1 + Int(random.nextUnit() * 3) where !bytes.isEmpty {
                let position = Int(random.nextUnit() * Double(bytes.count))
                switch Int(random.nextUnit() * 3) {
                case 0: bytes[position] = alphabet[Int(random.nextUnit() * Double(alphabet.count))]
                case 1: bytes.remove(at: position)
                default: bytes = Array(bytes.prefix(position))
                }
            }
            expectAgreement(String(decoding: bytes, as: UTF8.self))
        }
    }
}

import NIOCore

/// The upstream's answers, rendered once: an OpenAI chat completion, and the events of a stream
/// (a role chunk, `chunks` content chunks, a finish chunk, an optional usage chunk, `[DONE]`),
/// shaped as OpenAI sends them (see Sources/AIRouteTesting/WireFormats/OpenAIWire.swift).
struct Replies: Sendable {
    let completion: ByteBuffer
    let opening: ByteBuffer
    let content: [ByteBuffer]
    let finish: ByteBuffer
    let usage: ByteBuffer
    let done: ByteBuffer
    let models: ByteBuffer

    init(chunks: Int, model: String = "m-ok") {
        let id = "chatcmpl-bench-0001"
        let prefix =
            #"{"id":"\#(id)","object":"chat.completion.chunk","created":1700000000,"model":"\#(model)","#
            + #""system_fingerprint":"fp_bench","choices":["#
        func event(_ choice: String) -> ByteBuffer {
            ByteBuffer(string: "data: " + prefix + choice + "]}\n\n")
        }
        let usageJSON = #"{"prompt_tokens":24,"completion_tokens":\#(chunks),"total_tokens":\#(24 + chunks)}"#
        opening = event(#"{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}"#)
        content = (0..<chunks).map { index in
            event(#"{"index":0,"delta":{"content":"word\#(index) "},"logprobs":null,"finish_reason":null}"#)
        }
        finish = event(#"{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}"#)
        usage = ByteBuffer(string: "data: " + prefix + "],\"usage\":" + usageJSON + "}\n\n")
        done = ByteBuffer(string: "data: [DONE]\n\n")
        let text = (0..<chunks).map { "word\($0) " }.joined()
        completion = ByteBuffer(
            string: #"{"id":"\#(id)","object":"chat.completion","created":1700000000,"model":"\#(model)","#
                + #""choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)","refusal":null},"#
                + #""logprobs":null,"finish_reason":"stop"}],"usage":\#(usageJSON),"system_fingerprint":"fp_bench"}"#)
        models = ByteBuffer(
            string: #"{"object":"list","data":[{"id":"\#(model)","object":"model","created":1700000000,"owned_by":"bench"}]}"#)
    }
}

/// What the upstream needs to know of a request body: whether it asks for a stream (and for usage
/// in it), and its model. A byte scan, not a JSON parse, so that the upstream stays cheap
/// (`"stream": true` with any spacing; the first occurrence of a key counts).
enum BodyScan {
    static func flag(_ name: String, in body: ByteBuffer) -> Bool {
        value(of: name, in: body)?.starts(with: "true".utf8) ?? false
    }

    /// The string value of `name` (`"model": "paced"` → `paced`); nil when absent or not a string.
    static func string(_ name: String, in body: ByteBuffer) -> String? {
        guard let rest = value(of: name, in: body), rest.first == UInt8(ascii: "\"") else { return nil }
        let text = rest.dropFirst().prefix { $0 != UInt8(ascii: "\"") }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes after `"name"` and its colon.
    private static func value(of name: String, in body: ByteBuffer) -> ByteBufferView.SubSequence? {
        let bytes = body.readableBytesView
        let key = Array("\"\(name)\"".utf8)
        guard bytes.count >= key.count else { return nil }
        var index = bytes.startIndex
        while index <= bytes.endIndex - key.count {
            if bytes[index] == key[0], bytes[index..<(index + key.count)].elementsEqual(key) {
                var cursor = index + key.count
                while cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: ":") {
                    cursor += 1
                }
                return bytes[cursor...]
            }
            index += 1
        }
        return nil
    }
}

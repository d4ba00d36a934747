/// A well-behaved answer, before the scripted fault (if any) is applied to it.
struct FakeReply {
    enum Body {
        /// A complete body, sent with `Content-Length`.
        case bytes([UInt8])
        /// A server-sent-events stream, sent with chunked transfer encoding.
        case stream(SSEPlan)
    }

    var status: Int = 200
    var contentType: String
    var body: Body

    static func json(_ value: JSON, status: Int = 200) -> FakeReply {
        FakeReply(status: status, contentType: "application/json", body: .bytes(value.bytes))
    }

    static func text(_ value: String, contentType: String = "text/plain; charset=utf-8") -> FakeReply {
        FakeReply(contentType: contentType, body: .bytes(Array(value.utf8)))
    }
}

/// The events of an SSE answer: preamble (role chunk, `message_start`…), content chunks, terminal events.
struct SSEPlan {
    var preamble: [String] = []
    var content: [String] = []
    var terminal: [String] = []

    var all: [String] { preamble + content + terminal }

    /// `data: JSON` + blank line, with `\n` or (Google) `\r\n` line endings.
    static func event(_ data: JSON, name: String? = nil, crlf: Bool = false) -> String {
        event(raw: data.serialized, name: name, crlf: crlf)
    }

    static func event(raw data: String, name: String? = nil, crlf: Bool = false) -> String {
        let eol = crlf ? "\r\n" : "\n"
        return (name.map { "event: \($0)" + eol } ?? "") + "data: " + data + eol + eol
    }
}

/// A request the fake rejects with 400 in the wire's error shape.
struct BadRequest: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Everything a wire-format builder needs to derive a deterministic answer.
struct FakeExchange {
    /// The request's sequence number.
    let id: Int
    let model: String
    /// The parsed JSON body (`.null` when the body is not JSON, e.g. multipart).
    let json: JSON
    let body: [UInt8]
    let contentType: String?
    let query: [String: String]
    let behavior: FakeBehavior
    /// `http://127.0.0.1:PORT`.
    let origin: String

    /// The reply text before it is split into chunks.
    var text: String { behavior.text ?? "Hello from \(model)" }

    /// Whether the request offers at least one tool.
    var offersTools: Bool { (json["tools"]?.arrayValue?.isEmpty == false) }

    /// The scripted tool call, when the request offers tools.
    var toolCall: FakeToolCall? { offersTools ? behavior.toolCall : nil }

    /// Prompt tokens: words of the message texts (`content`, `text`, `input`, `prompt`, `system`).
    var promptTokens: Int {
        FakeContent.tokenCount(json.strings(underKeys: ["content", "text", "input", "prompt", "system"]))
    }

    /// Content slices of the streamed reply.
    var textSlices: [String] { FakeContent.slices(of: text, count: behavior.chunks) }

    /// The full reply text as the slices carry it.
    var fullText: String { textSlices.joined() }
}

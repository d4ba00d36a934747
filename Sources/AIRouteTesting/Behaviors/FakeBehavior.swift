/// What the fake server does with one request: answer normally, fail with a status, or
/// misbehave at the HTTP, TCP or SSE level.
///
/// Behaviours are values built with static factories and refined with modifiers:
///
/// ```swift
/// server.script(model: "gpt-a", [.status(503), .rateLimited(retryAfter: "2"), .ok()])
/// server.setDefault(model: "claude-b", behavior: .ok(text: "Hi", chunks: 3))
/// server.setDefault(model: "slow", behavior: .ok().delayingChunks(by: .milliseconds(50)))
/// server.script(model: "gpt-a", [.cut(afterChunks: 40).withChunks(60)])
/// ```
///
/// Streaming faults count **content chunks**: the events carrying reply text or tool-call
/// argument fragments. The preamble (OpenAI's role chunk; Anthropic's `message_start`,
/// `content_block_start` and `ping`) is always sent first, so `.cut(afterChunks: 0)`
/// delivers headers and preamble but no content. When a streaming fault meets a
/// non-streaming request, it is applied to the JSON body instead (see each factory).
public struct FakeBehavior: Sendable, CustomStringConvertible {
    enum Fault: Sendable, Equatable {
        case error(FakeError)
        case raw(status: Int, body: [UInt8], contentType: String)
        case hang
        case reset
        case close
        case stall(afterChunks: Int)
        case cut(afterChunks: Int)
        case halfEvent(afterChunks: Int)
        case malformedChunk(at: Int)
        case inBandError(afterChunks: Int, FakeError)
        case errorInOKBody(FakeError)
        case lyingContentLength(extraBytes: Int)
        case oversized(bytes: Int)
        case redirect(location: String, status: Int)
    }

    /// `nil` for a normal answer.
    var fault: Fault?
    /// The reply text; `nil` means `"Hello from MODEL"`.
    var text: String?
    /// How many content chunks a streamed reply is split into.
    var chunks: Int = 5
    /// The tool call answered when the request offers tools.
    var toolCall: FakeToolCall?
    /// Embedding dimension used when the request names none.
    var dimensions: Int?
    var headerDelay: Duration?
    var firstChunkDelay: Duration?
    var chunkDelay: Duration?
    var extraHeaders: [(String, String)] = []
    var settleDelay: Duration = .seconds(1)

    init(fault: Fault?) { self.fault = fault }

    // MARK: Normal answers

    /// A normal, successful answer in the request's wire format.
    ///
    /// - Parameters:
    ///   - text: The reply text; `nil` means `"Hello from MODEL"`. Streams split it into
    ///     `chunks` nearly equal slices (a text shorter than `chunks` is repeated until long enough).
    ///   - chunks: Number of content chunks in a streamed reply (at least 1). Default 5.
    ///   - toolCall: When set **and** the request offers tools, the reply is this tool call
    ///     (streamed as argument fragments split across `chunks` chunks).
    ///   - dimensions: Embedding dimension when the request sets none. Default 8.
    public static func ok(
        text: String? = nil,
        chunks: Int = 5,
        toolCall: FakeToolCall? = nil,
        dimensions: Int? = nil
    ) -> FakeBehavior {
        var behavior = FakeBehavior(fault: nil)
        behavior.text = text
        behavior.chunks = max(1, chunks)
        behavior.toolCall = toolCall
        behavior.dimensions = dimensions
        return behavior
    }

    // MARK: HTTP errors

    /// An HTTP error whose body has the request's wire shape (OpenAI `{"error":{…}}`,
    /// Anthropic `{"type":"error","error":{…}}`, Google `{"error":{"code":…,"status":…}}`).
    ///
    /// - Parameters:
    ///   - status: The HTTP status, e.g. 429, 500, 503, 529.
    ///   - type: The provider's error type (OpenAI `error.type`, Anthropic `error.type`,
    ///     Google `error.status`); `nil` derives the usual one from `status`.
    ///   - code: OpenAI `error.code` / Anthropic `error.details.error_code`, e.g. `insufficient_quota`.
    ///   - message: The error message; `nil` derives one from `status`.
    ///   - retryDelay: Google only: adds a `RetryInfo` detail with this `retryDelay` (e.g. `"26s"`).
    ///   - headers: Extra response headers, e.g. `["Retry-After": "2"]`, `["x-should-retry": "false"]`.
    public static func status(
        _ status: Int,
        type: String? = nil,
        code: String? = nil,
        message: String? = nil,
        retryDelay: String? = nil,
        headers: [String: String] = [:]
    ) -> FakeBehavior {
        FakeBehavior(
            fault: .error(FakeError(status: status, type: type, code: code, message: message, retryDelay: retryDelay))
        )
        .withHeaders(headers)
    }

    /// A 429 rate-limit error with a `Retry-After` header (and, for Google, a `RetryInfo` of the same seconds).
    public static func rateLimited(retryAfter seconds: String? = nil) -> FakeBehavior {
        .status(429, retryDelay: seconds.map { "\($0)s" }, headers: seconds.map { ["Retry-After": $0] } ?? [:])
    }

    /// A 429 quota / billing error: OpenAI `insufficient_quota`, Anthropic `rate_limit_error` with
    /// `details.error_code = enforced_spend_limit_reached`, Google `RESOURCE_EXHAUSTED` (quota message).
    public static var quotaExceeded: FakeBehavior {
        FakeBehavior(fault: .error(FakeError(status: 429, quota: true)))
    }

    /// A response with exactly this status, content type and body (no wire shaping).
    public static func raw(
        status: Int,
        body: String,
        contentType: String = "application/json",
        headers: [String: String] = [:]
    ) -> FakeBehavior {
        FakeBehavior(fault: .raw(status: status, body: Array(body.utf8), contentType: contentType)).withHeaders(headers)
    }

    /// A response with exactly these body bytes (which need not be valid UTF-8), status and content type.
    public static func raw(
        status: Int,
        bytes: [UInt8],
        contentType: String = "application/json",
        headers: [String: String] = [:]
    ) -> FakeBehavior {
        FakeBehavior(fault: .raw(status: status, body: bytes, contentType: contentType)).withHeaders(headers)
    }

    /// A redirect (default 302) to `location`, with an empty body.
    public static func redirect(to location: String, status: Int = 302) -> FakeBehavior {
        FakeBehavior(fault: .redirect(location: location, status: status))
    }

    /// HTTP 200 whose non-streaming JSON body is an error object (as OpenRouter and some
    /// gateways do). A streaming request gets the same body as a single JSON document.
    public static func errorInOKBody(
        status: Int = 500, type: String? = nil, message: String? = nil
    ) -> FakeBehavior {
        FakeBehavior(fault: .errorInOKBody(FakeError(status: status, type: type, message: message)))
    }

    // MARK: Connection-level faults

    /// Accept the request and never send a response head, until the client disconnects
    /// (recorded as ``FakeRequest/closedByClient``) or the server shuts down.
    public static var hang: FakeBehavior { FakeBehavior(fault: .hang) }

    /// Reset the connection (TCP RST) after reading the request, before any response byte.
    public static var reset: FakeBehavior { FakeBehavior(fault: .reset) }

    /// Close the connection cleanly (FIN) after reading the request, before any response byte.
    public static var close: FakeBehavior { FakeBehavior(fault: .close) }

    // MARK: Body and stream faults

    /// Send the head, the preamble and `n` content chunks, then stay silent with the
    /// connection open until the client disconnects. Non-streaming: half the body, then silence.
    public static func stall(afterChunks n: Int) -> FakeBehavior { FakeBehavior(fault: .stall(afterChunks: max(0, n))) }

    /// Send `n` content chunks, then close the connection without the terminal event
    /// (no `[DONE]`, `finish_reason`, `message_stop`), and without the chunked-encoding end.
    /// Non-streaming: the full `Content-Length` is announced but only half the body is sent.
    public static func cut(afterChunks n: Int) -> FakeBehavior { FakeBehavior(fault: .cut(afterChunks: max(0, n))) }

    /// Send `n` content chunks, then the first half of the next SSE event (no blank line), then close.
    /// Non-streaming: as ``cut(afterChunks:)``.
    public static func halfEvent(afterChunks n: Int) -> FakeBehavior {
        FakeBehavior(fault: .halfEvent(afterChunks: max(0, n)))
    }

    /// Insert one SSE event with invalid JSON before content chunk `index` (0-based; an index
    /// past the last chunk puts it before the terminal events). The stream otherwise completes
    /// with the full text. Non-streaming: the body is invalid JSON.
    public static func malformedChunk(at index: Int) -> FakeBehavior {
        FakeBehavior(fault: .malformedChunk(at: max(0, index)))
    }

    /// Send `n` content chunks, then an in-band error event, then end the stream (no terminal
    /// event): OpenAI `data: {"error":{…}}`, Anthropic `event: error`, Google `data: {"error":{…}}`.
    /// Non-streaming: HTTP 200 with an error body, as ``errorInOKBody(status:type:message:)``.
    ///
    /// - Parameters:
    ///   - n: Content chunks sent before the error.
    ///   - status: Drives the error's type when `type` is `nil` (529 → `overloaded_error`, …).
    public static func inBandError(
        afterChunks n: Int, status: Int = 529, type: String? = nil, message: String? = nil
    ) -> FakeBehavior {
        FakeBehavior(
            fault: .inBandError(afterChunks: max(0, n), FakeError(status: status, type: type, message: message)))
    }

    /// A 200 response whose `Content-Length` announces `extraBytes` more than the body holds;
    /// the connection is closed after the real body.
    public static func lyingContentLength(extraBytes: Int = 100) -> FakeBehavior {
        FakeBehavior(fault: .lyingContentLength(extraBytes: max(1, extraBytes)))
    }

    /// A 200 response of `bytes` bytes, written in 64 KiB pieces with back-pressure:
    /// a JSON document `{"padding":"xxx…"}` (non-streaming) or a single SSE `data:` line (streaming).
    public static func oversized(bytes: Int) -> FakeBehavior { FakeBehavior(fault: .oversized(bytes: max(16, bytes))) }

    // MARK: Modifiers

    /// The same behaviour with this reply text.
    public func withText(_ text: String) -> FakeBehavior {
        var copy = self
        copy.text = text
        return copy
    }

    /// The same behaviour with a stream of `count` content chunks.
    public func withChunks(_ count: Int) -> FakeBehavior {
        var copy = self
        copy.chunks = max(1, count)
        return copy
    }

    /// The same behaviour, answering `toolCall` when the request offers tools.
    public func withToolCall(_ toolCall: FakeToolCall) -> FakeBehavior {
        var copy = self
        copy.toolCall = toolCall
        return copy
    }

    /// The same behaviour plus these response headers (e.g. `Retry-After`, `retry-after-ms`, `x-should-retry`).
    public func withHeaders(_ headers: [String: String]) -> FakeBehavior {
        var copy = self
        copy.extraHeaders += headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return copy
    }

    /// The same behaviour, waiting `delay` after reading the request before sending the response head.
    public func delayingHeaders(by delay: Duration) -> FakeBehavior {
        var copy = self
        copy.headerDelay = delay
        return copy
    }

    /// The same behaviour, waiting `delay` before each content chunk of a stream.
    public func delayingChunks(by delay: Duration) -> FakeBehavior {
        var copy = self
        copy.chunkDelay = delay
        return copy
    }

    /// The same behaviour, waiting `delay` before the first content chunk only
    /// (headers and preamble are sent at once: a slow first token).
    public func delayingFirstChunk(by delay: Duration) -> FakeBehavior {
        var copy = self
        copy.firstChunkDelay = delay
        return copy
    }

    /// The same behaviour with another pause between the last byte of a truncated response
    /// (``cut(afterChunks:)``, ``halfEvent(afterChunks:)``, ``lyingContentLength(extraBytes:)``)
    /// and the server closing the connection. Default 1 s (room for a loaded machine); `.zero` closes at once.
    ///
    /// AsyncHTTPClient drops body parts it has received but not yet handed to the consumer when
    /// the connection fails; the pause lets a client hand them over, so a test sees exactly the
    /// chunks that were sent before the cut. The pause ends early if the client closes first.
    public func withSettleDelay(_ delay: Duration) -> FakeBehavior {
        var copy = self
        copy.settleDelay = delay
        return copy
    }

    /// A short description for test failure messages.
    public var description: String {
        var parts = [fault.map { "\($0)" } ?? "ok(chunks: \(chunks))"]
        if let headerDelay { parts.append("headerDelay: \(headerDelay)") }
        if let chunkDelay { parts.append("chunkDelay: \(chunkDelay)") }
        if let firstChunkDelay { parts.append("firstChunkDelay: \(firstChunkDelay)") }
        if !extraHeaders.isEmpty { parts.append("headers: \(extraHeaders.map { "\($0.0): \($0.1)" })") }
        return "FakeBehavior(" + parts.joined(separator: ", ") + ")"
    }
}

/// An error a fake provider reports, rendered in the wire shape of the request.
public struct FakeError: Sendable, Hashable {
    /// The HTTP status (or, in-band, the status it stands for).
    public var status: Int
    /// Provider error type (OpenAI/Anthropic `error.type`, Google `error.status`); `nil` derives it from `status`.
    public var type: String?
    /// OpenAI `error.code`, Anthropic `error.details.error_code`.
    public var code: String?
    /// Error message; `nil` derives one from `status`.
    public var message: String?
    /// Google `RetryInfo.retryDelay`, e.g. `"26s"`.
    public var retryDelay: String?
    /// Whether this is a quota / billing error (picks quota types and messages).
    public var quota: Bool

    /// Creates an error description; every field but `status` is optional.
    public init(
        status: Int, type: String? = nil, code: String? = nil, message: String? = nil,
        retryDelay: String? = nil, quota: Bool = false
    ) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.retryDelay = retryDelay
        self.quota = quota
    }
}

/// A tool call the fake answers with when the request offers tools.
public struct FakeToolCall: Sendable, Hashable {
    /// The function name.
    public var name: String
    /// The arguments as JSON object text, e.g. `{"city":"Paris"}`.
    public var arguments: String
    /// The call id (`call_…` for OpenAI; Anthropic ids are derived as `toolu_…`).
    public var id: String

    /// Creates a tool call.
    public init(name: String, arguments: String = "{}", id: String = "call_fake_1") {
        self.name = name
        self.arguments = arguments
        self.id = id
    }
}

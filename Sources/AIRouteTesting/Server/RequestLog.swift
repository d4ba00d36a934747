/// The wire format a request to the fake server was recognised as.
public enum FakeWireFormat: String, Sendable, Hashable, CaseIterable {
    /// OpenAI-compatible paths under `/v1` (chat, embeddings, audio, images, models).
    case openAI
    /// Azure OpenAI paths `/openai/deployments/DEPLOYMENT/…`.
    case azure
    /// Anthropic Messages (`/v1/messages`, and `/v1/models` with an `anthropic-version` header).
    case anthropic
    /// Google Gemini paths under `/v1beta`.
    case gemini
    /// Anything else (`/files/…`, unknown paths).
    case other
}

/// One request received by ``FakeProviderServer``, as recorded in ``FakeProviderServer/requests``.
public struct FakeRequest: Sendable, CustomStringConvertible {
    /// Sequence number, from 1, in arrival order (the time the request was fully read).
    public let id: Int
    /// HTTP method, e.g. `POST`.
    public let method: String
    /// The request target as received: path and query.
    public let uri: String
    /// The path without the query string.
    public let path: String
    /// The model the request was addressed to: body `model`, Azure deployment or Gemini path model.
    public let model: String?
    /// The wire format the path belongs to.
    public let wire: FakeWireFormat
    /// Whether the client asked for a stream (`"stream": true` or `:streamGenerateContent`).
    public let isStream: Bool
    /// Request headers in arrival order.
    public let headers: [(name: String, value: String)]
    /// The request body.
    public let body: [UInt8]
    /// When the request was fully read.
    public let receivedAt: ContinuousClock.Instant
    /// The status of the response head sent, or `nil` when none was sent.
    public internal(set) var responseStatus: Int?
    /// `true` when the client closed the connection while this request was still in flight
    /// (before the server had finished its response, or while it hung or stalled).
    public internal(set) var closedByClient: Bool = false
    /// When the connection was closed by the client, if it was.
    public internal(set) var closedAt: ContinuousClock.Instant?

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body decoded as UTF-8 (invalid bytes repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// A one-line summary, e.g. `#3 POST /v1/chat/completions model=gpt-a stream → 503`.
    public var description: String {
        var line = "#\(id) \(method) \(uri)"
        if let model { line += " model=\(model)" }
        if isStream { line += " stream" }
        line += responseStatus.map { " → \($0)" } ?? " → (no response)"
        if closedByClient { line += " [closed by client]" }
        return line
    }
}

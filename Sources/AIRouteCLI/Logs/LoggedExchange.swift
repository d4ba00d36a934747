import AIRoute
import Foundation

/// A file sent with a prompt (`chat -a`), as the exchange log keeps it: by reference and hash,
/// never its content.
public struct LoggedAttachment: Sendable, Hashable, Codable {
    /// What the file is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case image, audio
    }

    /// `image` or `audio`.
    public var kind: Kind
    /// The path or URL as the user gave it.
    public var reference: String
    /// The media type sent (`image/png`).
    public var mediaType: String
    /// The size in bytes.
    public var bytes: Int
    /// The SHA-256 of the content, lowercase hex.
    public var sha256: String

    /// Creates an attachment record.
    public init(kind: Kind, reference: String, mediaType: String, bytes: Int, sha256: String) {
        self.kind = kind
        self.reference = reference
        self.mediaType = mediaType
        self.bytes = bytes
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case kind, reference, bytes, sha256
        case mediaType = "media_type"
    }
}

/// One upstream attempt as logged: `AttemptRecord` without the request URL.
struct LoggedAttempt: Sendable, Hashable, Codable {
    var member: String
    var provider: String
    var model: String
    /// The error class (`transient`, `rate_limited`…), `nil` for the attempt that answered.
    var errorClass: String?
    var status: Int?
    var durationMs: Int
    /// The router's short, secret-free description of the failure.
    var message: String?

    init(_ record: AttemptRecord) {
        member = record.member
        provider = record.provider
        model = record.model
        errorClass = record.errorClass?.rawValue
        status = record.status
        durationMs = Int(record.durationMs.rounded())
        message = record.message
    }

    enum CodingKeys: String, CodingKey {
        case member, provider, model, status, message
        case errorClass = "error_class"
        case durationMs = "duration_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(member, forKey: .member)
        try container.encode(provider, forKey: .provider)
        try container.encode(model, forKey: .model)
        try container.encode(errorClass, forKey: .errorClass)
        try container.encode(status, forKey: .status)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(message, forKey: .message)
    }
}

/// The request options of a logged exchange.
struct LoggedOptions: Sendable, Hashable, Codable {
    /// The pool or model asked for (`-m`).
    var model: String
    var temperature: Double?
    var maxTokens: Int?
    var stream: Bool

    enum CodingKeys: String, CodingKey {
        case model, temperature, stream
        case maxTokens = "max_tokens"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(temperature, forKey: .temperature)
        try container.encode(maxTokens, forKey: .maxTokens)
        try container.encode(stream, forKey: .stream)
    }
}

/// One exchange of the log: what the user sent, what came back, and how it was routed. The
/// `airoute logs --json` object (docs/cli.md, "The exchange log"): every field is always present,
/// `null` when unknown.
struct LoggedExchange: Sendable, Hashable, Encodable {
    /// The row id (`nil` before it is written).
    var id: Int64?
    var conversationID: String
    var time: Date
    var prompt: String
    var system: String?
    /// The answer text (or the refusal); `nil` when the call failed.
    var answer: String?
    var pool: String
    var member: String?
    var provider: String?
    var promptTokens: Int?
    var completionTokens: Int?
    /// Whether airoute estimated the token counts because the provider reported none.
    var usageEstimated = false
    /// From the serving model's `cost:`; `nil` when it declares none (never 0 for unknown).
    var costUSD: Double?
    var latencyMs: Int?
    var finishReason: String?
    /// Why the call failed (every member failed, the deadline passed…); `nil` on success.
    var error: String?
    var attempts: [LoggedAttempt] = []
    var options: LoggedOptions?
    var attachments: [LoggedAttachment] = []

    enum CodingKeys: String, CodingKey {
        case id, time, prompt, system, answer, pool, member, provider, usage, attempts, options, attachments, error
        case conversationID = "conversation_id"
        case costUSD = "cost_usd"
        case latencyMs = "latency_ms"
        case finishReason = "finish_reason"
    }

    enum UsageKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case estimated
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(conversationID, forKey: .conversationID)
        try container.encode(Self.timestamp(time), forKey: .time)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(system, forKey: .system)
        try container.encode(answer, forKey: .answer)
        try container.encode(pool, forKey: .pool)
        try container.encode(member, forKey: .member)
        try container.encode(provider, forKey: .provider)
        if promptTokens == nil && completionTokens == nil {
            try container.encodeNil(forKey: .usage)
        } else {
            var usage = container.nestedContainer(keyedBy: UsageKeys.self, forKey: .usage)
            try usage.encode(promptTokens, forKey: .promptTokens)
            try usage.encode(completionTokens, forKey: .completionTokens)
            try usage.encode(usageEstimated, forKey: .estimated)
        }
        try container.encode(costUSD, forKey: .costUSD)
        try container.encode(latencyMs, forKey: .latencyMs)
        try container.encode(finishReason, forKey: .finishReason)
        try container.encode(error, forKey: .error)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(options, forKey: .options)
        try container.encode(attachments, forKey: .attachments)
    }

    /// `2026-11-25T10:04:05.123Z`: the form of the `time` column.
    static func timestamp(_ date: Date) -> String { formatter().string(from: date) }

    /// Reads a `time` column back.
    static func date(_ text: String) -> Date? { formatter().date(from: text) }

    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}

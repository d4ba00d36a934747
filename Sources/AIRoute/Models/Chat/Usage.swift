/// Token usage of a chat completion.
///
/// A completion always has usage: when the provider reported none, airoute counts it with its
/// tokenizer-free estimate and sets ``isEstimated`` (encoded as `"estimated": true`, a field the
/// OpenAI types tolerate; it is absent for reported usage).
public struct Usage: Codable, Hashable, Sendable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens generated.
    public var completionTokens: Int
    /// Prompt plus completion tokens.
    public var totalTokens: Int
    /// Breakdown of the prompt tokens (`cached_tokens`, `audio_tokens`…), as the provider sent it.
    public var promptTokensDetails: JSONValue?
    /// Breakdown of the completion tokens (`reasoning_tokens`…), as the provider sent it.
    public var completionTokensDetails: JSONValue?
    /// Whether airoute estimated these counts because the provider reported none.
    public var isEstimated: Bool
    /// Fields this type does not declare (DeepSeek's `prompt_cache_hit_tokens`, Groq's timings…),
    /// kept as sent and written back when encoded.
    public var extra: [String: JSONValue]

    /// Creates usage; `totalTokens` defaults to the sum of the other two.
    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, promptTokensDetails: JSONValue? = nil,
        completionTokensDetails: JSONValue? = nil, isEstimated: Bool = false, extra: [String: JSONValue] = [:]
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.promptTokensDetails = promptTokensDetails
        self.completionTokensDetails = completionTokensDetails
        self.isEstimated = isEstimated
        self.extra = extra
    }

    /// The placeholder for a response whose provider reported no usage: zero counts, marked
    /// estimated until the client fills in its estimate.
    public static let unreported = Usage(promptTokens: 0, completionTokens: 0, isEstimated: true)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
        case isEstimated = "estimated"
    }

    /// Decodes usage, tolerating servers that omit `completion_tokens` or `total_tokens`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            promptTokens: try container.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0,
            completionTokens: try container.decodeIfPresent(Int.self, forKey: .completionTokens) ?? 0,
            totalTokens: try container.decodeIfPresent(Int.self, forKey: .totalTokens),
            promptTokensDetails: try container.decodeIfPresent(JSONValue.self, forKey: .promptTokensDetails),
            completionTokensDetails: try container.decodeIfPresent(JSONValue.self, forKey: .completionTokensDetails),
            isEstimated: try container.decodeIfPresent(Bool.self, forKey: .isEstimated) ?? false,
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes usage as OpenAI does, with ``extra`` inline; `estimated` only when airoute estimated it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(promptTokens, forKey: .promptTokens)
        try container.encode(completionTokens, forKey: .completionTokens)
        try container.encode(totalTokens, forKey: .totalTokens)
        try container.encodeIfPresent(promptTokensDetails, forKey: .promptTokensDetails)
        try container.encodeIfPresent(completionTokensDetails, forKey: .completionTokensDetails)
        if isEstimated { try container.encode(true, forKey: .isEstimated) }
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }
}

/// Token usage of a chat completion.
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

    /// Creates usage; `totalTokens` defaults to the sum of the other two.
    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, promptTokensDetails: JSONValue? = nil,
        completionTokensDetails: JSONValue? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.promptTokensDetails = promptTokensDetails
        self.completionTokensDetails = completionTokensDetails
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }

    /// Decodes usage, tolerating servers that omit `completion_tokens` or `total_tokens`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            promptTokens: try container.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0,
            completionTokens: try container.decodeIfPresent(Int.self, forKey: .completionTokens) ?? 0,
            totalTokens: try container.decodeIfPresent(Int.self, forKey: .totalTokens),
            promptTokensDetails: try container.decodeIfPresent(JSONValue.self, forKey: .promptTokensDetails),
            completionTokensDetails: try container.decodeIfPresent(JSONValue.self, forKey: .completionTokensDetails)
        )
    }
}

/// Why the model stopped generating: `stop`, `length`, `tool_calls`, `content_filter`,
/// `function_call`, or any reason a server adds.
public struct FinishReason: OpenStringValue {
    /// The wire spelling.
    public var rawValue: String

    /// Creates the reason spelled `rawValue` on the wire.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A natural stop or a stop sequence.
    public static let stop = FinishReason(rawValue: "stop")
    /// The token limit (`max_tokens` or the context window) was reached.
    public static let length = FinishReason(rawValue: "length")
    /// The model called one or more tools.
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    /// Content was omitted by a content filter.
    public static let contentFilter = FinishReason(rawValue: "content_filter")
    /// The model called a function (deprecated `functions` API).
    public static let functionCall = FinishReason(rawValue: "function_call")
}

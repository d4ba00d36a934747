/// A chat completion request, shaped like OpenAI's `POST /chat/completions` body.
///
/// `model` is a pool name (a virtual model such as `text-generation`) or a configured model id;
/// the router replaces it with the serving member's upstream id.
///
/// ```swift
/// var request = ChatCompletionRequest(model: "text-generation", messages: [.user("Hi")])
/// request.temperature = 0.2
/// request.extra["reasoning_effort"] = "low"   // passed through to the provider as is
/// ```
///
/// Parameters this type does not declare go in ``extra``: they are written inline into the JSON
/// object, and decoding collects unknown keys into it.
public struct ChatCompletionRequest: Codable, Hashable, Sendable {
    /// The pool or model to use.
    public var model: String
    /// The conversation so far.
    public var messages: [ChatMessage]
    /// Sampling temperature, 0–2.
    public var temperature: Double?
    /// Nucleus sampling mass, 0–1.
    public var topP: Double?
    /// Maximum tokens to generate (legacy name, still the most widely supported).
    public var maxTokens: Int?
    /// Maximum tokens to generate, reasoning tokens included (OpenAI's newer name).
    public var maxCompletionTokens: Int?
    /// How many choices to generate.
    public var n: Int?
    /// Where to stop generating.
    public var stop: StopSequences?
    /// A seed for best-effort deterministic sampling.
    public var seed: Int?
    /// An end-user id, for the provider's abuse monitoring.
    public var user: String?
    /// Tools the model may call.
    public var tools: [Tool]?
    /// Whether and which tool the model must call.
    public var toolChoice: ToolChoice?
    /// Whether the model may call several tools at once.
    public var parallelToolCalls: Bool?
    /// The format of the answer.
    public var responseFormat: ResponseFormat?
    /// Penalty for tokens already present, −2–2.
    public var presencePenalty: Double?
    /// Penalty proportional to token frequency, −2–2.
    public var frequencyPenalty: Double?
    /// Bias per token id (as a string), −100–100.
    public var logitBias: [String: Int]?
    /// Whether the answer is streamed as server-sent events.
    public var stream: Bool?
    /// Streaming options (`include_usage`).
    public var streamOptions: StreamOptions?
    /// Parameters passed through to the provider as is, written inline beside the declared ones.
    /// A key that names a declared parameter is ignored: set the property instead.
    public var extra: [String: JSONValue]

    /// Creates a request.
    public init(
        model: String,
        messages: [ChatMessage],
        temperature: Double? = nil,
        topP: Double? = nil,
        maxTokens: Int? = nil,
        maxCompletionTokens: Int? = nil,
        n: Int? = nil,
        stop: StopSequences? = nil,
        seed: Int? = nil,
        user: String? = nil,
        tools: [Tool]? = nil,
        toolChoice: ToolChoice? = nil,
        parallelToolCalls: Bool? = nil,
        responseFormat: ResponseFormat? = nil,
        presencePenalty: Double? = nil,
        frequencyPenalty: Double? = nil,
        logitBias: [String: Int]? = nil,
        stream: Bool? = nil,
        streamOptions: StreamOptions? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.n = n
        self.stop = stop
        self.seed = seed
        self.user = user
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.responseFormat = responseFormat
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.logitBias = logitBias
        self.stream = stream
        self.streamOptions = streamOptions
        self.extra = extra
    }

    /// Options of a streamed answer.
    public struct StreamOptions: Codable, Hashable, Sendable {
        /// Whether a last chunk carries the token usage of the whole request.
        public var includeUsage: Bool?

        /// Creates stream options.
        public init(includeUsage: Bool? = nil) {
            self.includeUsage = includeUsage
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case includeUsage = "include_usage"
        }
    }

    /// The completion token limit in effect: `max_completion_tokens`, else `max_tokens`.
    public var effectiveMaxTokens: Int? { maxCompletionTokens ?? maxTokens }
}

// MARK: - Coding

extension ChatCompletionRequest {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, messages, temperature, n, stop, seed, user, tools, stream
        case topP = "top_p"
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case toolChoice = "tool_choice"
        case parallelToolCalls = "parallel_tool_calls"
        case responseFormat = "response_format"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case logitBias = "logit_bias"
        case streamOptions = "stream_options"
    }

    /// Decodes a request body; unknown keys are collected into ``extra``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            model: try container.decode(String.self, forKey: .model),
            messages: try container.decode([ChatMessage].self, forKey: .messages),
            temperature: try container.decodeIfPresent(Double.self, forKey: .temperature),
            topP: try container.decodeIfPresent(Double.self, forKey: .topP),
            maxTokens: try container.decodeIfPresent(Int.self, forKey: .maxTokens),
            maxCompletionTokens: try container.decodeIfPresent(Int.self, forKey: .maxCompletionTokens),
            n: try container.decodeIfPresent(Int.self, forKey: .n),
            stop: try container.decodeIfPresent(StopSequences.self, forKey: .stop),
            seed: try container.decodeIfPresent(Int.self, forKey: .seed),
            user: try container.decodeIfPresent(String.self, forKey: .user),
            tools: try container.decodeIfPresent([Tool].self, forKey: .tools),
            toolChoice: try container.decodeIfPresent(ToolChoice.self, forKey: .toolChoice),
            parallelToolCalls: try container.decodeIfPresent(Bool.self, forKey: .parallelToolCalls),
            responseFormat: try container.decodeIfPresent(ResponseFormat.self, forKey: .responseFormat),
            presencePenalty: try container.decodeIfPresent(Double.self, forKey: .presencePenalty),
            frequencyPenalty: try container.decodeIfPresent(Double.self, forKey: .frequencyPenalty),
            logitBias: try container.decodeIfPresent([String: Int].self, forKey: .logitBias),
            stream: try container.decodeIfPresent(Bool.self, forKey: .stream),
            streamOptions: try container.decodeIfPresent(StreamOptions.self, forKey: .streamOptions),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the request body, with ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(messages, forKey: .messages)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(maxTokens, forKey: .maxTokens)
        try container.encodeIfPresent(maxCompletionTokens, forKey: .maxCompletionTokens)
        try container.encodeIfPresent(n, forKey: .n)
        try container.encodeIfPresent(stop, forKey: .stop)
        try container.encodeIfPresent(seed, forKey: .seed)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(tools, forKey: .tools)
        try container.encodeIfPresent(toolChoice, forKey: .toolChoice)
        try container.encodeIfPresent(parallelToolCalls, forKey: .parallelToolCalls)
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        try container.encodeIfPresent(presencePenalty, forKey: .presencePenalty)
        try container.encodeIfPresent(frequencyPenalty, forKey: .frequencyPenalty)
        try container.encodeIfPresent(logitBias, forKey: .logitBias)
        try container.encodeIfPresent(stream, forKey: .stream)
        try container.encodeIfPresent(streamOptions, forKey: .streamOptions)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }
}

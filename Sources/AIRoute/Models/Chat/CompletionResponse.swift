/// A chat completion: OpenAI's `chat.completion` object plus how the call was routed.
///
/// ```swift
/// let reply = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
/// print(reply.text ?? "")
/// print(reply.routing.member ?? "-")   // the member that served it
/// ```
///
/// Encoded, it is the OpenAI JSON object with an additional `"routing"` key; decoding accepts a
/// provider's body without one (``routing`` is then ``AIRouter/RoutingInfo/unrouted``). Fields
/// this type does not declare (`metadata`, Azure's `prompt_filter_results`…) are kept in
/// ``extra`` and written back when encoded, here and on choices and messages.
public struct CompletionResponse: Codable, Hashable, Sendable {
    /// The completion's id.
    public var id: String
    /// Always `chat.completion`.
    public var object: String
    /// Creation time, in seconds since 1970.
    public var created: Int
    /// The upstream model that served the request.
    public var model: String
    /// The generated choices (one unless `n` was set).
    public var choices: [Choice]
    /// Token usage: as the provider reported it, or airoute's estimate (``Usage/isEstimated``)
    /// when it reported none.
    public var usage: Usage
    /// The backend configuration fingerprint, when the provider reported it.
    public var systemFingerprint: String?
    /// How the call was routed.
    public var routing: RoutingInfo
    /// The service tier that processed the request (`default`, `flex`, `priority`…), when reported.
    public var serviceTier: String?
    /// Top-level fields this type does not declare, kept as sent and written back when encoded.
    public var extra: [String: JSONValue]

    /// Creates a completion; a `nil` `usage` becomes ``Usage/unreported``.
    public init(
        id: String, object: String = "chat.completion", created: Int, model: String, choices: [Choice],
        usage: Usage? = nil, systemFingerprint: String? = nil, routing: RoutingInfo = .unrouted,
        serviceTier: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.object = object
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage ?? .unreported
        self.systemFingerprint = systemFingerprint
        self.routing = routing
        self.serviceTier = serviceTier
        self.extra = extra
    }

    /// One generated answer.
    public struct Choice: Codable, Hashable, Sendable {
        /// The choice's position.
        public var index: Int
        /// The generated message.
        public var message: ChatMessage
        /// Why generation stopped (always encoded, as `null` when unknown).
        public var finishReason: FinishReason?
        /// Log probabilities, when requested, as the provider sent them (`content` and `refusal`).
        public var logprobs: JSONValue?
        /// Fields this type does not declare (Azure's `content_filter_results`, Anthropic's
        /// `stop_details`…), kept as sent and written back when encoded.
        public var extra: [String: JSONValue]

        /// Creates a choice.
        public init(
            index: Int, message: ChatMessage, finishReason: FinishReason? = nil, logprobs: JSONValue? = nil,
            extra: [String: JSONValue] = [:]
        ) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
            self.logprobs = logprobs
            self.extra = extra
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case index, message, logprobs
            case finishReason = "finish_reason"
        }

        /// Decodes a choice; a missing `index` is 0.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                index: try container.decodeIfPresent(Int.self, forKey: .index) ?? 0,
                message: try container.decode(ChatMessage.self, forKey: .message),
                finishReason: try container.decodeIfPresent(FinishReason.self, forKey: .finishReason),
                logprobs: try container.decodeIfPresent(JSONValue.self, forKey: .logprobs),
                extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
            )
        }

        /// Encodes a choice as OpenAI does: `finish_reason` and `logprobs` are always present.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(message, forKey: .message)
            try container.encode(finishReason, forKey: .finishReason)
            try container.encode(logprobs, forKey: .logprobs)
            try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created, model, choices, usage, routing
        case systemFingerprint = "system_fingerprint"
        case serviceTier = "service_tier"
    }

    /// Decodes a completion; `routing` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            object: try container.decodeIfPresent(String.self, forKey: .object) ?? "chat.completion",
            created: try container.decodeIfPresent(Int.self, forKey: .created) ?? 0,
            model: try container.decode(String.self, forKey: .model),
            choices: try container.decode([Choice].self, forKey: .choices),
            usage: try container.decodeIfPresent(Usage.self, forKey: .usage),
            systemFingerprint: try container.decodeIfPresent(String.self, forKey: .systemFingerprint),
            routing: try container.decodeRouting(forKey: .routing),
            serviceTier: try container.decodeIfPresent(String.self, forKey: .serviceTier),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the OpenAI object with `routing` and ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(object, forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encode(choices, forKey: .choices)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encodeIfPresent(systemFingerprint, forKey: .systemFingerprint)
        try container.encodeIfPresent(serviceTier, forKey: .serviceTier)
        try container.encode(routing, forKey: .routing)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }

    /// The first choice's message.
    public var message: ChatMessage? { choices.first?.message }

    /// The first choice's text.
    public var text: String? { message?.text }

    /// The first choice's tool calls (empty when there are none).
    public var toolCalls: [ToolCall] { message?.toolCalls ?? [] }

    /// The first choice's finish reason.
    public var finishReason: FinishReason? { choices.first?.finishReason }
}

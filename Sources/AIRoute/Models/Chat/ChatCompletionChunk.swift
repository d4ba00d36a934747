/// One streamed piece of a chat completion: OpenAI's `chat.completion.chunk` object.
///
/// ```swift
/// for try await chunk in try await client.chat.completions.stream(model: "text-generation", messages: messages) {
///     print(chunk.choices.first?.delta.content ?? "", terminator: "")
/// }
/// ```
///
/// Feed chunks to a ``ChatCompletionAccumulator`` to rebuild the whole ``CompletionResponse``.
/// Fields this type does not declare (Azure's `prompt_filter_results`…) are kept in
/// ``extra`` and written back when encoded, here and on choices and deltas.
public struct ChatCompletionChunk: Codable, Hashable, Sendable {
    /// The completion's id (the same in every chunk of a stream).
    public var id: String
    /// Always `chat.completion.chunk`.
    public var object: String
    /// Creation time, in seconds since 1970.
    public var created: Int
    /// The upstream model that serves the stream.
    public var model: String
    /// The choices this chunk extends (empty in a final usage-only chunk).
    public var choices: [Choice]
    /// Token usage: in the last chunk, when `stream_options.include_usage` was set.
    public var usage: Usage?
    /// The backend configuration fingerprint, when the provider reported it.
    public var systemFingerprint: String?
    /// How the stream was routed: set by the router on the chunks it hands out, absent upstream.
    public var routing: RoutingInfo?
    /// The service tier that processes the request, when reported.
    public var serviceTier: String?
    /// Random padding OpenAI adds so that chunk sizes do not reveal their content (sent unless
    /// `stream_options.include_obfuscation` is `false`).
    public var obfuscation: String?
    /// Top-level fields this type does not declare, kept as sent and written back when encoded.
    public var extra: [String: JSONValue]

    /// Creates a chunk.
    public init(
        id: String, object: String = "chat.completion.chunk", created: Int, model: String, choices: [Choice],
        usage: Usage? = nil, systemFingerprint: String? = nil, routing: RoutingInfo? = nil,
        serviceTier: String? = nil, obfuscation: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.object = object
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.systemFingerprint = systemFingerprint
        self.routing = routing
        self.serviceTier = serviceTier
        self.obfuscation = obfuscation
        self.extra = extra
    }

    /// The part of one choice carried by a chunk.
    public struct Choice: Codable, Hashable, Sendable {
        /// The choice's position.
        public var index: Int
        /// What this chunk adds to the choice.
        public var delta: Delta
        /// Why generation stopped: set in the choice's last chunk only (always encoded).
        public var finishReason: FinishReason?
        /// Log probabilities, when requested, as the provider sent them (`content` and `refusal`).
        public var logprobs: JSONValue?
        /// Fields this type does not declare (Azure's `content_filter_results`…), kept as sent.
        public var extra: [String: JSONValue]

        /// Creates a chunk choice.
        public init(
            index: Int = 0, delta: Delta, finishReason: FinishReason? = nil, logprobs: JSONValue? = nil,
            extra: [String: JSONValue] = [:]
        ) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
            self.logprobs = logprobs
            self.extra = extra
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case index, delta, logprobs
            case finishReason = "finish_reason"
        }

        /// Decodes a chunk choice; a missing `index` is 0 and a missing `delta` is empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                index: try container.decodeIfPresent(Int.self, forKey: .index) ?? 0,
                delta: try container.decodeIfPresent(Delta.self, forKey: .delta) ?? Delta(),
                finishReason: try container.decodeIfPresent(FinishReason.self, forKey: .finishReason),
                logprobs: try container.decodeIfPresent(JSONValue.self, forKey: .logprobs),
                extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
            )
        }

        /// Encodes a chunk choice as OpenAI does: `finish_reason` is always present.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
            try container.encode(finishReason, forKey: .finishReason)
            try container.encodeIfPresent(logprobs, forKey: .logprobs)
            try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
        }
    }

    /// What a chunk adds to a choice's message.
    public struct Delta: Codable, Hashable, Sendable {
        /// The message's role: in the first chunk only.
        public var role: ChatRole?
        /// The next piece of text.
        public var content: String?
        /// The next pieces of tool calls.
        public var toolCalls: [ToolCallDelta]?
        /// The next piece of a refusal.
        public var refusal: String?
        /// The next piece of the model's reasoning (`reasoning_content`), kept apart from the answer.
        public var reasoningContent: String?
        /// Fields this type does not declare (`function_call`, `reasoning`…), kept as sent.
        public var extra: [String: JSONValue]

        /// Creates a delta.
        public init(
            role: ChatRole? = nil, content: String? = nil, toolCalls: [ToolCallDelta]? = nil, refusal: String? = nil,
            reasoningContent: String? = nil, extra: [String: JSONValue] = [:]
        ) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
            self.refusal = refusal
            self.reasoningContent = reasoningContent
            self.extra = extra
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case role, content, refusal
            case toolCalls = "tool_calls"
            case reasoningContent = "reasoning_content"
        }

        /// Decodes a delta. `content` may also be a list of parts, as Mistral's reasoning models
        /// stream it: text parts become ``content`` and `thinking` parts ``reasoningContent``.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var content: String?
            var reasoning = try container.decodeIfPresent(String.self, forKey: .reasoningContent)
            if let text = try? container.decodeIfPresent(String.self, forKey: .content) {
                content = text
            } else if let parts = try container.decodeIfPresent([ContentPart].self, forKey: .content) {
                let texts = parts.compactMap(\.text)
                let thinking = parts.compactMap(\.thinking)
                content = texts.isEmpty ? nil : texts.joined()
                if !thinking.isEmpty { reasoning = (reasoning ?? "") + thinking.joined() }
            }
            self.init(
                role: try container.decodeIfPresent(ChatRole.self, forKey: .role), content: content,
                toolCalls: try container.decodeIfPresent([ToolCallDelta].self, forKey: .toolCalls),
                refusal: try container.decodeIfPresent(String.self, forKey: .refusal), reasoningContent: reasoning,
                extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self))
        }

        /// Encodes the delta, with ``extra`` inline.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(role, forKey: .role)
            try container.encodeIfPresent(content, forKey: .content)
            try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
            try container.encodeIfPresent(refusal, forKey: .refusal)
            try container.encodeIfPresent(reasoningContent, forKey: .reasoningContent)
            try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
        }

        /// Whether the delta carries generated output (text, a refusal, reasoning or a tool-call
        /// piece), not just a role.
        public var hasContent: Bool {
            !(content ?? "").isEmpty || !(refusal ?? "").isEmpty || !(toolCalls ?? []).isEmpty
                || !(reasoningContent ?? "").isEmpty
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created, model, choices, usage, routing
        case systemFingerprint = "system_fingerprint"
        case serviceTier = "service_tier"
        case obfuscation
    }

    /// Decodes a chunk, tolerating servers that omit `id`, `object`, `created`, `model` or `choices`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decodeIfPresent(String.self, forKey: .id) ?? "",
            object: try container.decodeIfPresent(String.self, forKey: .object) ?? "chat.completion.chunk",
            created: try container.decodeIfPresent(Int.self, forKey: .created) ?? 0,
            model: try container.decodeIfPresent(String.self, forKey: .model) ?? "",
            choices: try container.decodeIfPresent([Choice].self, forKey: .choices) ?? [],
            usage: try container.decodeIfPresent(Usage.self, forKey: .usage),
            systemFingerprint: try container.decodeIfPresent(String.self, forKey: .systemFingerprint),
            routing: try container.decodeIfPresent(RoutingInfo.self, forKey: .routing),
            serviceTier: try container.decodeIfPresent(String.self, forKey: .serviceTier),
            obfuscation: try container.decodeIfPresent(String.self, forKey: .obfuscation),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the OpenAI chunk, with `routing` (when set) and ``extra`` inline.
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
        try container.encodeIfPresent(obfuscation, forKey: .obfuscation)
        try container.encodeIfPresent(routing, forKey: .routing)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }

    /// Whether any choice of the chunk carries generated output: the point where a stream
    /// commits to its member (docs/routing.md, "The streaming commit point").
    public var hasContent: Bool {
        choices.contains { $0.delta.hasContent }
    }
}

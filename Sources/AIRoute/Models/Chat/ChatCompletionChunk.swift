/// One streamed piece of a chat completion: OpenAI's `chat.completion.chunk` object.
///
/// ```swift
/// for try await chunk in try await client.chat.completions.stream(model: "text-generation", messages: messages) {
///     print(chunk.choices.first?.delta.content ?? "", terminator: "")
/// }
/// ```
///
/// Feed chunks to a ``ChatCompletionAccumulator`` to rebuild the whole ``CompletionResponse``.
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

    /// Creates a chunk.
    public init(
        id: String, object: String = "chat.completion.chunk", created: Int, model: String, choices: [Choice],
        usage: Usage? = nil, systemFingerprint: String? = nil, routing: RoutingInfo? = nil
    ) {
        self.id = id
        self.object = object
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.systemFingerprint = systemFingerprint
        self.routing = routing
    }

    /// The part of one choice carried by a chunk.
    public struct Choice: Codable, Hashable, Sendable {
        /// The choice's position.
        public var index: Int
        /// What this chunk adds to the choice.
        public var delta: Delta
        /// Why generation stopped: set in the choice's last chunk only (always encoded).
        public var finishReason: FinishReason?
        /// Log probabilities, when requested, as the provider sent them.
        public var logprobs: JSONValue?

        /// Creates a chunk choice.
        public init(index: Int = 0, delta: Delta, finishReason: FinishReason? = nil, logprobs: JSONValue? = nil) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
            self.logprobs = logprobs
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
                logprobs: try container.decodeIfPresent(JSONValue.self, forKey: .logprobs)
            )
        }

        /// Encodes a chunk choice as OpenAI does: `finish_reason` is always present.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
            try container.encode(finishReason, forKey: .finishReason)
            try container.encodeIfPresent(logprobs, forKey: .logprobs)
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

        /// Creates a delta.
        public init(
            role: ChatRole? = nil, content: String? = nil, toolCalls: [ToolCallDelta]? = nil, refusal: String? = nil
        ) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
            self.refusal = refusal
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case role, content, refusal
            case toolCalls = "tool_calls"
        }

        /// Whether the delta carries generated output (text, a refusal or a tool-call piece),
        /// not just a role.
        public var hasContent: Bool {
            !(content ?? "").isEmpty || !(refusal ?? "").isEmpty || !(toolCalls ?? []).isEmpty
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created, model, choices, usage, routing
        case systemFingerprint = "system_fingerprint"
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
            routing: try container.decodeIfPresent(RoutingInfo.self, forKey: .routing)
        )
    }

    /// Whether any choice of the chunk carries generated output: the point where a stream
    /// commits to its member (DESIGN.md §4.6).
    public var hasContent: Bool {
        choices.contains { $0.delta.hasContent }
    }
}

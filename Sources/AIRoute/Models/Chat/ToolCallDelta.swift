/// A piece of a tool call in a streamed chunk.
///
/// The first piece of a call carries `id`, `type` and the function's `name`; the following ones
/// carry fragments of `arguments`, all keyed by ``index``.
public struct ToolCallDelta: Codable, Hashable, Sendable {
    /// Which of the message's tool calls this piece extends.
    public var index: Int
    /// The call's id (first piece only).
    public var id: String?
    /// Always `function` (first piece only).
    public var type: String?
    /// The function's name and a fragment of its arguments.
    public var function: FunctionDelta?
    /// Fields this type does not declare (such as Gemini's `extra_content` thought signature),
    /// kept as sent and written back when encoded.
    public var extra: [String: JSONValue]

    /// Creates a tool-call piece.
    public init(
        index: Int, id: String? = nil, type: String? = nil, function: FunctionDelta? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.index = index
        self.id = id
        self.type = type
        self.function = function
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case index, id, type, function
    }

    /// Decodes a piece; a missing `index` (some OpenAI-compatible servers omit it) is 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            index: try container.decodeIfPresent(Int.self, forKey: .index) ?? 0,
            id: try container.decodeIfPresent(String.self, forKey: .id),
            type: try container.decodeIfPresent(String.self, forKey: .type),
            function: try container.decodeIfPresent(FunctionDelta.self, forKey: .function),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the piece, with ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encodeIfPresent(function, forKey: .function)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }

    /// A piece of a function call.
    public struct FunctionDelta: Codable, Hashable, Sendable {
        /// The function's name (first piece only).
        public var name: String?
        /// The next fragment of the arguments' JSON text.
        public var arguments: String?

        /// Creates a function-call piece.
        public init(name: String? = nil, arguments: String? = nil) {
            self.name = name
            self.arguments = arguments
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, arguments
        }
    }
}

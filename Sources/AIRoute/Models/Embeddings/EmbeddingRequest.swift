/// An embeddings request, shaped like OpenAI's `POST /embeddings` body.
///
/// ```swift
/// let request = EmbeddingRequest(model: "embeddings", input: ["a red fox", "a brown dog"], dimensions: 256)
/// ```
public struct EmbeddingRequest: Codable, Hashable, Sendable {
    /// The pool or model to use.
    public var model: String
    /// What to embed.
    public var input: EmbeddingInput
    /// The vectors' length, for models that can shorten them.
    public var dimensions: Int?
    /// How the server should send the vectors.
    public var encodingFormat: EmbeddingEncodingFormat?
    /// An end-user id, for the provider's abuse monitoring.
    public var user: String?
    /// Parameters passed through to the provider as is, written inline beside the declared ones.
    /// A key that names a declared parameter is ignored: set the property instead.
    public var extra: [String: JSONValue]

    /// Creates a request.
    public init(
        model: String, input: EmbeddingInput, dimensions: Int? = nil, encodingFormat: EmbeddingEncodingFormat? = nil,
        user: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.input = input
        self.dimensions = dimensions
        self.encodingFormat = encodingFormat
        self.user = user
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, input, dimensions, user
        case encodingFormat = "encoding_format"
    }

    /// Decodes a request body; unknown keys are collected into ``extra``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            model: try container.decode(String.self, forKey: .model),
            input: try container.decode(EmbeddingInput.self, forKey: .input),
            dimensions: try container.decodeIfPresent(Int.self, forKey: .dimensions),
            encodingFormat: try container.decodeIfPresent(EmbeddingEncodingFormat.self, forKey: .encodingFormat),
            user: try container.decodeIfPresent(String.self, forKey: .user),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the request body, with ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(input, forKey: .input)
        try container.encodeIfPresent(dimensions, forKey: .dimensions)
        try container.encodeIfPresent(encodingFormat, forKey: .encodingFormat)
        try container.encodeIfPresent(user, forKey: .user)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }
}

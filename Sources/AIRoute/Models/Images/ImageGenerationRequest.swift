/// An image generation request, shaped like OpenAI's `POST /images/generations` body.
///
/// ```swift
/// let request = ImageGenerationRequest(model: "text-to-image", prompt: "a red fox", size: "1024x1024",
///                                      responseFormat: .b64JSON)
/// ```
public struct ImageGenerationRequest: Codable, Hashable, Sendable {
    /// The pool or model to use.
    public var model: String
    /// What to draw.
    public var prompt: String
    /// How many images (1 when `nil`).
    public var n: Int?
    /// `WIDTHxHEIGHT`, e.g. `1024x1024`.
    public var size: String?
    /// `standard`, `hd`, `low`, `medium`, `high` or `auto`, depending on the model.
    public var quality: String?
    /// `vivid` or `natural` (DALL·E 3).
    public var style: String?
    /// How the images are returned.
    public var responseFormat: ImageResponseFormat?
    /// An end-user id, for the provider's abuse monitoring.
    public var user: String?
    /// Parameters passed through to the provider as is, written inline beside the declared ones.
    /// A key that names a declared parameter is ignored: set the property instead.
    public var extra: [String: JSONValue]

    /// Creates a request.
    public init(
        model: String, prompt: String, n: Int? = nil, size: String? = nil, quality: String? = nil,
        style: String? = nil, responseFormat: ImageResponseFormat? = nil, user: String? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.prompt = prompt
        self.n = n
        self.size = size
        self.quality = quality
        self.style = style
        self.responseFormat = responseFormat
        self.user = user
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, prompt, n, size, quality, style, user
        case responseFormat = "response_format"
    }

    /// Decodes a request body; unknown keys are collected into ``extra``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            model: try container.decode(String.self, forKey: .model),
            prompt: try container.decode(String.self, forKey: .prompt),
            n: try container.decodeIfPresent(Int.self, forKey: .n),
            size: try container.decodeIfPresent(String.self, forKey: .size),
            quality: try container.decodeIfPresent(String.self, forKey: .quality),
            style: try container.decodeIfPresent(String.self, forKey: .style),
            responseFormat: try container.decodeIfPresent(ImageResponseFormat.self, forKey: .responseFormat),
            user: try container.decodeIfPresent(String.self, forKey: .user),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the request body, with ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(prompt, forKey: .prompt)
        try container.encodeIfPresent(n, forKey: .n)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encodeIfPresent(quality, forKey: .quality)
        try container.encodeIfPresent(style, forKey: .style)
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        try container.encodeIfPresent(user, forKey: .user)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }
}

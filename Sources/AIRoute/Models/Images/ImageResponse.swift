#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Generated images: OpenAI's images response plus how the call was routed.
///
/// ```swift
/// let response = try await client.images.generate(model: "text-to-image", prompt: "a red fox")
/// if let png = response.data.first?.imageData { try png.write(to: url) }
/// ```
public struct ImageResponse: Codable, Hashable, Sendable {
    /// Creation time, in seconds since 1970.
    public var created: Int
    /// The images.
    public var data: [Image]
    /// Usage as the provider reported it (token-based models such as `gpt-image-1`).
    public var usage: JSONValue?
    /// How the call was routed.
    public var routing: RoutingInfo
    /// The background of the images (`transparent` or `opaque`), from GPT image models.
    public var background: String?
    /// The file format of the images (`png`, `webp` or `jpeg`), from GPT image models.
    public var outputFormat: String?
    /// The quality the images were rendered at (`low`, `medium` or `high`), from GPT image models.
    public var quality: String?
    /// The size of the images (`1024x1024`…), from GPT image models.
    public var size: String?
    /// Top-level fields this type does not declare, kept as sent and written back when encoded.
    public var extra: [String: JSONValue]

    /// Creates a response.
    public init(
        created: Int, data: [Image], usage: JSONValue? = nil, routing: RoutingInfo = .unrouted,
        background: String? = nil, outputFormat: String? = nil, quality: String? = nil, size: String? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.created = created
        self.data = data
        self.usage = usage
        self.routing = routing
        self.background = background
        self.outputFormat = outputFormat
        self.quality = quality
        self.size = size
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case created, data, usage, routing, background, quality, size
        case outputFormat = "output_format"
    }

    /// Decodes a response; `routing` may be absent, and so may `data` (as in the OpenAI SDK).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            created: try container.decodeIfPresent(Int.self, forKey: .created) ?? 0,
            data: try container.decodeIfPresent([Image].self, forKey: .data) ?? [],
            usage: try container.decodeIfPresent(JSONValue.self, forKey: .usage),
            routing: try container.decodeRouting(forKey: .routing),
            background: try container.decodeIfPresent(String.self, forKey: .background),
            outputFormat: try container.decodeIfPresent(String.self, forKey: .outputFormat),
            quality: try container.decodeIfPresent(String.self, forKey: .quality),
            size: try container.decodeIfPresent(String.self, forKey: .size),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the OpenAI object with `routing` and ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(created, forKey: .created)
        try container.encode(data, forKey: .data)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encodeIfPresent(background, forKey: .background)
        try container.encodeIfPresent(outputFormat, forKey: .outputFormat)
        try container.encodeIfPresent(quality, forKey: .quality)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encode(routing, forKey: .routing)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }

    /// One generated image: a URL or base64 bytes, depending on the requested format.
    public struct Image: Codable, Hashable, Sendable {
        /// A temporary URL of the image.
        public var url: String?
        /// The image's bytes, base64-encoded.
        public var b64JSON: String?
        /// The prompt the model actually used, when it rewrote it.
        public var revisedPrompt: String?

        /// Creates an image.
        public init(url: String? = nil, b64JSON: String? = nil, revisedPrompt: String? = nil) {
            self.url = url
            self.b64JSON = b64JSON
            self.revisedPrompt = revisedPrompt
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url
            case b64JSON = "b64_json"
            case revisedPrompt = "revised_prompt"
        }

        /// The decoded bytes of ``b64JSON``, or `nil` when absent or not base64.
        public var imageData: Data? {
            b64JSON.flatMap { Data(base64Encoded: $0) }
        }
    }
}

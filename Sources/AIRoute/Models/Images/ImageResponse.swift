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

    /// Creates a response.
    public init(created: Int, data: [Image], usage: JSONValue? = nil, routing: RoutingInfo = .unrouted) {
        self.created = created
        self.data = data
        self.usage = usage
        self.routing = routing
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case created, data, usage, routing
    }

    /// Decodes a response; `routing` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            created: try container.decodeIfPresent(Int.self, forKey: .created) ?? 0,
            data: try container.decode([Image].self, forKey: .data),
            usage: try container.decodeIfPresent(JSONValue.self, forKey: .usage),
            routing: try container.decodeRouting(forKey: .routing)
        )
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

/// One part of a multi-part message: text, an image, or a part type this library does not model.
public enum ContentPart: Codable, Hashable, Sendable {
    /// `{"type": "text", "text": "…"}`.
    case text(String)
    /// `{"type": "image_url", "image_url": {"url": "…", "detail": "…"}}`.
    case imageURL(ImageURL)
    /// Any other part (`input_audio`, `file`…), kept as the JSON object it was, so it round-trips.
    case other([String: JSONValue])

    /// An image part for `url` (an `https:` or `data:` URL).
    public static func imageURL(_ url: String, detail: ImageURL.Detail? = nil) -> ContentPart {
        .imageURL(ImageURL(url: url, detail: detail))
    }

    /// An image referenced by URL, with the resolution the model should look at it in.
    public struct ImageURL: Codable, Hashable, Sendable {
        /// An `https:` URL or a `data:image/…;base64,…` URL.
        public var url: String
        /// `low`, `high` or `auto` (the server's default when `nil`).
        public var detail: Detail?

        /// Creates an image reference.
        public init(url: String, detail: Detail? = nil) {
            self.url = url
            self.detail = detail
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case url, detail
        }

        /// The resolution an image is processed at.
        public struct Detail: OpenStringValue {
            /// The wire spelling.
            public var rawValue: String

            /// Creates the detail spelled `rawValue` on the wire.
            public init(rawValue: String) {
                self.rawValue = rawValue
            }

            /// The server picks.
            public static let auto = Detail(rawValue: "auto")
            /// A 512×512 preview (85 tokens on OpenAI).
            public static let low = Detail(rawValue: "low")
            /// Full resolution in 512-pixel tiles.
            public static let high = Detail(rawValue: "high")
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, text
        case imageURL = "image_url"
    }

    /// Decodes a part by its `type`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "text":
            self = .text(try container.decode(String.self, forKey: .text))
        case "image_url":
            self = .imageURL(try container.decode(ImageURL.self, forKey: .imageURL))
        default:
            self = .other(try [String: JSONValue](from: decoder))
        }
    }

    /// Encodes the part with its `type`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .text(let text):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        case .imageURL(let image):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("image_url", forKey: .type)
            try container.encode(image, forKey: .imageURL)
        case .other(let object):
            try object.encode(to: encoder)
        }
    }

    /// The text, if this is a text part.
    public var text: String? {
        if case .text(let text) = self { text } else { nil }
    }

    /// The image, if this is an image part.
    public var imageURL: ImageURL? {
        if case .imageURL(let image) = self { image } else { nil }
    }

    /// The reasoning, if this is a `thinking` part: Mistral's reasoning models send
    /// `{"type": "thinking", "thinking": [{"type": "text", "text": "…"}]}` (a plain string is
    /// accepted too).
    public var thinking: String? {
        guard case .other(let object) = self, object["type"] == .string("thinking") else { return nil }
        switch object["thinking"] {
        case .string(let text)?:
            return text
        case .array(let pieces)?:
            return pieces.compactMap { piece -> String? in
                if case .object(let fields) = piece, case .string(let text)? = fields["text"] { return text }
                return nil
            }.joined()
        default:
            return nil
        }
    }
}

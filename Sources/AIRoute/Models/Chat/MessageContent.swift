/// The content of a chat message: a plain string, or an array of text and image parts.
///
/// ```swift
/// let content: MessageContent = .parts([.text("What is this?"), .imageURL("https://…/fox.png")])
/// ```
public enum MessageContent: Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// `"content": "…"`.
    case text(String)
    /// `"content": [{"type": "text", …}, {"type": "image_url", …}]`.
    case parts([ContentPart])

    /// Creates text content.
    public init(stringLiteral value: String) {
        self = .text(value)
    }

    /// Decodes a string or an array of parts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([ContentPart].self))
        }
    }

    /// Encodes a string or an array of parts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .parts(let parts): try container.encode(parts)
        }
    }

    /// The text of the content: the string, or the text parts joined with newlines
    /// (`nil` when there is no text part).
    public var text: String? {
        switch self {
        case .text(let text):
            return text
        case .parts(let parts):
            let texts = parts.compactMap(\.text)
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        }
    }

    /// The reasoning of the content's `thinking` parts joined with newlines (`nil` when there is
    /// none; plain text content has none).
    public var thinking: String? {
        guard case .parts(let parts) = self else { return nil }
        let texts = parts.compactMap(\.thinking)
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    /// Whether any part is an image.
    public var hasImageParts: Bool {
        guard case .parts(let parts) = self else { return false }
        return parts.contains { $0.imageURL != nil }
    }

    /// Whether any part is an `input_audio` part.
    public var hasAudioParts: Bool {
        guard case .parts(let parts) = self else { return false }
        return parts.contains(where: \.isInputAudio)
    }
}

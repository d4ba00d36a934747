import Foundation

/// Helpers shared by the adapters that translate OpenAI-shaped requests into another provider's
/// format (Anthropic, Gemini): data URLs, tool-call arguments, ids.
enum WireTranslation {
    /// The choice fields that keep the provider's own stop reason of an answer a content filter
    /// stopped, which OpenAI's `content_filter` loses (`native_finish_reason`, as OpenRouter
    /// names it): empty for any other finish.
    static func nativeStop(_ native: String?, mapped: FinishReason?) -> [String: JSONValue] {
        guard let native, mapped == .contentFilter else { return [:] }
        return ["native_finish_reason": .string(native)]
    }

    /// The tool-call `arguments` text as a JSON object: empty text is `{}`; anything that is not
    /// a JSON object is an invalid request (Anthropic's `input` and Gemini's `args` must be objects).
    static func argumentsObject(_ arguments: String, call id: String) throws -> JSONValue {
        if arguments.allSatisfy(\.isWhitespace) { return .object([:]) }
        guard let value = JSONValue(parsing: Data(arguments.utf8)),
            case .object = value
        else {
            throw UpstreamFailure(
                .invalidRequest, message: "the arguments of tool call '\(id)' are not a JSON object")
        }
        return value
    }

    /// A `data:` URL split into its media type and base64 payload (a non-base64 payload is
    /// percent-decoded and re-encoded); `nil` when `url` is not a `data:` URL.
    static func dataURL(_ url: String) -> (mediaType: String, base64: String)? {
        guard url.lowercased().hasPrefix("data:"), let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        let payload = String(url[url.index(after: comma)...])
        let fields = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let isBase64 = fields.dropFirst().contains { $0.lowercased() == "base64" }
        let mediaType = fields.first.flatMap { $0.isEmpty ? nil : String($0) } ?? "text/plain"
        if isBase64 { return (mediaType.lowercased(), payload) }
        let bytes = Data((payload.removingPercentEncoding ?? payload).utf8)
        return (mediaType.lowercased(), bytes.base64EncodedString())
    }

    /// The media type an image URL's file extension suggests (`image/jpeg` when unknown).
    static func imageMediaType(forURL url: String) -> String {
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "heic": return "image/heic"
        case "heif": return "image/heif"
        default: return "image/jpeg"
        }
    }

    /// An id restricted to `[A-Za-z0-9_-]` (Anthropic's rule for tool-use ids): other characters
    /// become `_`, so ids minted by another provider still round-trip consistently.
    static func safeID(_ id: String) -> String {
        let mapped = id.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
                ? Character(scalar) : "_"
        }
        return mapped.isEmpty ? "_" : String(mapped)
    }

    /// The text of a message's content, for providers that take tool results as text.
    static func text(of content: MessageContent?) -> String {
        content?.text ?? ""
    }

    /// Throws when a part is neither text nor an image: it would otherwise be dropped silently.
    /// An audio part says so: it reached a member that declares `audio_input` wrongly.
    static func rejectUnsupported(_ part: ContentPart, provider: String) throws {
        guard case .other(let object) = part else { return }
        if part.isInputAudio {
            throw UpstreamFailure(
                .invalidRequest,
                message: "\(provider) providers do not accept audio input ('input_audio' parts); "
                    + "the model should not declare the audio_input capability")
        }
        let type = object["type"]?.stringValue ?? "unknown"
        throw UpstreamFailure(
            .invalidRequest, message: "content parts of type '\(type)' are not supported by \(provider) providers")
    }
}

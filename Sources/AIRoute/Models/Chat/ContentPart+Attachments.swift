// Audio parts in OpenAI's chat format, and the size of what a part attaches (docs/routing.md,
// "Capability filtering"). Sizes are worked out from lengths: nothing is decoded.

extension ContentPart {
    /// An audio part in OpenAI's chat format:
    /// `{"type": "input_audio", "input_audio": {"data": BASE64, "format": FORMAT}}`.
    ///
    /// ```swift
    /// let part = ContentPart.inputAudio(data: wav.base64EncodedString(), format: "wav")
    /// ```
    ///
    /// A request with one needs a member that declares `audio_input`. OpenAI-compatible providers
    /// receive the part as it is; Gemini receives it as `inlineData` (``audioMIMEType(format:)``);
    /// Anthropic has no audio input and refuses it.
    /// - Parameters:
    ///   - data: The audio file, base64-encoded.
    ///   - format: The file's format: `wav` or `mp3` (OpenAI); Gemini also takes `aac`, `aiff`,
    ///     `flac`, `ogg`, `m4a`, `opus`, `pcm` and `webm`.
    public static func inputAudio(data: String, format: String) -> ContentPart {
        .other(["type": "input_audio", "input_audio": ["data": .string(data), "format": .string(format)]])
    }

    /// The base64 data and format of an `input_audio` part (`nil` for any other part).
    public var inputAudio: (data: String, format: String)? {
        guard case .other(let object) = self, object["type"] == .string("input_audio"),
            let audio = object["input_audio"], let data = audio["data"]?.stringValue
        else { return nil }
        return (data, audio["format"]?.stringValue ?? "")
    }

    /// Whether this is an `input_audio` part.
    public var isInputAudio: Bool {
        guard case .other(let object) = self else { return false }
        return object["type"] == .string("input_audio")
    }

    /// The decoded size in bytes of what this part attaches: the payload of a `data:` image URL or
    /// the base64 `data` of an `input_audio` part. Zero for an image given by `https:` URL (its size
    /// is unknown) and for every other part. Worked out from the text's length and padding, without
    /// decoding.
    public var attachmentBytes: Int {
        switch self {
        case .text:
            return 0
        case .imageURL(let image):
            return Self.dataURLBytes(image.url)
        case .other:
            guard let audio = inputAudio else { return 0 }
            return Self.base64DecodedBytes(Substring(audio.data).utf8)
        }
    }

    /// The MIME type Gemini expects for an `input_audio` format (`wav` → `audio/wav`, `mp3` →
    /// `audio/mp3`…); an unknown format `x` is `audio/x`.
    public static func audioMIMEType(format: String) -> String {
        switch format.lowercased() {
        case "wav", "wave", "x-wav": "audio/wav"
        case "mp3", "mpeg", "mpga": "audio/mp3"
        case "aiff", "aif": "audio/aiff"
        case "aac": "audio/aac"
        case "ogg", "oga": "audio/ogg"
        case "flac": "audio/flac"
        case "m4a", "mp4": "audio/mp4"
        case "opus": "audio/opus"
        case "pcm", "pcm16": "audio/pcm"
        case "webm": "audio/webm"
        case let other: "audio/\(other)"
        }
    }

    /// The decoded size of a `data:` URL's payload (base64 or percent-encoded text, the latter
    /// counted as it is); 0 for any other URL.
    static func dataURLBytes(_ url: String) -> Int {
        let utf8 = Substring(url).utf8
        let scheme = Array("data:".utf8)
        guard utf8.count > scheme.count,
            zip(utf8.prefix(scheme.count), scheme).allSatisfy({ $0 | 0x20 == $1 }),
            let comma = utf8.firstIndex(of: UInt8(ascii: ","))
        else { return 0 }
        let header = String(decoding: utf8[..<comma], as: UTF8.self).lowercased()
        let payload = utf8[utf8.index(after: comma)...]
        return header.hasSuffix(";base64") ? base64DecodedBytes(payload) : payload.count
    }

    /// The number of bytes `text` (base64, padded or not) decodes to.
    static func base64DecodedBytes(_ text: Substring.UTF8View) -> Int {
        var end = text.endIndex
        var padding = 0
        while padding < 2, end > text.startIndex, text[text.index(before: end)] == UInt8(ascii: "=") {
            end = text.index(before: end)
            padding += 1
        }
        let length = text.distance(from: text.startIndex, to: end)
        return length / 4 * 3 + [0, 0, 1, 2][length % 4]
    }
}

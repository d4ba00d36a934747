/// The format of a transcription: `json`, `text`, `srt`, `vtt`, `verbose_json`, or any format a
/// provider adds.
public struct TranscriptionFormat: OpenStringValue {
    /// The wire spelling.
    public var rawValue: String

    /// Creates the format spelled `rawValue` on the wire.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `{"text": "…"}` (the default).
    public static let json = TranscriptionFormat(rawValue: "json")
    /// Plain text.
    public static let text = TranscriptionFormat(rawValue: "text")
    /// SubRip subtitles.
    public static let srt = TranscriptionFormat(rawValue: "srt")
    /// WebVTT subtitles.
    public static let vtt = TranscriptionFormat(rawValue: "vtt")
    /// JSON with language, duration and timed segments.
    public static let verboseJSON = TranscriptionFormat(rawValue: "verbose_json")

    /// Whether the server answers with a JSON object (rather than plain text or subtitles).
    public var isJSON: Bool { self == .json || self == .verboseJSON }
}

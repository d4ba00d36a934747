/// The encoding of generated speech: `mp3`, `opus`, `aac`, `flac`, `wav`, `pcm`, or any format
/// a provider adds.
public struct AudioFormat: OpenStringValue {
    /// The wire spelling.
    public var rawValue: String

    /// Creates the format spelled `rawValue` on the wire.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// MP3 (OpenAI's default).
    public static let mp3 = AudioFormat(rawValue: "mp3")
    /// Opus in Ogg.
    public static let opus = AudioFormat(rawValue: "opus")
    /// AAC in ADTS.
    public static let aac = AudioFormat(rawValue: "aac")
    /// FLAC.
    public static let flac = AudioFormat(rawValue: "flac")
    /// WAV (16-bit PCM in RIFF).
    public static let wav = AudioFormat(rawValue: "wav")
    /// Raw 16-bit little-endian PCM at 24 kHz, no header.
    public static let pcm = AudioFormat(rawValue: "pcm")

    /// The MIME type of the format (`application/octet-stream` for an unknown one).
    public var mimeType: String {
        switch rawValue {
        case "mp3": "audio/mpeg"
        case "opus": "audio/ogg"
        case "aac": "audio/aac"
        case "flac": "audio/flac"
        case "wav": "audio/wav"
        case "pcm": "audio/pcm"
        default: "application/octet-stream"
        }
    }
}

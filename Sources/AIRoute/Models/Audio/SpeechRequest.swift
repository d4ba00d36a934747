/// A text-to-speech request, shaped like OpenAI's `POST /audio/speech` body. The answer is the
/// audio file's bytes.
///
/// ```swift
/// let request = SpeechRequest(model: "text-to-speech", input: "Hello", voice: .alloy, responseFormat: .wav)
/// ```
public struct SpeechRequest: Codable, Hashable, Sendable {
    /// The pool or model to use.
    public var model: String
    /// The text to speak.
    public var input: String
    /// The voice.
    public var voice: Voice
    /// The audio encoding (`mp3` when `nil`).
    public var responseFormat: AudioFormat?
    /// Speed, 0.25–4 (1 when `nil`).
    public var speed: Double?
    /// How to speak (tone, accent, pace), for models that take instructions.
    public var instructions: String?
    /// Parameters passed through to the provider as is, written inline beside the declared ones.
    /// A key that names a declared parameter is ignored: set the property instead.
    public var extra: [String: JSONValue]

    /// Creates a request.
    public init(
        model: String, input: String, voice: Voice, responseFormat: AudioFormat? = nil, speed: Double? = nil,
        instructions: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.input = input
        self.voice = voice
        self.responseFormat = responseFormat
        self.speed = speed
        self.instructions = instructions
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, input, voice, speed, instructions
        case responseFormat = "response_format"
    }

    /// Decodes a request body; unknown keys are collected into ``extra``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            model: try container.decode(String.self, forKey: .model),
            input: try container.decode(String.self, forKey: .input),
            voice: try container.decode(Voice.self, forKey: .voice),
            responseFormat: try container.decodeIfPresent(AudioFormat.self, forKey: .responseFormat),
            speed: try container.decodeIfPresent(Double.self, forKey: .speed),
            instructions: try container.decodeIfPresent(String.self, forKey: .instructions),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the request body, with ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(input, forKey: .input)
        try container.encode(voice, forKey: .voice)
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        try container.encodeIfPresent(speed, forKey: .speed)
        try container.encodeIfPresent(instructions, forKey: .instructions)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }
}

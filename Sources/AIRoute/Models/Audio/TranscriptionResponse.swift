/// A transcription: OpenAI's transcription object (`json` or `verbose_json`) plus how the call
/// was routed.
///
/// For the `text`, `srt` and `vtt` formats the whole answer is in ``text``.
public struct TranscriptionResponse: Codable, Hashable, Sendable {
    /// The transcribed text.
    public var text: String
    /// The task (`transcribe`), in `verbose_json`.
    public var task: String?
    /// The detected or given language, in `verbose_json`.
    public var language: String?
    /// The audio's duration in seconds, in `verbose_json`.
    public var duration: Double?
    /// Timed segments, in `verbose_json`.
    public var segments: [Segment]?
    /// Timed words, in `verbose_json` with word timestamps.
    public var words: [Word]?
    /// Usage as the provider reported it (token or duration based).
    public var usage: JSONValue?
    /// Token log probabilities (`gpt-4o-transcribe` with `include[]=logprobs`), as sent.
    public var logprobs: JSONValue?
    /// How the call was routed.
    public var routing: RoutingInfo
    /// Top-level fields this type does not declare (`languages`…), kept as sent and written back
    /// when encoded.
    public var extra: [String: JSONValue]

    /// Creates a transcription.
    public init(
        text: String, task: String? = nil, language: String? = nil, duration: Double? = nil,
        segments: [Segment]? = nil, words: [Word]? = nil, usage: JSONValue? = nil, routing: RoutingInfo = .unrouted,
        logprobs: JSONValue? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.text = text
        self.task = task
        self.language = language
        self.duration = duration
        self.segments = segments
        self.words = words
        self.usage = usage
        self.routing = routing
        self.logprobs = logprobs
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text, task, language, duration, segments, words, usage, routing, logprobs
    }

    /// Decodes a transcription; `routing` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            text: try container.decode(String.self, forKey: .text),
            task: try container.decodeIfPresent(String.self, forKey: .task),
            language: try container.decodeIfPresent(String.self, forKey: .language),
            duration: try container.decodeIfPresent(Double.self, forKey: .duration),
            segments: try container.decodeIfPresent([Segment].self, forKey: .segments),
            words: try container.decodeIfPresent([Word].self, forKey: .words),
            usage: try container.decodeIfPresent(JSONValue.self, forKey: .usage),
            routing: try container.decodeRouting(forKey: .routing),
            logprobs: try container.decodeIfPresent(JSONValue.self, forKey: .logprobs),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the OpenAI object with `routing` and ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(task, forKey: .task)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encodeIfPresent(duration, forKey: .duration)
        try container.encodeIfPresent(segments, forKey: .segments)
        try container.encodeIfPresent(words, forKey: .words)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encodeIfPresent(logprobs, forKey: .logprobs)
        try container.encode(routing, forKey: .routing)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }

    /// A timed segment of a `verbose_json` transcription.
    public struct Segment: Codable, Hashable, Sendable {
        /// The segment's number.
        public var id: Int
        /// The seek offset of the segment.
        public var seek: Int?
        /// Start time in seconds.
        public var start: Double
        /// End time in seconds.
        public var end: Double
        /// The segment's text.
        public var text: String
        /// The segment's token ids.
        public var tokens: [Int]?
        /// The sampling temperature used.
        public var temperature: Double?
        /// Average log probability; below −1 suggests a poor transcription.
        public var avgLogprob: Double?
        /// Compression ratio; above 2.4 suggests a failed (repetitive) transcription.
        public var compressionRatio: Double?
        /// Probability that the segment is silence.
        public var noSpeechProb: Double?

        /// Creates a segment.
        public init(
            id: Int, seek: Int? = nil, start: Double, end: Double, text: String, tokens: [Int]? = nil,
            temperature: Double? = nil, avgLogprob: Double? = nil, compressionRatio: Double? = nil,
            noSpeechProb: Double? = nil
        ) {
            self.id = id
            self.seek = seek
            self.start = start
            self.end = end
            self.text = text
            self.tokens = tokens
            self.temperature = temperature
            self.avgLogprob = avgLogprob
            self.compressionRatio = compressionRatio
            self.noSpeechProb = noSpeechProb
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, seek, start, end, text, tokens, temperature
            case avgLogprob = "avg_logprob"
            case compressionRatio = "compression_ratio"
            case noSpeechProb = "no_speech_prob"
        }
    }

    /// A timed word of a `verbose_json` transcription.
    public struct Word: Codable, Hashable, Sendable {
        /// The word.
        public var word: String
        /// Start time in seconds.
        public var start: Double
        /// End time in seconds.
        public var end: Double

        /// Creates a word.
        public init(word: String, start: Double, end: Double) {
            self.word = word
            self.start = start
            self.end = end
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case word, start, end
        }
    }
}

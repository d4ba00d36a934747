#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A speech-to-text request, like OpenAI's `POST /audio/transcriptions`.
///
/// Sent as `multipart/form-data`, not JSON, so it is not `Codable`.
///
/// ```swift
/// let request = TranscriptionRequest(model: "speech-to-text", file: wav, fileName: "memo.wav", language: "en")
/// ```
public struct TranscriptionRequest: Hashable, Sendable {
    /// The pool or model to use.
    public var model: String
    /// The audio file's bytes.
    public var file: Data
    /// The file's name; its extension tells the server the format (`.wav`, `.mp3`, `.m4a`…).
    public var fileName: String
    /// The spoken language as ISO-639-1 (`en`), to improve accuracy and latency.
    public var language: String?
    /// Text to guide the style or continue a previous segment.
    public var prompt: String?
    /// The format of the answer (`json` when `nil`).
    public var responseFormat: TranscriptionFormat?
    /// Sampling temperature, 0–1.
    public var temperature: Double?
    /// Further form fields passed through to the provider as is (a string value as is, any
    /// other value as its JSON text).
    public var extra: [String: JSONValue]

    /// Creates a request.
    public init(
        model: String, file: Data, fileName: String, language: String? = nil, prompt: String? = nil,
        responseFormat: TranscriptionFormat? = nil, temperature: Double? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.file = file
        self.fileName = fileName
        self.language = language
        self.prompt = prompt
        self.responseFormat = responseFormat
        self.temperature = temperature
        self.extra = extra
    }
}

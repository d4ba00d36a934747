/// What a request needs from the member that serves it (docs/routing.md, "Capability filtering").
///
/// The client derives it from the request: `tools` → ``CapabilitySet/tools``, image parts →
/// ``CapabilitySet/vision``, `input_audio` parts → ``CapabilitySet/audioInput``, `response_format`
/// → ``CapabilitySet/jsonOutput``, streaming → ``CapabilitySet/streaming``; prompt size and
/// `max_tokens` against the context window; voice, format, dimensions, image size, upload size and
/// the largest attachment against what the member declares.
public struct Requirements: Sendable, Hashable {
    /// The operation.
    public var operation: ModelOperation
    /// Capabilities beyond the operation's own.
    public var capabilities: CapabilitySet
    /// Estimated prompt tokens (0 when unknown).
    public var estimatedPromptTokens: Int
    /// Requested `max_tokens`, if any.
    public var maxTokens: Int?
    /// Requested voice (speech).
    public var voice: String?
    /// Requested audio or image format.
    public var format: String?
    /// Requested embedding dimensions.
    public var dimensions: Int?
    /// Requested image size (`1024x1024`).
    public var imageSize: String?
    /// Upload size in bytes (transcription).
    public var fileBytes: Int?
    /// The decoded size in bytes of the largest image or audio attachment of a chat request;
    /// `nil` when there is none or its size is unknown (an image given by URL).
    public var attachmentBytes: Int?

    /// Creates requirements.
    public init(
        operation: ModelOperation, capabilities: CapabilitySet = [], estimatedPromptTokens: Int = 0,
        maxTokens: Int? = nil, voice: String? = nil, format: String? = nil, dimensions: Int? = nil,
        imageSize: String? = nil, fileBytes: Int? = nil, attachmentBytes: Int? = nil
    ) {
        self.operation = operation
        self.capabilities = capabilities
        self.estimatedPromptTokens = estimatedPromptTokens
        self.maxTokens = maxTokens
        self.voice = voice
        self.format = format
        self.dimensions = dimensions
        self.imageSize = imageSize
        self.fileBytes = fileBytes
        self.attachmentBytes = attachmentBytes
    }

    /// Prompt plus requested completion tokens: what must fit the context window.
    public var totalTokens: Int { estimatedPromptTokens + (maxTokens ?? 0) }
}

/// Why a member cannot serve a request.
public enum UnmetRequirement: Sendable, Hashable, CustomStringConvertible {
    /// The member lacks these capabilities.
    case capabilities(CapabilitySet)
    /// The prompt plus max_tokens exceed the context window.
    case contextWindow(needed: Int, window: Int)
    /// `max_tokens` exceeds the member's maximum output.
    case maxOutput(requested: Int, limit: Int)
    /// The voice is not among the member's voices.
    case voice(String)
    /// The format is not among the member's formats.
    case format(String)
    /// The dimensions are not among the member's dimensions.
    case dimensions(Int)
    /// The image size is not among the member's sizes.
    case imageSize(String)
    /// The upload exceeds the member's file limit.
    case fileSize(bytes: Int, limit: Int)
    /// A chat attachment (image or audio) exceeds the member's `max_attachment_size`.
    case attachmentSize(bytes: Int, limit: Int)
    /// The member's provider is disabled.
    case providerDisabled(String)

    /// A short reason, e.g. `lacks tools, vision`.
    public var description: String {
        switch self {
        case .capabilities(let c): "lacks \(c.names.joined(separator: ", "))"
        case .contextWindow(let needed, let window): "needs ~\(needed) tokens, context window is \(window)"
        case .maxOutput(let requested, let limit): "max_tokens \(requested) exceeds its limit \(limit)"
        case .voice(let v): "has no voice '\(v)'"
        case .format(let f): "has no format '\(f)'"
        case .dimensions(let d): "cannot produce \(d) dimensions"
        case .imageSize(let s): "cannot generate size \(s)"
        case .fileSize(let bytes, let limit): "file of \(bytes) bytes exceeds its limit of \(limit) bytes"
        case .attachmentSize(let bytes, let limit): "attachment of \(bytes) bytes exceeds its limit of \(limit) bytes"
        case .providerDisabled(let reason): "provider disabled: \(reason)"
        }
    }
}

extension ModelConfiguration {
    /// The first requirement this model does not meet, or `nil` when it can serve the request.
    /// Undeclared limits (no voices, no sizes…) do not exclude: unknown is not "no".
    public func unmet(_ r: Requirements) -> UnmetRequirement? {
        let needed = r.capabilities.union(r.operation.capability)
        if !capabilities.isSuperset(of: needed) { return .capabilities(needed.subtracting(capabilities)) }
        if let window = contextWindow, r.totalTokens > window {
            return .contextWindow(needed: r.totalTokens, window: window)
        }
        if let limit = maxOutputTokens, let requested = r.maxTokens, requested > limit {
            return .maxOutput(requested: requested, limit: limit)
        }
        if let voice = r.voice, !voices.isEmpty, voices[voice] == nil { return .voice(voice) }
        if let format = r.format, !formats.isEmpty, !formats.contains(format) { return .format(format) }
        if let d = r.dimensions, !dimensions.isEmpty, !dimensions.contains(d) { return .dimensions(d) }
        if let size = r.imageSize, !sizes.isEmpty, !sizes.contains(size) { return .imageSize(size) }
        if let bytes = r.fileBytes, let limit = maxFileBytes, bytes > limit {
            return .fileSize(bytes: bytes, limit: limit)
        }
        if let bytes = r.attachmentBytes, let limit = maxAttachmentBytes, bytes > limit {
            return .attachmentSize(bytes: bytes, limit: limit)
        }
        return nil
    }
}

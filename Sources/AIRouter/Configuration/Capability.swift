/// A capability a model declares and a request may require.
///
/// Capabilities form a small closed vocabulary (docs/configuration.md, "Values"), kept as a bit set so that
/// checking a member against a request allocates nothing.
public struct CapabilitySet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Chat completions.
    public static let chat = CapabilitySet(rawValue: 1 << 0)
    /// Server-sent-event streaming of chat completions.
    public static let streaming = CapabilitySet(rawValue: 1 << 1)
    /// Function / tool calling.
    public static let tools = CapabilitySet(rawValue: 1 << 2)
    /// Image parts in chat messages.
    public static let vision = CapabilitySet(rawValue: 1 << 3)
    /// `response_format` JSON mode or JSON schema.
    public static let jsonOutput = CapabilitySet(rawValue: 1 << 4)
    /// Text embeddings.
    public static let embeddings = CapabilitySet(rawValue: 1 << 5)
    /// Text to speech.
    public static let speech = CapabilitySet(rawValue: 1 << 6)
    /// Speech to text.
    public static let transcription = CapabilitySet(rawValue: 1 << 7)
    /// Image generation.
    public static let imageGeneration = CapabilitySet(rawValue: 1 << 8)
    /// Audio parts (`input_audio`) in chat messages.
    public static let audioInput = CapabilitySet(rawValue: 1 << 9)

    /// Every capability with its configuration spelling, in documentation order.
    public static let named: [(name: String, value: CapabilitySet)] = [
        ("chat", .chat), ("streaming", .streaming), ("tools", .tools), ("vision", .vision),
        ("audio_input", .audioInput), ("json_output", .jsonOutput), ("embeddings", .embeddings), ("speech", .speech),
        ("transcription", .transcription), ("image_generation", .imageGeneration),
    ]

    /// The capability spelled `name` in configuration files, or `nil` for an unknown name.
    public init?(name: String) {
        guard let entry = Self.named.first(where: { $0.name == name }) else { return nil }
        self = entry.value
    }

    /// The configuration spellings of the capabilities in this set, in documentation order.
    public var names: [String] {
        Self.named.filter { contains($0.value) }.map(\.name)
    }
}

/// The kind of request a pool serves.
public enum ModelOperation: String, Sendable, CaseIterable, Codable {
    case chat
    case embeddings
    case speech
    case transcription
    case imageGeneration = "image_generation"

    /// The capability a model must declare to serve this operation.
    public var capability: CapabilitySet {
        switch self {
        case .chat: .chat
        case .embeddings: .embeddings
        case .speech: .speech
        case .transcription: .transcription
        case .imageGeneration: .imageGeneration
        }
    }
}

/// Declared prices, in USD per million tokens.
public struct ModelCost: Sendable, Hashable, Codable {
    /// USD per 1M prompt tokens.
    public var input: Double
    /// USD per 1M completion tokens.
    public var output: Double
    /// Creates a price.
    public init(input: Double, output: Double) {
        self.input = input
        self.output = output
    }
}

/// One model of one provider, with what it can do and its limits.
public struct ModelConfiguration: Sendable {
    /// The model's key under `models:`; also the name members use.
    public var id: String
    /// The provider's name.
    public var provider: String
    /// The upstream model id sent to the provider; defaults to ``id``.
    public var upstreamName: String
    /// Azure only: the deployment name; defaults to ``upstreamName``.
    public var deployment: String?
    /// What the model can do.
    public var capabilities: CapabilitySet
    /// Total tokens (prompt + completion) the model accepts, if declared.
    public var contextWindow: Int?
    /// Largest `max_tokens` the model accepts, if declared.
    public var maxOutputTokens: Int?
    /// Embedding sizes the model can produce (the first is its native size), if declared.
    public var dimensions: [Int]
    /// Embedding space: vectors are only comparable within one space.
    public var embeddingSpace: String?
    /// Voices: requested name → provider's name. Empty when undeclared (any voice is passed through).
    public var voices: [String: String]
    /// Declared voice names in configuration order (for listings).
    public var voiceOrder: [String]
    /// Audio or image formats the model produces or accepts; empty when undeclared.
    public var formats: [String]
    /// Image sizes (`1024x1024`) the model can generate; empty when undeclared.
    public var sizes: [String]
    /// Declared prices.
    public var cost: ModelCost?
    /// Transcription only: the largest audio upload, in bytes. Default 25 MB for openai.
    public var maxFileBytes: Int?
    /// Chat only: the largest single image or audio attachment, in decoded bytes
    /// (`max_attachment_size`), if declared.
    public var maxAttachmentBytes: Int?
    /// Embeddings only: the most inputs one request may carry (`max_batch_inputs`), if declared.
    /// Undeclared, the provider's limit applies (OpenAI and Azure 2,048; Gemini 100).
    public var maxBatchInputs: Int?

    /// Creates a model configuration.
    public init(
        id: String, provider: String, upstreamName: String? = nil, deployment: String? = nil,
        capabilities: CapabilitySet, contextWindow: Int? = nil, maxOutputTokens: Int? = nil,
        dimensions: [Int] = [], embeddingSpace: String? = nil, voices: [String: String] = [:],
        voiceOrder: [String]? = nil, formats: [String] = [], sizes: [String] = [], cost: ModelCost? = nil,
        maxFileBytes: Int? = nil, maxBatchInputs: Int? = nil, maxAttachmentBytes: Int? = nil
    ) {
        self.id = id
        self.provider = provider
        self.upstreamName = upstreamName ?? id
        self.deployment = deployment
        self.capabilities = capabilities
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.dimensions = dimensions
        self.embeddingSpace = embeddingSpace
        self.voices = voices
        self.voiceOrder = voiceOrder ?? voices.keys.sorted()
        self.formats = formats
        self.sizes = sizes
        self.cost = cost
        self.maxFileBytes = maxFileBytes
        self.maxBatchInputs = maxBatchInputs
        self.maxAttachmentBytes = maxAttachmentBytes
    }
}

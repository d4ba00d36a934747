/// The providers and well-known models the built-in default configuration can offer.
///
/// Figures (context windows, output limits, USD prices per 1M tokens) are the providers'
/// published ones; they only steer routing (context-length checks, the `cost` strategy).
enum BuiltInCatalog {
    /// One provider the built-in configuration enables when one of its variables is set.
    struct Provider {
        /// The provider's name.
        var name: String
        /// Its wire protocol.
        var type: ProviderType
        /// Its base URL, when not the type's default.
        var baseURL: String?
        /// Key variables, in order of preference (`GEMINI_API_KEY`, then `GOOGLE_API_KEY`).
        var variables: [String]
        /// The variable the official SDK reads its base URL from (`OPENAI_BASE_URL`), if any.
        var baseURLVariable: String? = nil
        /// Whether the base URL variable alone enables the provider (a local server needs no key).
        var baseURLAloneEnables = false
        /// Whether the provider needs its base URL variable (Azure's endpoint).
        var needsBaseURL = false
        /// The variable the official SDK reads the API version from (Azure's `OPENAI_API_VERSION`).
        var apiVersionVariable: String? = nil
        /// Its models, each with the standard pools it joins.
        var models: [(model: ModelConfiguration, pools: [String])]
    }

    private static let textModel: CapabilitySet = [.chat, .streaming, .tools, .jsonOutput]
    private static let visionModel: CapabilitySet = [.chat, .streaming, .tools, .vision, .jsonOutput]
    /// Gemini models take audio parts too (ai.google.dev/gemini-api/docs/audio).
    private static let geminiModel: CapabilitySet = [.chat, .streaming, .tools, .vision, .audioInput, .jsonOutput]
    private static let openAIAudioInput = ["flac", "mp3", "mp4", "mpeg", "mpga", "m4a", "ogg", "wav", "webm"]
    private static let twentyFiveMiB = 26_214_400

    // The largest single image or audio attachment each provider takes (`max_attachment_size`,
    // in decoded bytes):
    // - OpenAI: "up to 20MB per image" (platform.openai.com/docs/guides/images-vision, "Image
    //   input requirements").
    // - Anthropic: 5 MB per image, measured on the base64 text (the API answers "image exceeds
    //   5 MB maximum: 6275800 bytes > 5242880 bytes" for a 4.7 MB file: anthropics/claude-code
    //   #10612, lobehub/lobehub#14711), so 5,242,880 × 3/4 decoded bytes; the request limit is 32 MB
    //   (docs.claude.com/en/docs/build-with-claude/vision).
    // - Gemini: inline data up to 100 MB base64-encoded per request since January 2026, up from
    //   20 MB (blog.google, "Increased file size limits and expanded inputs support in Gemini
    //   API"), so 75 MB decoded; larger files go through the Files API, which airoute does not use.
    private static let openAIAttachment = 20_000_000
    private static let anthropicAttachment = 3_932_160
    private static let geminiAttachment = 75_000_000

    /// Every provider, in the order their models are tried in the standard pools.
    static let providers: [Provider] = [openAI, azure, anthropic, gemini, groq, mistral, openRouter]

    static let openAI = Provider(
        name: "openai", type: .openai, variables: ["OPENAI_API_KEY"], baseURLVariable: "OPENAI_BASE_URL",
        baseURLAloneEnables: true,
        models: [
            (
                chat(
                    "gpt-4o-mini", "openai", visionModel, 128_000, 16_384, 0.15, 0.60,
                    attachment: openAIAttachment),
                ["text-generation"]
            ),
            (chat("gpt-4o", "openai", visionModel, 128_000, 16_384, 2.50, 10.00, attachment: openAIAttachment), []),
            (
                embedding(
                    "text-embedding-3-small", "openai", [1536, 1024, 512, 256], "openai-text-embedding-3-small", 0.02),
                ["embeddings"]
            ),
            (
                embedding(
                    "text-embedding-3-large", "openai", [3072, 1536, 1024, 256], "openai-text-embedding-3-large", 0.13),
                []
            ),
            (
                ModelConfiguration(
                    id: "tts-1", provider: "openai", capabilities: .speech,
                    voices: voices(["alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer"]),
                    voiceOrder: ["alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer"],
                    formats: ["mp3", "opus", "aac", "flac", "wav", "pcm"]),
                ["text-to-speech"]
            ),
            (
                ModelConfiguration(
                    id: "gpt-4o-mini-tts", provider: "openai", capabilities: .speech,
                    voices: voices(ttsVoices), voiceOrder: ttsVoices,
                    formats: ["mp3", "opus", "aac", "flac", "wav", "pcm"]),
                ["text-to-speech"]
            ),
            (
                ModelConfiguration(
                    id: "whisper-1", provider: "openai", capabilities: .transcription, formats: openAIAudioInput,
                    maxFileBytes: twentyFiveMiB),
                ["speech-to-text"]
            ),
            (
                ModelConfiguration(
                    id: "dall-e-3", provider: "openai", capabilities: .imageGeneration, formats: ["png"],
                    sizes: ["1024x1024", "1792x1024", "1024x1792"]),
                ["text-to-image"]
            ),
            (
                ModelConfiguration(
                    id: "gpt-image-1", provider: "openai", capabilities: .imageGeneration,
                    formats: ["png", "jpeg", "webp"], sizes: ["1024x1024", "1536x1024", "1024x1536"]),
                ["text-to-image"]
            ),
        ])

    private static let ttsVoices = [
        "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse",
    ]

    /// Azure OpenAI, as the official `AzureOpenAI` client finds it: deployments named after their models.
    static let azure = Provider(
        name: "azure", type: .azure, variables: ["AZURE_OPENAI_API_KEY"], baseURLVariable: "AZURE_OPENAI_ENDPOINT",
        needsBaseURL: true, apiVersionVariable: "OPENAI_API_VERSION",
        models: [
            (
                chat("azure-gpt-4o-mini", "azure", visionModel, 128_000, 16_384, 0.15, 0.60, upstream: "gpt-4o-mini"),
                ["text-generation"]
            ),
            (
                embedding(
                    "azure-text-embedding-3-small", "azure", [1536, 1024, 512, 256], "openai-text-embedding-3-small",
                    0.02,
                    upstream: "text-embedding-3-small"),
                ["embeddings"]
            ),
        ])

    /// Claude's JSON output is a forced tool call (`AnthropicWire.StructuredOutput`).
    static let anthropic = Provider(
        name: "anthropic", type: .anthropic, variables: ["ANTHROPIC_API_KEY"], baseURLVariable: "ANTHROPIC_BASE_URL",
        models: [
            (
                chat(
                    "claude-3-5-haiku", "anthropic", visionModel, 200_000, 8_192, 0.80, 4.00,
                    upstream: "claude-3-5-haiku-latest", attachment: anthropicAttachment),
                ["text-generation"]
            ),
            (
                chat(
                    "claude-sonnet-4", "anthropic", visionModel, 200_000, 64_000, 3.00, 15.00,
                    upstream: "claude-sonnet-4-20250514", attachment: anthropicAttachment),
                []
            ),
        ])

    static let gemini = Provider(
        name: "gemini", type: .gemini, variables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
        models: [
            (
                chat(
                    "gemini-2.0-flash", "gemini", geminiModel, 1_048_576, 8_192, 0.10, 0.40,
                    attachment: geminiAttachment),
                ["text-generation"]
            ),
            (
                chat(
                    "gemini-2.5-flash", "gemini", geminiModel, 1_048_576, 65_536, 0.30, 2.50,
                    attachment: geminiAttachment),
                []
            ),
            (
                embedding("gemini-embedding-001", "gemini", [3072, 1536, 768], "google-gemini-embedding-001", 0.15),
                ["embeddings"]
            ),
        ])

    static let groq = Provider(
        name: "groq", type: .openai, baseURL: "https://api.groq.com/openai/v1", variables: ["GROQ_API_KEY"],
        models: [
            (
                chat(
                    "groq-llama-3.3-70b", "groq", textModel, 131_072, 32_768, 0.59, 0.79,
                    upstream: "llama-3.3-70b-versatile"),
                ["text-generation"]
            ),
            (
                chat(
                    "groq-llama-3.1-8b", "groq", textModel, 131_072, 131_072, 0.05, 0.08,
                    upstream: "llama-3.1-8b-instant"), []
            ),
            (
                ModelConfiguration(
                    id: "groq-whisper-large-v3-turbo", provider: "groq", upstreamName: "whisper-large-v3-turbo",
                    capabilities: .transcription, formats: openAIAudioInput, maxFileBytes: twentyFiveMiB),
                ["speech-to-text"]
            ),
        ])

    static let mistral = Provider(
        name: "mistral", type: .openai, baseURL: "https://api.mistral.ai/v1", variables: ["MISTRAL_API_KEY"],
        models: [
            (
                chat(
                    "mistral-small", "mistral", visionModel, 131_072, 32_768, 0.10, 0.30,
                    upstream: "mistral-small-latest"),
                ["text-generation"]
            ),
            (
                chat(
                    "mistral-large", "mistral", textModel, 131_072, 32_768, 2.00, 6.00, upstream: "mistral-large-latest"
                ), []
            ),
            (embedding("mistral-embed", "mistral", [1024], "mistral-embed", 0.10), ["embeddings"]),
        ])

    static let openRouter = Provider(
        name: "openrouter", type: .openai, baseURL: "https://openrouter.ai/api/v1", variables: ["OPENROUTER_API_KEY"],
        models: [
            (
                chat(
                    "openrouter-gpt-4o-mini", "openrouter", visionModel, 128_000, 16_384, 0.15, 0.60,
                    upstream: "openai/gpt-4o-mini"),
                ["text-generation"]
            ),
            (
                chat(
                    "openrouter-llama-3.3-70b", "openrouter", textModel, 131_072, 16_384, 0.13, 0.40,
                    upstream: "meta-llama/llama-3.3-70b-instruct"),
                []
            ),
        ])

    // MARK: - Builders

    private static func chat(
        _ id: String, _ provider: String, _ capabilities: CapabilitySet, _ window: Int, _ output: Int,
        _ input: Double, _ outputCost: Double, upstream: String? = nil, attachment: Int? = nil
    ) -> ModelConfiguration {
        ModelConfiguration(
            id: id, provider: provider, upstreamName: upstream, capabilities: capabilities, contextWindow: window,
            maxOutputTokens: output, cost: ModelCost(input: input, output: outputCost), maxAttachmentBytes: attachment)
    }

    private static func embedding(
        _ id: String, _ provider: String, _ dimensions: [Int], _ space: String, _ cost: Double, upstream: String? = nil
    ) -> ModelConfiguration {
        ModelConfiguration(
            id: id, provider: provider, upstreamName: upstream, capabilities: .embeddings, dimensions: dimensions,
            embeddingSpace: space, cost: ModelCost(input: cost, output: 0))
    }

    private static func voices(_ names: [String]) -> [String: String] {
        Dictionary(names.map { ($0, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

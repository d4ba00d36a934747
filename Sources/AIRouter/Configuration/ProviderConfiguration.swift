/// The wire protocol a provider speaks.
public enum ProviderType: String, Sendable, CaseIterable, Codable {
    /// Any OpenAI-compatible server (OpenAI, Groq, Mistral, OpenRouter, Ollama, vLLM…).
    case openai
    /// Azure OpenAI: deployment URLs, `api-version`, `api-key` header.
    case azure
    /// Anthropic Messages API.
    case anthropic
    /// Google Gemini `generateContent` API.
    case gemini
    /// In-process deterministic mock, for offline use and tests.
    case mock

    /// The base URL used when the configuration names none (`nil` for azure and mock).
    public var defaultBaseURL: String? {
        switch self {
        case .openai: "https://api.openai.com/v1"
        case .anthropic: "https://api.anthropic.com"
        case .gemini: "https://generativelanguage.googleapis.com/v1beta"
        case .azure, .mock: nil
        }
    }
}

/// How a `mock` provider misbehaves, for offline demonstrations and tests.
public enum MockFailure: Sendable, Hashable {
    /// Answer every request with this HTTP status (503, 429, 500, 401…).
    case status(Int)
    /// Never answer; the call runs into its timeout.
    case timeout
    /// Behave like a connection refused.
    case refused
}

/// One upstream provider: where it is and how to authenticate.
public struct ProviderConfiguration: Sendable {
    /// The provider's name in the configuration (`openai`, `local`…).
    public var name: String
    /// The wire protocol.
    public var type: ProviderType
    /// The base URL; defaults to ``ProviderType/defaultBaseURL``.
    public var baseURL: String?
    /// The API key, if any. Never printed.
    public var apiKey: Secret?
    /// The environment variable the key came from (`OPENAI_API_KEY`), shown instead of the key.
    public var apiKeyVariable: String?
    /// Extra headers sent with every request, in order.
    public var headers: [(name: String, value: String)]
    /// Azure only: the `api-version` query parameter. Default `2024-10-21`.
    public var apiVersion: String?
    /// Allow sending the key over plain `http://` to a non-loopback host. Default `false`.
    public var allowInsecureHTTP: Bool
    /// Mock only: the failure to inject, if any.
    public var mockFailure: MockFailure?
    /// Mock only: added latency before each answer. Default none.
    public var mockLatency: Duration?
    /// Why the provider is disabled (for example an unset key variable), or `nil` when usable.
    public var disabledReason: String?

    /// Creates a provider configuration.
    public init(
        name: String, type: ProviderType, baseURL: String? = nil, apiKey: Secret? = nil,
        apiKeyVariable: String? = nil, headers: [(name: String, value: String)] = [], apiVersion: String? = nil,
        allowInsecureHTTP: Bool = false, mockFailure: MockFailure? = nil, mockLatency: Duration? = nil,
        disabledReason: String? = nil
    ) {
        self.name = name
        self.type = type
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiKeyVariable = apiKeyVariable
        self.headers = headers
        self.apiVersion = apiVersion
        self.allowInsecureHTTP = allowInsecureHTTP
        self.mockFailure = mockFailure
        self.mockLatency = mockLatency
        self.disabledReason = disabledReason
    }

    /// The base URL in effect: the configured one or the type's default, without a trailing slash.
    public var effectiveBaseURL: String {
        var url = baseURL ?? type.defaultBaseURL ?? ""
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

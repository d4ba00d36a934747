/// The wire protocol a provider speaks.
///
/// The set is extensible: a later version may add provider types, so a `switch` over one needs
/// a `default:`. Encoded as its ``rawValue`` (`"anthropic"`), the `type:` of a configuration file.
public struct ProviderType: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The types this version knows. Inside the package, switches go over this enum so that the
    /// compiler finds each one a new type must be added to.
    package enum Kind: String, Sendable, CaseIterable {
        case openai
        case azure
        case anthropic
        case gemini
        case mock
    }

    /// Which type this is.
    package let kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    /// The type named `rawValue`, or `nil` when this version knows no such type.
    public init?(rawValue: String) {
        guard let kind = Kind(rawValue: rawValue) else { return nil }
        self.kind = kind
    }

    /// The type's name in configuration files (`anthropic`).
    public var rawValue: String { kind.rawValue }

    /// The type's name, as ``rawValue``.
    public var description: String { kind.rawValue }

    /// Every type this version knows, in a fixed order.
    public static var allCases: [ProviderType] { Kind.allCases.map(ProviderType.init) }

    /// Any OpenAI-compatible server (OpenAI, Groq, Mistral, OpenRouter, Ollama, vLLM…).
    public static let openai = ProviderType(.openai)
    /// Azure OpenAI: deployment URLs, `api-version`, `api-key` header.
    public static let azure = ProviderType(.azure)
    /// Anthropic Messages API.
    public static let anthropic = ProviderType(.anthropic)
    /// Google Gemini `generateContent` API.
    public static let gemini = ProviderType(.gemini)
    /// In-process deterministic mock, for offline use and tests.
    public static let mock = ProviderType(.mock)

    /// The base URL used when the configuration names none (`nil` for azure and mock).
    public var defaultBaseURL: String? {
        switch kind {
        case .openai: "https://api.openai.com/v1"
        case .anthropic: "https://api.anthropic.com"
        case .gemini: "https://generativelanguage.googleapis.com/v1beta"
        case .azure, .mock: nil
        }
    }
}

/// How a `mock` provider misbehaves, for offline demonstrations and tests: the `fail:` key of
/// its configuration, read by the mock backend.
package enum MockFailure: Sendable, Hashable {
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
    package var mockFailure: MockFailure?
    /// Mock only: added latency before each answer. Default none.
    public var mockLatency: Duration?
    /// Why the provider is disabled (for example an unset key variable), or `nil` when usable.
    public var disabledReason: String?

    /// Creates a provider configuration.
    public init(
        name: String, type: ProviderType, baseURL: String? = nil, apiKey: Secret? = nil,
        apiKeyVariable: String? = nil, headers: [(name: String, value: String)] = [], apiVersion: String? = nil,
        allowInsecureHTTP: Bool = false, mockLatency: Duration? = nil, disabledReason: String? = nil
    ) {
        self.name = name
        self.type = type
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiKeyVariable = apiKeyVariable
        self.headers = headers
        self.apiVersion = apiVersion
        self.allowInsecureHTTP = allowInsecureHTTP
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

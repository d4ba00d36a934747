/// A pool member resolved against the catalog: the model, its provider and its health identity.
public final class RouteMember: Sendable {
    /// The model.
    public let model: ModelConfiguration
    /// The model's provider.
    public let provider: ProviderConfiguration
    /// The member's health identity: provider type and endpoint, upstream model, the key's
    /// variable name and its keyed fingerprint (``KeyFingerprinter``) — never the key.
    public let healthID: String
    /// Priority within the pool (lower first).
    public let priority: Int
    /// Weight within the pool.
    public let weight: Double

    /// Creates a resolved member whose key is fingerprinted by `fingerprinter`.
    public init(
        model: ModelConfiguration, provider: ProviderConfiguration, priority: Int, weight: Double,
        fingerprinter: KeyFingerprinter
    ) {
        self.model = model
        self.provider = provider
        self.priority = priority
        self.weight = weight
        self.healthID = Self.healthID(model: model, provider: provider, fingerprinter: fingerprinter)
    }

    /// The identity under which a member's health is kept and persisted: a new key value (even
    /// in the same variable) is a new identity with clean health.
    public static func healthID(
        model: ModelConfiguration, provider: ProviderConfiguration, fingerprinter: KeyFingerprinter
    ) -> String {
        let endpoint = provider.type == .mock ? "mock:\(provider.name)" : provider.effectiveBaseURL
        var id = "\(provider.type.rawValue) \(endpoint) \(model.deployment ?? model.upstreamName)"
        if let variable = provider.apiKeyVariable { id += " $\(variable)" }
        if let key = provider.apiKey { id += " #\(fingerprinter.fingerprint(key))" }
        return id
    }
}

/// A resolved pool: its configuration and its members in configuration order.
public struct Route: Sendable {
    /// The pool (for a direct model id, a synthesized one-member pool).
    public let pool: PoolConfiguration
    /// The members, in configuration order.
    public let members: [RouteMember]
}

/// A pool member resolved against the catalog: the model, its provider and its health identity.
public final class RouteMember: Sendable {
    /// The model.
    public let model: ModelConfiguration
    /// The model's provider.
    public let provider: ProviderConfiguration
    /// The member's health identity: provider endpoint, upstream model and key variable name — never the key.
    public let healthID: String
    /// Priority within the pool (lower first).
    public let priority: Int
    /// Weight within the pool.
    public let weight: Double

    /// Creates a resolved member.
    public init(model: ModelConfiguration, provider: ProviderConfiguration, priority: Int, weight: Double) {
        self.model = model
        self.provider = provider
        self.priority = priority
        self.weight = weight
        self.healthID = Self.healthID(model: model, provider: provider)
    }

    /// The identity under which a member's health is kept and persisted.
    public static func healthID(model: ModelConfiguration, provider: ProviderConfiguration) -> String {
        let endpoint = provider.type == .mock ? "mock:\(provider.name)" : provider.effectiveBaseURL
        var id = "\(provider.type.rawValue) \(endpoint) \(model.deployment ?? model.upstreamName)"
        if let variable = provider.apiKeyVariable { id += " $\(variable)" }
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

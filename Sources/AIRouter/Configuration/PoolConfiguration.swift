/// How a pool orders its candidates.
public enum RoutingStrategy: String, Sendable, CaseIterable, Codable {
    /// Lowest priority number first; ties broken by weighted random choice.
    case priority
    /// Rotate the starting member on every call.
    case roundRobin = "round_robin"
    /// Random order, each member drawn with probability proportional to its weight.
    case weighted
    /// Lowest observed latency (EWMA) first; members never observed are tried first.
    case latency
    /// Cheapest estimated cost first; members without declared prices last.
    case cost
}

/// A model's place in a pool.
public struct PoolMember: Sendable, Hashable {
    /// The model's key under `models:`.
    public var model: String
    /// Lower numbers are tried first. Defaults to the member's 1-based position in the list.
    public var priority: Int
    /// Relative share for `weighted`, and the tie-breaker for `priority`. Default 1.
    public var weight: Double

    /// Creates a member.
    public init(model: String, priority: Int, weight: Double = 1) {
        self.model = model
        self.priority = priority
        self.weight = weight
    }
}

/// A capability pool: the virtual model name an application asks for.
public struct PoolConfiguration: Sendable {
    /// The pool's name (`text-generation`).
    public var name: String
    /// The operation every member serves.
    public var operation: ModelOperation
    /// How candidates are ordered. Default `priority`.
    public var strategy: RoutingStrategy
    /// The members, explicit or derived from ``require``.
    public var members: [PoolMember]
    /// Capability-driven membership: every model with these capabilities (and the operation) joins.
    public var require: CapabilitySet
    /// Whether a content-filter refusal fails over to the next member. Default `false`.
    public var failoverOnContentFilter: Bool
    /// Pool-level overrides of the router defaults.
    public var settings: RoutingSettings

    /// Creates a pool.
    public init(
        name: String, operation: ModelOperation, strategy: RoutingStrategy = .priority, members: [PoolMember],
        require: CapabilitySet = [], failoverOnContentFilter: Bool = false, settings: RoutingSettings = .init()
    ) {
        self.name = name
        self.operation = operation
        self.strategy = strategy
        self.members = members
        self.require = require
        self.failoverOnContentFilter = failoverOnContentFilter
        self.settings = settings
    }
}

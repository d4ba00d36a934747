import Synchronization

/// Resolves virtual model names to capability pools, orders capable members by the pool's
/// strategy, and runs attempts with failover, circuit breakers and one deadline per call.
///
/// ```swift
/// let router = ModelRouter(configuration: try .load())
/// let result = try await router.route("text-generation", requirements: .init(operation: .chat)) { attempt in
///     try await send(request, to: attempt.member)          // throws UpstreamFailure on errors
/// }
/// print(result.routing.member ?? "-")
/// ```
///
/// The router does no I/O itself: operations do the HTTP; time comes from an injected
/// ``RouterClock`` and randomness from an injected ``RandomSource``.
public final class ModelRouter: Sendable {
    /// The configuration the router was built from.
    public let configuration: Configuration
    /// Member health, shared by every pool a member belongs to.
    public let health: any HealthStore
    /// The clock for deadlines, cooldowns and latency.
    public let clock: any RouterClock
    /// Every call's deadline, on `clock`, served by one sleeping task.
    let timers: DeadlineTimers
    let random: any RandomSource
    let routes: [String: Route]
    let modelRoutes: Mutex<[String: Route]>
    let rotation = Mutex<[String: Int]>([:])

    /// Creates a router.
    ///
    /// - Parameters:
    ///   - configuration: providers, models and pools.
    ///   - health: where health is kept; in memory by default.
    ///   - clock: the time source; the system clock by default.
    ///   - random: the randomness for `weighted` and priority ties; the system generator by default.
    public init(
        configuration: Configuration, health: any HealthStore = InMemoryHealthStore(),
        clock: any RouterClock = SystemClock(), random: any RandomSource = SystemRandomSource()
    ) {
        self.configuration = configuration
        self.health = health
        self.clock = clock
        self.timers = DeadlineTimers(clock: clock)
        self.random = random
        var routes: [String: Route] = [:]
        for (name, pool) in configuration.pools {
            let members = pool.members.compactMap { member -> RouteMember? in
                guard let model = configuration.models[member.model],
                    let provider = configuration.providers[model.provider]
                else { return nil }
                return RouteMember(
                    model: model, provider: provider, priority: member.priority, weight: member.weight,
                    fingerprinter: health.fingerprinter)
            }
            routes[name] = Route(pool: pool, members: members)
        }
        self.routes = routes
        self.modelRoutes = Mutex([:])
    }

    /// Resolves a virtual name: a pool, or a model id configured under `models:` (a one-member route).
    ///
    /// - Throws: ``RouteError`` with code ``RouteError/Code/unknownPool`` listing the pool names.
    public func resolve(_ name: String, operation: ModelOperation) throws(RouteError) -> Route {
        if let route = routes[name] { return route }
        let key = "\(operation.rawValue) \(name)"
        if let cached = modelRoutes.withLock({ $0[key] }) { return cached }
        if let model = configuration.models[name], let provider = configuration.providers[model.provider] {
            let pool = PoolConfiguration(
                name: name, operation: operation, members: [PoolMember(model: name, priority: 1)],
                settings: configuration.defaults)
            let member = RouteMember(
                model: model, provider: provider, priority: 1, weight: 1, fingerprinter: health.fingerprinter)
            let route = Route(pool: pool, members: [member])
            modelRoutes.withLock { $0[key] = route }
            return route
        }
        let names = configuration.poolOrder
        var message = "unknown model or pool '\(name)'"
        if let suggestion = Suggestion.closest(to: name, among: names + configuration.modelOrder) {
            message += "; did you mean '\(suggestion)'?"
        }
        message += names.isEmpty ? " (no pools are configured)" : " (pools: \(names.joined(separator: ", ")))"
        throw RouteError(.unknownPool, message: message, routing: RoutingInfo(pool: name))
    }

    /// Every pool, in configuration order.
    public var pools: [Route] { configuration.poolOrder.compactMap { routes[$0] } }

    /// The health identity of every configured model (pool member or not), by model id.
    public var healthIDs: [String: String] {
        var ids: [String: String] = [:]
        for (id, model) in configuration.models {
            guard let provider = configuration.providers[model.provider] else { continue }
            ids[id] = RouteMember.healthID(model: model, provider: provider, fingerprinter: health.fingerprinter)
        }
        return ids
    }
}

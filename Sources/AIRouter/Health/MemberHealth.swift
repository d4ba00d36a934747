/// The health of one member: a pure circuit-breaker state machine (docs/routing.md, "The health state machine").
///
/// closed → open after `failure_threshold` consecutive transient failures, or at once on
/// rate_limited / quota / auth / not_found; open → half-open when the cooldown ends, admitting
/// exactly one probe; the probe's success closes the circuit, its failure re-opens it with a
/// doubled cooldown (capped). A new cooldown never shortens an existing one. No cooldown is
/// longer than `max_cooldown`, except one that a provider's Retry-After asked for (up to
/// `max_retry_after`).
///
/// Every mutation is a `mutating` method taking the time, so the same value can be driven by
/// the in-memory store, a file-backed store replaying events, or a test with a manual clock.
public struct MemberHealth: Sendable, Hashable, Codable {
    /// Whether the member can take a request now.
    public enum Availability: Sendable, Hashable {
        /// The circuit is closed.
        case available
        /// The cooldown is over and no probe is in flight: one request may probe.
        case probe
        /// Cooling down (or a probe is in flight) until the given time.
        case unavailable(until: Timestamp)
    }

    /// A summary state for display.
    public enum State: String, Sendable, Codable {
        /// Never observed.
        case unknown
        /// Circuit closed.
        case healthy
        /// Cooling down.
        case open
        /// Cooldown over, waiting for (or running) its probe.
        case halfOpen = "half_open"
    }

    /// Consecutive failures since the last success.
    public var consecutiveFailures = 0
    /// Consecutive times the circuit opened without a success in between (doubles the cooldown).
    public var ejections = 0
    /// The circuit is open until this time.
    public var openUntil: Timestamp?
    /// Why the circuit opened.
    public var openReason: ErrorClass?
    /// A half-open probe is in flight until this time (then presumed lost).
    public var probeUntil: Timestamp?
    /// The last error's class.
    public var lastErrorClass: ErrorClass?
    /// The last error's HTTP status.
    public var lastErrorStatus: Int?
    /// When the last error happened.
    public var lastErrorAt: Timestamp?
    /// Successful attempts.
    public var successes = 0
    /// Failed attempts that counted against the member.
    public var failures = 0
    /// Exponentially weighted moving average of attempt latency, in milliseconds.
    public var latencyMs: Double?
    /// Exponentially weighted moving average of time to first token (streams), in milliseconds.
    public var timeToFirstTokenMs: Double?
    /// The last time the member answered or failed.
    public var lastSeen: Timestamp?

    /// How far ahead of this process's clock a stored or shared time may be before a health
    /// store distrusts it (another machine's clock, or a hostile record).
    public static let clockSkewTolerance: Duration = .seconds(300)
    /// The longest cooldown a stored or shared record may announce from now (the router's own
    /// longest, a Retry-After at the default `max_retry_after` cap, with room); later is distrusted.
    public static let longestPlausibleCooldown: Duration = .seconds(2 * 3600)

    /// The EWMA smoothing factor: the weight of the newest observation.
    public static let ewmaAlpha = 0.3

    /// A member never observed.
    public init() {}

    /// Whether the member may take a request at `now`.
    public func availability(at now: Timestamp) -> Availability {
        guard let openUntil else { return .available }
        if now < openUntil { return .unavailable(until: openUntil) }
        if let probeUntil, now < probeUntil { return .unavailable(until: probeUntil) }
        return .probe
    }

    /// The state to display at `now`.
    public func state(at now: Timestamp) -> State {
        switch availability(at: now) {
        case .available: lastSeen == nil ? .unknown : .healthy
        case .probe: .halfOpen
        case .unavailable: probeUntil != nil && (openUntil ?? now) <= now ? .halfOpen : .open
        }
    }

    /// Takes the member for one attempt if it is available; a half-open member is leased to
    /// exactly one prober until `leaseUntil`. Returns `false` when it is cooling down.
    public mutating func acquire(at now: Timestamp, leaseUntil: Timestamp) -> Bool {
        switch availability(at: now) {
        case .available: return true
        case .probe:
            probeUntil = leaseUntil
            return true
        case .unavailable: return false
        }
    }

    /// Records a success: closes the circuit and updates latency averages.
    public mutating func recordSuccess(at now: Timestamp, latency: Duration?, timeToFirstToken: Duration? = nil) {
        consecutiveFailures = 0
        ejections = 0
        openUntil = nil
        openReason = nil
        probeUntil = nil
        successes += 1
        lastSeen = now
        if let latency { latencyMs = Self.ewma(latencyMs, latency.milliseconds) }
        if let timeToFirstToken { timeToFirstTokenMs = Self.ewma(timeToFirstTokenMs, timeToFirstToken.milliseconds) }
    }

    /// Records a failed attempt of the given class under `settings`.
    public mutating func recordFailure(
        _ errorClass: ErrorClass, status: Int? = nil, retryAfter: Duration? = nil, at now: Timestamp,
        settings: RoutingSettings
    ) {
        guard errorClass.affectsHealth else {
            // The member answered; the request was at fault. A probe lease is released untouched.
            probeUntil = nil
            lastSeen = now
            return
        }
        let wasProbing = openUntil.map { $0 <= now } ?? false
        failures += 1
        consecutiveFailures += 1
        lastErrorClass = errorClass
        lastErrorStatus = status
        lastErrorAt = now
        lastSeen = now
        probeUntil = nil
        switch errorClass.kind {
        case .transient:
            if wasProbing || consecutiveFailures >= settings.failureThreshold {
                open(for: escalatedCooldown(settings), reason: errorClass, at: now)
            }
        case .rateLimited:
            open(for: Self.hint(retryAfter, settings) ?? escalatedCooldown(settings), reason: errorClass, at: now)
        case .quota:
            let configured = settings.effectiveQuotaCooldown
            open(for: max(configured, Self.hint(retryAfter, settings) ?? .zero), reason: errorClass, at: now)
        case .auth, .notFound:
            open(for: settings.effectiveAuthCooldown, reason: errorClass, at: now)
        case .contextLength, .contentFilter, .invalidRequest, .cancelled:
            break
        }
    }

    /// A provider's Retry-After hint, capped by `max_retry_after`: the one way a cooldown may
    /// exceed `max_cooldown` (docs/routing.md, "Cooldowns").
    private static func hint(_ retryAfter: Duration?, _ settings: RoutingSettings) -> Duration? {
        retryAfter.map { min($0, settings.maxRetryAfter) }
    }

    /// Releases a probe lease without judging the member (the caller cancelled).
    public mutating func releaseProbe() { probeUntil = nil }

    /// `cooldown × 2^ejections`, capped by `max_cooldown`.
    func escalatedCooldown(_ settings: RoutingSettings) -> Duration {
        let factor = pow2(min(ejections, 30))
        let seconds = min(settings.cooldown.seconds * factor, settings.maxCooldown.seconds)
        return .seconds(max(seconds, 0))
    }

    private mutating func open(for duration: Duration, reason: ErrorClass, at now: Timestamp) {
        let until = now + duration
        if let current = openUntil, current > until {
            // Never shorten an existing cooldown.
        } else {
            openUntil = until
            openReason = reason
        }
        ejections += 1
    }

    private func pow2(_ n: Int) -> Double { Double(1 << n) }

    private static func ewma(_ old: Double?, _ sample: Double) -> Double {
        guard let old else { return sample }
        return old + ewmaAlpha * (sample - old)
    }
}

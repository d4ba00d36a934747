/// Timeouts, attempt caps and circuit-breaker figures (the `defaults:` section, which pools may override).
public struct RoutingSettings: Sendable, Hashable {
    /// One deadline for the whole call, across all attempts. Default 60 s.
    public var timeout: Duration
    /// Time to establish a connection. Default 5 s.
    public var connectTimeout: Duration
    /// Streaming: headers and the first content must arrive within this. Default 20 s.
    public var firstTokenTimeout: Duration
    /// Streaming: longest silence between chunks. Default 30 s.
    public var idleTimeout: Duration
    /// Non-streamed calls: the longest one attempt may take before the next member is tried.
    /// `nil` (the default) leaves room for failover: half the time left to the deadline while
    /// another member could follow, all of it for the last one. Never beyond the call's deadline.
    /// Streams are bounded by ``firstTokenTimeout`` instead.
    public var attemptTimeout: Duration?
    /// Upstream requests per call, all members together. Default 4.
    public var maxAttempts: Int
    /// Consecutive failures that open a member's circuit. Default 3.
    public var failureThreshold: Int
    /// First ejection; doubles per repeat up to ``maxCooldown``. Default 30 s.
    public var cooldown: Duration
    /// Longest transient-failure cooldown. Default 5 min.
    public var maxCooldown: Duration
    /// Largest `Retry-After` honoured for a rate-limited member. Default 1 h.
    public var maxRetryAfter: Duration
    /// Cooldown after an authentication or not-found error; `nil` (the default) means
    /// ``maxCooldown``. Never longer than ``maxCooldown``.
    public var authCooldown: Duration?
    /// Cooldown after a quota / billing error; `nil` (the default) means ``maxCooldown``. Never
    /// longer than ``maxCooldown``; a longer Retry-After hint wins, up to ``maxRetryAfter``.
    public var quotaCooldown: Duration?

    /// Creates settings; every argument has the documented default.
    public init(
        timeout: Duration = .seconds(60), connectTimeout: Duration = .seconds(5),
        firstTokenTimeout: Duration = .seconds(20), idleTimeout: Duration = .seconds(30), maxAttempts: Int = 4,
        failureThreshold: Int = 3, cooldown: Duration = .seconds(30), maxCooldown: Duration = .seconds(300),
        maxRetryAfter: Duration = .seconds(3600), authCooldown: Duration? = nil, quotaCooldown: Duration? = nil,
        attemptTimeout: Duration? = nil
    ) {
        self.attemptTimeout = attemptTimeout
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.firstTokenTimeout = firstTokenTimeout
        self.idleTimeout = idleTimeout
        self.maxAttempts = maxAttempts
        self.failureThreshold = failureThreshold
        self.cooldown = cooldown
        self.maxCooldown = maxCooldown
        self.maxRetryAfter = maxRetryAfter
        self.authCooldown = authCooldown
        self.quotaCooldown = quotaCooldown
    }

    /// The cooldown an auth or not-found error sets: `auth_cooldown`, capped by `max_cooldown`.
    public var effectiveAuthCooldown: Duration { min(authCooldown ?? maxCooldown, maxCooldown) }

    /// The cooldown a quota error sets without a hint: `quota_cooldown`, capped by `max_cooldown`.
    public var effectiveQuotaCooldown: Duration { min(quotaCooldown ?? maxCooldown, maxCooldown) }

    /// When a non-streamed attempt that starts at `now` must end (see ``attemptTimeout``).
    ///
    /// - Parameter another: whether another member could be tried after this one.
    public func attemptDeadline(now: Timestamp, callDeadline: Timestamp, another: Bool) -> Timestamp {
        if let attemptTimeout { return min(now + attemptTimeout, callDeadline) }
        guard another, callDeadline > now else { return callDeadline }
        return now + (callDeadline - now) / 2
    }
}

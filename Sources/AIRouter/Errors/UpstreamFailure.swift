/// A failed upstream attempt, classified: what provider adapters throw to the router.
///
/// `message` must be free of secrets: adapters build it from the provider's error type, code
/// and a truncated, redacted message — never from request headers or URLs with keys.
public struct UpstreamFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider-independent class that drives failover and health.
    public var errorClass: ErrorClass
    /// The HTTP status, if a response arrived.
    public var status: Int?
    /// The provider's structured error code or type (`insufficient_quota`, `overloaded_error`…).
    public var code: String?
    /// A short human description, free of secrets.
    public var message: String
    /// How long the provider asked us to wait (already parsed from `Retry-After` and friends).
    public var retryAfter: Duration?

    /// Creates a classified failure.
    public init(
        _ errorClass: ErrorClass, status: Int? = nil, code: String? = nil, message: String,
        retryAfter: Duration? = nil
    ) {
        self.errorClass = errorClass
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// `rate_limited (429): Rate limit reached`.
    public var description: String {
        var head = errorClass.rawValue
        if let status { head += " (\(status))" }
        return "\(head): \(message)"
    }
}

/// One upstream attempt of a routed call.
public struct AttemptRecord: Sendable, Hashable, Codable {
    /// The member's model id (its key under `models:`).
    public var member: String
    /// The provider's name.
    public var provider: String
    /// The upstream model id.
    public var model: String
    /// `nil` when the attempt succeeded.
    public var errorClass: ErrorClass?
    /// The HTTP status, when there was one.
    public var status: Int?
    /// Wall time of the attempt, in milliseconds.
    public var durationMs: Double
    /// A short, secret-free description of the failure.
    public var message: String?
    /// The request's method and URL (no query string, no credentials), when one was sent over HTTP.
    public var endpoint: String?

    /// Creates an attempt record.
    public init(
        member: String, provider: String, model: String, errorClass: ErrorClass? = nil, status: Int? = nil,
        durationMs: Double, message: String? = nil, endpoint: String? = nil
    ) {
        self.endpoint = endpoint
        self.member = member
        self.provider = provider
        self.model = model
        self.errorClass = errorClass
        self.status = status
        self.durationMs = durationMs
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case member, provider, model, status, message, endpoint
        case errorClass = "error_class"
        case durationMs = "duration_ms"
    }
}

/// How a call was routed: the pool, the member that served it and every attempt made.
public struct RoutingInfo: Sendable, Hashable, Codable {
    /// The pool (virtual model name) the caller asked for.
    public var pool: String
    /// The member (model id) that served the call, or `nil` if none did.
    public var member: String?
    /// The serving member's provider.
    public var provider: String?
    /// Every attempt, in order, including the successful one last.
    public var attempts: [AttemptRecord]

    /// Creates routing information.
    public init(pool: String, member: String? = nil, provider: String? = nil, attempts: [AttemptRecord] = []) {
        self.pool = pool
        self.member = member
        self.provider = provider
        self.attempts = attempts
    }

    /// Whether the call was served by a member other than the first one attempted.
    public var failedOver: Bool { attempts.count > 1 && member != nil }
}

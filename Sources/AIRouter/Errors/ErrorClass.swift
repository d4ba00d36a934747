/// The provider-independent class of a failed attempt (docs/routing.md, "Error classes").
///
/// The class alone decides whether the router fails over and what happens to the member's health.
public enum ErrorClass: String, Sendable, Codable, CaseIterable {
    /// Connect refused/reset, timeout, 500/502/503/504, 529, in-band overloaded.
    case transient
    /// 429, with or without Retry-After.
    case rateLimited = "rate_limited"
    /// Quota or spend limit exhausted, 402.
    case quota
    /// 401, 403.
    case auth
    /// 404: the model does not exist there.
    case notFound = "not_found"
    /// The prompt does not fit the model's context window.
    case contextLength = "context_length"
    /// A content-policy refusal.
    case contentFilter = "content_filter"
    /// Any other 400/413/422: the request itself is wrong.
    case invalidRequest = "invalid_request"
    /// The caller cancelled.
    case cancelled

    /// Whether the router may try another member after this class of error.
    /// `contextLength` fails over only to members with a larger window; `contentFilter` per pool.
    public var failsOver: Bool {
        switch self {
        case .transient, .rateLimited, .quota, .auth, .notFound, .contextLength: true
        case .contentFilter, .invalidRequest, .cancelled: false
        }
    }

    /// Whether this class says something about the member's health (rather than the request's).
    public var affectsHealth: Bool {
        switch self {
        case .transient, .rateLimited, .quota, .auth, .notFound: true
        case .contextLength, .contentFilter, .invalidRequest, .cancelled: false
        }
    }
}

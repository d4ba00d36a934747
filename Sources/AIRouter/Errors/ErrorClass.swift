/// The provider-independent class of a failed attempt (docs/routing.md, "Error classes").
///
/// The class alone decides whether the router fails over and what happens to the member's health.
/// The set is extensible: a later version may add classes, so a `switch` over one needs a
/// `default:` — and ``failsOver`` and ``affectsHealth`` say what the router does with any class.
/// Encoded as its ``rawValue`` (`"rate_limited"`).
public struct ErrorClass: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The classes this version knows. Inside the package, switches go over this enum so that
    /// the compiler finds each one a new class must be added to.
    package enum Kind: String, Sendable, CaseIterable {
        case transient
        case rateLimited = "rate_limited"
        case quota
        case auth
        case notFound = "not_found"
        case contextLength = "context_length"
        case contentFilter = "content_filter"
        case invalidRequest = "invalid_request"
        case cancelled
    }

    /// Which class this is.
    package let kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    /// The class named `rawValue`, or `nil` when this version knows no such class.
    public init?(rawValue: String) {
        guard let kind = Kind(rawValue: rawValue) else { return nil }
        self.kind = kind
    }

    /// The class's stable name (`rate_limited`), as JSON output and health files carry it.
    public var rawValue: String { kind.rawValue }

    /// The class's stable name, as ``rawValue``.
    public var description: String { kind.rawValue }

    /// Every class this version knows, in a fixed order.
    public static var allCases: [ErrorClass] { Kind.allCases.map(ErrorClass.init) }

    /// Connect refused/reset, timeout, 500/502/503/504, 529, in-band overloaded.
    public static let transient = ErrorClass(.transient)
    /// 429, with or without Retry-After.
    public static let rateLimited = ErrorClass(.rateLimited)
    /// Quota or spend limit exhausted, 402.
    public static let quota = ErrorClass(.quota)
    /// 401, 403.
    public static let auth = ErrorClass(.auth)
    /// 404: the model does not exist there.
    public static let notFound = ErrorClass(.notFound)
    /// The prompt does not fit the model's context window.
    public static let contextLength = ErrorClass(.contextLength)
    /// A content-policy refusal.
    public static let contentFilter = ErrorClass(.contentFilter)
    /// Any other 400/413/422: the request itself is wrong.
    public static let invalidRequest = ErrorClass(.invalidRequest)
    /// The caller cancelled.
    public static let cancelled = ErrorClass(.cancelled)

    /// Whether the router may try another member after this class of error.
    /// `contextLength` fails over only to members with a larger window; `contentFilter` per pool.
    public var failsOver: Bool {
        switch kind {
        case .transient, .rateLimited, .quota, .auth, .notFound, .contextLength: true
        case .contentFilter, .invalidRequest, .cancelled: false
        }
    }

    /// Whether this class says something about the member's health (rather than the request's).
    public var affectsHealth: Bool {
        switch kind {
        case .transient, .rateLimited, .quota, .auth, .notFound: true
        case .contextLength, .contentFilter, .invalidRequest, .cancelled: false
        }
    }
}

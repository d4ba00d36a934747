import Synchronization

/// What one attempt's operation knows about itself, and how it signals the streaming commit point.
///
/// A streaming operation calls ``commit()`` when it hands the first content chunk to the caller;
/// from then on a failure is not failed over (docs/routing.md, "The streaming commit point").
public final class AttemptContext: Sendable {
    /// The member being attempted.
    public let member: RouteMember
    /// The pool's effective settings (timeouts for the transport).
    public let settings: RoutingSettings
    /// The call's deadline, shared by all attempts.
    public let deadline: Timestamp
    /// 1-based attempt number within the call.
    public let attempt: Int
    /// The pool name.
    public let pool: String
    private let clock: any RouterClock
    private let started: Timestamp
    private let committedAt = Mutex<Timestamp?>(nil)
    /// The request's method and URL as sent; redacted when read (``endpoint``, once per attempt
    /// for its record), not when noted.
    private let requested = Mutex<(method: String, url: String)?>(nil)

    /// Creates the context of one attempt. The router makes these; a caller that talks to one
    /// member directly (a health probe) makes its own.
    public init(
        member: RouteMember, settings: RoutingSettings, deadline: Timestamp, attempt: Int, pool: String,
        clock: any RouterClock
    ) {
        self.member = member
        self.settings = settings
        self.deadline = deadline
        self.attempt = attempt
        self.pool = pool
        self.clock = clock
        self.started = clock.now()
    }

    /// Records where the attempt's request went — `POST https://host/v1/chat/completions` —
    /// without query string or credentials, for the attempt's record (``AttemptRecord/endpoint``).
    public func noteEndpoint(method: String, url: String) {
        requested.withLock { $0 = (method, url) }
    }

    /// The method and URL of the attempt's request, when it sent one over HTTP: no query string,
    /// fragment or `user:password@`.
    public var endpoint: String? {
        guard let (method, url) = requested.withLock({ $0 }) else { return nil }
        // Most URLs have nothing to cut: one pass over the bytes decides (this runs per attempt).
        if !url.utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "@") })
        {
            return method + " " + url
        }
        var text = url
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<cut]) }
        if let scheme = text.firstRange(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
            !text[scheme.upperBound..<at].contains("/")
        {
            text.removeSubrange(scheme.upperBound...at)  // user:password@ never leaves
        }
        return "\(method) \(text)"
    }

    /// Marks the commit point: content has reached the caller; no failover after this.
    public func commit() {
        let now = clock.now()
        committedAt.withLock { if $0 == nil { $0 = now } }
    }

    /// Whether ``commit()`` was called.
    public var isCommitted: Bool { committedAt.withLock { $0 != nil } }

    /// Time from the attempt's start to the commit point, if committed.
    public var timeToCommit: Duration? { committedAt.withLock { $0 }.map { $0 - started } }

    /// When the attempt started.
    public var startedAt: Timestamp { started }
}

/// A routed call's result and how it was routed.
public struct Routed<Value: Sendable>: Sendable {
    /// What the operation returned.
    public var value: Value
    /// The pool, serving member and every attempt.
    public var routing: RoutingInfo
    /// The serving member.
    public var member: RouteMember
    /// The pool's effective settings.
    public var settings: RoutingSettings
}

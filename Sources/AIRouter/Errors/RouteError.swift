/// Why a routed call failed, with the whole story: every attempt, the decisive upstream
/// failure and, when members are cooling down, the earliest time one becomes available.
public struct RouteError: Error, Sendable, CustomStringConvertible {
    /// An extensible error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownPool = "unknown_pool"
            case wrongOperation = "wrong_operation"
            case noCapableMember = "no_capable_member"
            case allMembersUnavailable = "all_members_unavailable"
            case exhausted = "no_member_succeeded"
            case rejected = "rejected"
            case deadlineExceeded = "deadline_exceeded"
            case cancelled = "cancelled"
            case interrupted = "stream_interrupted"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The name is neither a pool nor a configured model.
        public static let unknownPool = Code(.unknownPool)
        /// The pool serves another operation (an embeddings pool asked for chat); nothing was sent.
        public static let wrongOperation = Code(.wrongOperation)
        /// No member meets the request's requirements (nothing was sent).
        public static let noCapableMember = Code(.noCapableMember)
        /// Every capable member is cooling down (nothing was sent); see ``RouteError/availableAt``.
        public static let allMembersUnavailable = Code(.allMembersUnavailable)
        /// Members were tried and none succeeded.
        public static let exhausted = Code(.exhausted)
        /// A provider rejected the request itself (invalid request, content filter): not failed over.
        public static let rejected = Code(.rejected)
        /// The call's deadline passed.
        public static let deadlineExceeded = Code(.deadlineExceeded)
        /// The caller cancelled.
        public static let cancelled = Code(.cancelled)
        /// A stream failed after content had been delivered: no failover is possible.
        public static let interrupted = Code(.interrupted)

        /// The code's stable name (`no_member_succeeded`).
        public var description: String { base.rawValue }
    }

    /// A member left out because it cannot serve the request.
    public struct Exclusion: Sendable, Hashable {
        /// The member's model id.
        public var member: String
        /// Why.
        public var reason: UnmetRequirement
    }

    /// A member skipped without a request because its circuit is open.
    public struct Cooling: Sendable, Hashable {
        /// The member's model id.
        public var member: String
        /// The member's provider.
        public var provider: String
        /// Why its circuit opened (auth, quota, rate_limited…), when known.
        public var reason: ErrorClass?
        /// The HTTP status of the failure that opened it, when there was one.
        public var status: Int?
        /// When it becomes available again.
        public var until: Timestamp
        /// How long that was from the moment of the error.
        public var remaining: Duration
    }

    /// What went wrong.
    public var code: Code
    /// A one-line summary, free of secrets.
    public var message: String
    /// The pool and every attempt made.
    public var routing: RoutingInfo
    /// The upstream failure that decided the outcome, if any.
    public var failure: UpstreamFailure?
    /// The earliest time a cooling member becomes available again.
    public var availableAt: Timestamp?
    /// Members excluded for lack of a capability or limit.
    public var exclusions: [Exclusion]
    /// Members skipped because they were cooling down, with each one's reason.
    public var cooling: [Cooling]

    /// Creates a routing error.
    public init(
        _ code: Code, message: String, routing: RoutingInfo, failure: UpstreamFailure? = nil,
        availableAt: Timestamp? = nil, exclusions: [Exclusion] = [], cooling: [Cooling] = []
    ) {
        self.code = code
        self.message = message
        self.routing = routing
        self.failure = failure
        self.availableAt = availableAt
        self.exclusions = exclusions
        self.cooling = cooling
    }

    /// The summary line, then one line per attempt and per excluded member.
    public var description: String {
        var lines = [message]
        for a in routing.attempts {
            var line = "  \(a.member) (\(a.provider)): "
            line += a.errorClass.map { $0.rawValue } ?? "ok"
            if let s = a.status { line += " \(s)" }
            if let m = a.message { line += " — \(m)" }
            lines.append(line)
        }
        for e in exclusions { lines.append("  \(e.member): skipped, \(e.reason)") }
        for c in cooling {
            var reason = c.reason?.rawValue ?? "failures"
            if let status = c.status { reason += " \(status)" }
            lines.append(
                "  \(c.member) (\(c.provider)): cooling down (\(reason)) for another \(DurationText.short(c.remaining))"
            )
        }
        if cooling.isEmpty, let availableAt { lines.append("  earliest available again: \(availableAt)") }
        return lines.joined(separator: "\n")
    }
}

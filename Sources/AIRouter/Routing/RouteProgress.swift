/// What one routed call has learnt so far: attempts made, members found cooling down, the last
/// failure and the context window later members must exceed. Turns a decision into the error the
/// caller sees.
struct RouteProgress {
    /// The routing information returned to the caller.
    var info: RoutingInfo
    /// Attempts made (members skipped while cooling down do not count).
    var attempts = 0
    /// The earliest time a cooling member becomes available again.
    var earliest: Timestamp?
    /// Members skipped because they were cooling down.
    var cooling: [RouteError.Cooling] = []
    /// The last attempt's failure.
    var lastFailure: UpstreamFailure?
    /// After a `context_length` failure, the window size later members must exceed.
    var contextFloor: Int?

    init(pool: String) { info = RoutingInfo(pool: pool) }

    /// `deadline_exceeded`, after the attempts made so far.
    func deadlineExceeded(failure: UpstreamFailure?) -> RouteError {
        RouteError(
            .deadlineExceeded, message: "the call's deadline passed after \(attempts) attempt(s)",
            routing: info, failure: failure)
    }

    /// Follows `decision` after `member` failed with `failure`: throws when the call ends here,
    /// otherwise notes the context floor for the next member.
    mutating func apply(
        _ decision: FailureDecision, failure: UpstreamFailure, member: RouteMember
    )
        throws(RouteError)
    {
        switch decision {
        case .interrupted:
            throw RouteError(
                .interrupted, message: "\(member.model.id) failed after the stream had started: \(failure)",
                routing: info, failure: failure)
        case .rejected:
            throw RouteError(
                .rejected, message: "\(member.model.id) rejected the request: \(failure)",
                routing: info, failure: failure)
        case .refused:
            throw RouteError(
                .rejected, message: "\(member.model.id) refused the request: \(failure)",
                routing: info, failure: failure)
        case .deadlineExceeded:
            throw deadlineExceeded(failure: failure)
        case .nextMember(let floor):
            contextFloor = floor
        }
    }

    /// The error when no member served the call: every one cooling down, or every attempt failed.
    func finalError(plan: CandidatePlan, now: Timestamp) -> RouteError {
        let pool = info.pool
        if attempts == 0, let earliest {
            return RouteError(
                .allMembersUnavailable,
                message: "every capable member of '\(pool)' is cooling down; the first is available again in "
                    + DurationText.short(earliest - now),
                routing: info, availableAt: earliest, exclusions: plan.excluded, cooling: cooling)
        }
        var message = "no member of '\(pool)' could serve the request (\(attempts) attempt(s))"
        if lastFailure?.errorClass == .contextLength {
            message = "the prompt does not fit any member of '\(pool)'"
        }
        return RouteError(
            .exhausted, message: message, routing: info, failure: lastFailure, availableAt: earliest,
            exclusions: plan.excluded, cooling: cooling)
    }
}

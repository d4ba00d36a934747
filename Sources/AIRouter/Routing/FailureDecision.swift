/// What ``ModelRouter/route(_:requirements:deadline:operation:)`` does after an attempt failed:
/// the failover rules, as one pure function of the failure and the call.
enum FailureDecision: Equatable, Sendable {
    /// The stream had started (the commit point was passed): nothing fails over.
    case interrupted
    /// The member rejected the request (`invalid_request`, `cancelled`): every member would.
    case rejected
    /// The member refused the content and the pool does not fail over on `content_filter`.
    case refused
    /// The call's deadline passed with this attempt.
    case deadlineExceeded
    /// Try the next member; only members whose context window is larger than `contextFloor`, when set.
    case nextMember(contextFloor: Int?)

    /// Decides what follows `failure`.
    ///
    /// - Parameters:
    ///   - committed: whether the attempt had passed the streaming commit point.
    ///   - contextFloor: the window size later members must exceed so far, if any.
    ///   - deadlinePassed: whether the call's deadline had passed when the attempt ended.
    static func after(
        _ failure: UpstreamFailure, committed: Bool, member: RouteMember, pool: PoolConfiguration,
        requirements: Requirements, contextFloor: Int?, deadlinePassed: Bool
    ) -> FailureDecision {
        if committed { return .interrupted }
        var floor = contextFloor
        switch failure.errorClass {
        case .invalidRequest, .cancelled:
            return .rejected
        case .contentFilter where !pool.failoverOnContentFilter:
            return .refused
        case .contextLength:
            floor = max(contextFloor ?? 0, member.model.contextWindow ?? requirements.totalTokens)
        default:
            break
        }
        return deadlinePassed ? .deadlineExceeded : .nextMember(contextFloor: floor)
    }
}

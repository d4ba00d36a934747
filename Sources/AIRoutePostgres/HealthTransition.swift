import AIRouter

/// A change of a member's circuit that the fleet must hear of, found by comparing its health
/// before and after one update (docs/shared-health.md, "What is shared"). Latency, totals and
/// successes of a healthy member are not transitions: they stay in the process.
enum HealthTransition: Sendable, Hashable {
    /// The circuit opened (or its cooldown grew): the state to announce.
    case open(member: String, health: MemberHealth, at: Timestamp)
    /// The circuit closed at the given time (a probe, or any attempt, succeeded).
    case close(member: String, at: Timestamp)
    /// A failure counted towards `failure_threshold` without opening the circuit: shared so
    /// that processes that each see one failure (one-shot CLI runs) add up.
    case failure(member: String, health: MemberHealth, at: Timestamp)
    /// A success reset the count of consecutive failures of a closed circuit.
    case reset(member: String, at: Timestamp)
    /// This process gave its probe lease back without a verdict (the caller cancelled, or the
    /// request was at fault).
    case release(member: String)

    /// The member the transition is about.
    var member: String {
        switch self {
        case .open(let member, _, _), .close(let member, _), .failure(let member, _, _), .reset(let member, _),
            .release(let member):
            member
        }
    }

    /// The transition from `before` to `after`, if there is one.
    static func between(
        _ before: MemberHealth, _ after: MemberHealth, member: String, at now: Timestamp, heldLease: Bool
    ) -> HealthTransition? {
        if let until = after.openUntil, until != before.openUntil {
            return .open(member: member, health: after, at: now)
        }
        if before.openUntil != nil && after.openUntil == nil {
            return .close(member: member, at: now)
        }
        if after.consecutiveFailures > before.consecutiveFailures {
            return .failure(member: member, health: after, at: now)
        }
        if before.consecutiveFailures > 0 && after.consecutiveFailures == 0 {
            return .reset(member: member, at: now)
        }
        if heldLease && before.probeUntil != nil && after.probeUntil == nil {
            return .release(member: member)
        }
        return nil
    }
}

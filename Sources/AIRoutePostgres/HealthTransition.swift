import AIRouter

/// A change of a member's circuit that the fleet must hear of, found by comparing its health
/// before and after one update (docs/shared-health.md, "What is shared"). Counters, latency and
/// successes of a closed circuit are not transitions: they stay in the process.
enum HealthTransition: Sendable, Hashable {
    /// The circuit opened (or its cooldown grew): the state to announce.
    case open(member: String, health: MemberHealth)
    /// The circuit closed at the given time (a probe, or any attempt, succeeded).
    case close(member: String, at: Timestamp)
    /// This process gave its probe lease back without a verdict (the caller cancelled, or the
    /// request was at fault).
    case release(member: String)

    /// The member the transition is about.
    var member: String {
        switch self {
        case .open(let member, _), .close(let member, _), .release(let member): member
        }
    }

    /// The transition from `before` to `after`, if there is one.
    static func between(
        _ before: MemberHealth, _ after: MemberHealth, member: String, at now: Timestamp, heldLease: Bool
    ) -> HealthTransition? {
        if let until = after.openUntil, until != before.openUntil {
            return .open(member: member, health: after)
        }
        if before.openUntil != nil && after.openUntil == nil {
            return .close(member: member, at: now)
        }
        if heldLease && before.probeUntil != nil && after.probeUntil == nil {
            return .release(member: member)
        }
        return nil
    }
}

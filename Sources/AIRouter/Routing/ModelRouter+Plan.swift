import Synchronization

/// The members that can serve a request, in the order they will be tried.
public struct CandidatePlan: Sendable {
    /// Capable members, ordered by the pool's strategy (health is checked when attempting).
    public var candidates: [RouteMember]
    /// Members left out, with why.
    public var excluded: [RouteError.Exclusion]
}

extension ModelRouter {
    /// Filters a route's members by the requirements and orders them by the pool's strategy.
    ///
    /// A member that lacks a requirement is never in ``CandidatePlan/candidates``.
    public func plan(_ route: Route, requirements: Requirements) -> CandidatePlan {
        var candidates: [RouteMember] = []
        candidates.reserveCapacity(route.members.count)
        var excluded: [RouteError.Exclusion] = []
        for member in route.members {
            if let reason = member.provider.disabledReason {
                excluded.append(.init(member: member.model.id, reason: .providerDisabled(reason)))
            } else if let unmet = member.model.unmet(requirements) {
                excluded.append(.init(member: member.model.id, reason: unmet))
            } else {
                candidates.append(member)
            }
        }
        order(&candidates, pool: route.pool, requirements: requirements)
        return CandidatePlan(candidates: candidates, excluded: excluded)
    }

    /// Orders the candidates in place (no allocation beyond the candidates array itself).
    func order(_ members: inout [RouteMember], pool: PoolConfiguration, requirements: Requirements) {
        guard members.count > 1 else { return }
        switch pool.strategy {
        case .priority:
            // Lowest priority number first; members with equal priority in weighted random order.
            members.sort { $0.priority < $1.priority }
            var start = 0
            while start < members.count {
                var end = start + 1
                while end < members.count && members[end].priority == members[start].priority { end += 1 }
                if end - start > 1 { weightedShuffle(&members, start..<end) }
                start = end
            }
        case .weighted:
            weightedShuffle(&members, 0..<members.count)
        case .roundRobin:
            members.sort { $0.priority < $1.priority }
            let start = rotation.withLock { counters -> Int in
                let value = counters[pool.name, default: 0]
                counters[pool.name] = value &+ 1
                return value
            }
            rotateLeft(&members, by: start % members.count)
        case .latency:
            // Never-observed members first (exploration), then by latency EWMA; ties by priority.
            let health = self.health
            members.sort { a, b in
                let (x, y) = (
                    health.health(of: a.healthID).latencyMs ?? -1, health.health(of: b.healthID).latencyMs ?? -1
                )
                return x != y ? x < y : a.priority < b.priority
            }
        case .cost:
            members.sort { a, b in
                switch (estimatedCost(a.model, requirements), estimatedCost(b.model, requirements)) {
                case let (x?, y?) where x != y: x < y
                case (.some, nil): true
                case (nil, .some): false
                default: a.priority < b.priority
                }
            }
        }
    }

    /// Puts `range` in weighted random order: each position is drawn from the members not yet
    /// placed with probability proportional to their weight (so the first is member i with
    /// probability wᵢ / Σw). In place, one random number per position.
    private func weightedShuffle(_ members: inout [RouteMember], _ range: Range<Int>) {
        var remaining = 0.0
        for i in range { remaining += max(members[i].weight, 0) }
        for position in range.dropLast() {
            guard remaining > 0 else { return }
            var pick = random.nextUnit() * remaining
            var chosen = range.upperBound - 1
            for candidate in position..<range.upperBound {
                pick -= max(members[candidate].weight, 0)
                if pick < 0 {
                    chosen = candidate
                    break
                }
            }
            remaining -= max(members[chosen].weight, 0)
            members.swapAt(position, chosen)
        }
    }

    /// Rotates the array left by `offset` in place (three reversals).
    private func rotateLeft(_ members: inout [RouteMember], by offset: Int) {
        guard offset > 0 else { return }
        members[..<offset].reverse()
        members[offset...].reverse()
        members.reverse()
    }

    /// USD for the request: prompt tokens at the input price plus `max_tokens` (or a typical
    /// 256-token answer) at the output price; `nil` without declared prices.
    func estimatedCost(_ model: ModelConfiguration, _ r: Requirements) -> Double? {
        guard let cost = model.cost else { return nil }
        let output = Double(r.maxTokens ?? 256)
        return (Double(r.estimatedPromptTokens) * cost.input + output * cost.output) / 1_000_000
    }
}

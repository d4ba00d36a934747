import Synchronization
import Foundation

/// The members that can serve a request, in the order they will be tried.
public struct CandidatePlan: Sendable {
    /// Capable members, ordered by the pool's strategy (health is checked when attempting).
    public var candidates: [RouteMember]
    /// Members left out, with why.
    public var excluded: [RouteError.Exclusion]
}

extension Router {
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

    func order(_ members: inout [RouteMember], pool: PoolConfiguration, requirements: Requirements) {
        guard members.count > 1 else { return }
        switch pool.strategy {
        case .priority:
            // Lowest priority number first; ties in weighted random order (Efraimidis–Spirakis keys).
            let keyed = members.map { ($0, weightedKey($0.weight)) }
            members = keyed.sorted { a, b in
                a.0.priority != b.0.priority ? a.0.priority < b.0.priority : a.1 > b.1
            }.map(\.0)
        case .weighted:
            let keyed = members.map { ($0, weightedKey($0.weight)) }
            members = keyed.sorted { $0.1 > $1.1 }.map(\.0)
        case .roundRobin:
            members.sort { $0.priority < $1.priority }
            let start = rotation.withLock { counters -> Int in
                let value = counters[pool.name, default: 0]
                counters[pool.name] = value &+ 1
                return value
            }
            let offset = start % members.count
            members = Array(members[offset...] + members[..<offset])
        case .latency:
            // Never-observed members first (exploration), then by latency EWMA; ties by priority.
            let keyed = members.map { ($0, health.health(of: $0.healthID).latencyMs ?? -1) }
            members = keyed.sorted { a, b in a.1 != b.1 ? a.1 < b.1 : a.0.priority < b.0.priority }.map(\.0)
        case .cost:
            let keyed = members.map { ($0, estimatedCost($0.model, requirements)) }
            members = keyed.sorted { a, b in
                switch (a.1, b.1) {
                case let (x?, y?) where x != y: x < y
                case (.some, nil): true
                case (nil, .some): false
                default: a.0.priority < b.0.priority
                }
            }.map(\.0)
        }
    }

    /// A random key whose descending order is a weighted random permutation.
    private func weightedKey(_ weight: Double) -> Double {
        let u = max(random.nextUnit(), .leastNonzeroMagnitude)
        return weight > 0 ? pow(u, 1 / weight) : 0
    }

    /// USD for the request: prompt tokens at the input price plus `max_tokens` (or a typical
    /// 256-token answer) at the output price; `nil` without declared prices.
    func estimatedCost(_ model: ModelConfiguration, _ r: Requirements) -> Double? {
        guard let cost = model.cost else { return nil }
        let output = Double(r.maxTokens ?? 256)
        return (Double(r.estimatedPromptTokens) * cost.input + output * cost.output) / 1_000_000
    }
}


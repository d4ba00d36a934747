import AIRoute
import Foundation
import HTTPTypes

extension GatewayCore {
    /// `GET /v1/models`: the pools, then the configured model ids, in OpenAI's list shape (only
    /// those the caller's key may use).
    func modelList(for caller: ClientAuthenticator.Caller) throws -> Reply {
        let configuration = router.configuration
        let names = configuration.poolOrder + configuration.modelOrder.filter { configuration.pools[$0] == nil }
        let models = names.filter(caller.mayUse).map { name in
            ModelEntry(id: name, ownedBy: configuration.pools[name] == nil ? "airoute-model" : "airoute-pool")
        }
        return try Reply.encoding(ModelList(data: models))
    }

    /// `GET /v1/models/{id}`: one pool or model id (`client.models.retrieve`), 404 for others.
    func model(_ id: String, for caller: ClientAuthenticator.Caller) throws -> Reply {
        let configuration = router.configuration
        let name = id.removingPercentEncoding ?? id
        guard configuration.pools[name] != nil || configuration.models[name] != nil, caller.mayUse(name) else {
            throw GatewayFailure(
                .notFound,
                "The model '\(name.prefix(200))' does not exist (pools: \(configuration.poolOrder.joined(separator: ", ")))",
                type: "invalid_request_error", code: "model_not_found", param: "model")
        }
        return try Reply.encoding(
            ModelEntry(id: name, ownedBy: configuration.pools[name] == nil ? "airoute-model" : "airoute-pool"))
    }

    /// `GET /readyz`: 200 while every checked pool has a member that may take a request now;
    /// 503 naming the pools that have none, and why.
    func readiness() throws -> Reply {
        let now = router.clock.now()
        let checked = settings.readyPools ?? router.configuration.poolOrder
        var down: [String: String] = [:]
        for name in checked {
            guard let route = try? router.resolve(name, operation: router.configuration.pools[name]?.operation ?? .chat)
            else { continue }
            let reasons = route.members.map { member -> String? in
                if let reason = member.provider.disabledReason { return "\(member.model.id): \(reason)" }
                if case .unavailable(let until) = router.health.health(of: member.healthID).availability(at: now) {
                    return "\(member.model.id): cooling down for \(max(1, Int((until - now).seconds.rounded(.up)))) s"
                }
                return nil
            }
            if reasons.isEmpty || reasons.allSatisfy({ $0 != nil }) {
                down[name] = reasons.isEmpty ? "no members" : reasons.compactMap { $0 }.joined(separator: "; ")
            }
        }
        let body = Readiness(status: down.isEmpty ? "ready" : "unavailable", down: down)
        var reply = try Reply.encoding(body)
        if !down.isEmpty { reply.status = .serviceUnavailable }
        return reply
    }
}

/// OpenAI's model object.
struct ModelEntry: Encodable {
    let id: String
    let object = "model"
    let created = 0
    let ownedBy: String

    enum CodingKeys: String, CodingKey {
        case id, object, created
        case ownedBy = "owned_by"
    }
}

/// OpenAI's list object.
struct ModelList: Encodable {
    let object = "list"
    let data: [ModelEntry]
}

/// The `/readyz` body.
struct Readiness: Encodable {
    let status: String
    /// Pools with no available member, and why.
    let down: [String: String]
}

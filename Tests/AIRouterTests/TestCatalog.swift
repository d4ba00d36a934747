import AIRouter
import Synchronization

/// Builds small configurations for router tests.
struct TestCatalog {
    var providers: [ProviderConfiguration] = [ProviderConfiguration(name: "p", type: .openai)]
    var models: [ModelConfiguration] = []
    var pools: [PoolConfiguration] = []
    var defaults = RoutingSettings()

    mutating func model(
        _ id: String, _ capabilities: CapabilitySet = [.chat, .streaming], provider: String = "p",
        contextWindow: Int? = nil, cost: ModelCost? = nil, voices: [String: String] = [:]
    ) {
        models.append(
            ModelConfiguration(
                id: id, provider: provider, capabilities: capabilities, contextWindow: contextWindow, voices: voices,
                cost: cost))
    }

    mutating func pool(
        _ name: String, _ members: [String], operation: ModelOperation = .chat, strategy: RoutingStrategy = .priority,
        priorities: [Int]? = nil, weights: [Double]? = nil, settings: RoutingSettings? = nil
    ) {
        let list = members.enumerated().map { i, m in
            PoolMember(model: m, priority: priorities?[i] ?? i + 1, weight: weights?[i] ?? 1)
        }
        pools.append(
            PoolConfiguration(
                name: name, operation: operation, strategy: strategy, members: list, settings: settings ?? defaults))
    }

    var configuration: Configuration {
        Configuration(defaults: defaults, providers: providers, models: models, pools: pools)
    }
}

/// A scripted upstream: per member, a queue of outcomes; counts calls per member.
final class ScriptedUpstream: Sendable {
    enum Outcome: Sendable {
        case ok(String)
        case fail(UpstreamFailure)
        case hang
    }

    private let state = Mutex<(scripts: [String: [Outcome]], calls: [String: Int])>(([:], [:]))

    func script(_ member: String, _ outcomes: Outcome...) {
        state.withLock { $0.scripts[member, default: []].append(contentsOf: outcomes) }
    }

    func calls(_ member: String) -> Int { state.withLock { $0.calls[member] ?? 0 } }
    var totalCalls: Int { state.withLock { $0.calls.values.reduce(0, +) } }

    /// Performs one attempt: the next scripted outcome, or "ok" when the script is empty.
    func perform(_ context: AttemptContext) async throws -> String {
        let id = context.member.model.id
        let outcome = state.withLock { s -> Outcome in
            s.calls[id, default: 0] += 1
            guard var queue = s.scripts[id], !queue.isEmpty else { return .ok("ok from \(id)") }
            let next = queue.removeFirst()
            s.scripts[id] = queue
            return next
        }
        switch outcome {
        case .ok(let text): return text
        case .fail(let failure): throw failure
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            return "late"
        }
    }
}

extension UpstreamFailure {
    static func status(_ status: Int, _ errorClass: ErrorClass, retryAfter: Duration? = nil) -> UpstreamFailure {
        UpstreamFailure(errorClass, status: status, message: "HTTP \(status)", retryAfter: retryAfter)
    }
}

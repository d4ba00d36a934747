import AIRoute
import Foundation

/// The pools with their members and each member's current health: what `pools`, `health` and
/// the REPL's `.pools` / `.health` show, as a table or as JSON.
struct PoolReport: Sendable {
    /// A member's health as reported.
    struct Health: Codable, Sendable {
        var state: String
        var coolingUntil: String?
        var reason: String?
        var consecutiveFailures: Int
        var lastErrorClass: String?
        var lastErrorStatus: Int?
        var lastErrorAt: String?
        var successes: Int
        var failures: Int
        var latencyMs: Double?
        var timeToFirstTokenMs: Double?
        var lastSeen: String?

        enum CodingKeys: String, CodingKey {
            case state, reason, successes, failures
            case coolingUntil = "cooling_until"
            case consecutiveFailures = "consecutive_failures"
            case lastErrorClass = "last_error_class"
            case lastErrorStatus = "last_error_status"
            case lastErrorAt = "last_error_at"
            case latencyMs = "latency_ms"
            case timeToFirstTokenMs = "time_to_first_token_ms"
            case lastSeen = "last_seen"
        }
    }

    struct Member: Codable, Sendable {
        var model: String
        var provider: String
        var providerType: String
        var upstreamModel: String
        var capabilities: [String]
        var contextWindow: Int?
        var maxOutputTokens: Int?
        var dimensions: [Int]?
        var embeddingSpace: String?
        var voices: [String]?
        var formats: [String]?
        var sizes: [String]?
        var cost: ModelCost?
        var priority: Int
        var weight: Double
        var disabled: String?
        var health: Health

        enum CodingKeys: String, CodingKey {
            case model, provider, capabilities, dimensions, voices, formats, sizes, cost, priority, weight, disabled,
                health
            case providerType = "provider_type"
            case upstreamModel = "upstream_model"
            case contextWindow = "context_window"
            case maxOutputTokens = "max_output_tokens"
            case embeddingSpace = "embedding_space"
        }

        /// Whether the member can take a request now (or probe); `failing` means a probe just failed.
        var available: Bool { disabled == nil && health.state != "open" && health.state != "failing" }
    }

    struct Pool: Codable, Sendable {
        var name: String
        var operation: String
        var strategy: String
        var require: [String]
        var available: Bool
        var members: [Member]
    }

    var pools: [Pool]

    static func build(router: ModelRouter, pool filter: String?) throws(CommandFailure) -> PoolReport {
        var routes = router.pools
        if let filter {
            routes = routes.filter { $0.pool.name == filter }
            if routes.isEmpty {
                var message = "unknown pool '\(filter)'"
                if let guess = Suggestion.closest(to: filter, among: router.configuration.poolOrder) {
                    message += "; did you mean '\(guess)'?"
                }
                message += " (pools: \(router.configuration.poolOrder.joined(separator: ", ")))"
                throw CommandFailure(message, .usage)
            }
        }
        let now = router.clock.now()
        let pools = routes.map { route -> Pool in
            let members = route.members.map { member(router: router, $0, now: now) }
            return Pool(
                name: route.pool.name, operation: route.pool.operation.rawValue, strategy: route.pool.strategy.rawValue,
                require: route.pool.require.names, available: members.contains { $0.available }, members: members)
        }
        return PoolReport(pools: pools)
    }

    /// Marks members whose probe just failed as `failing` (unless already open or disabled) and
    /// recomputes each pool's availability, so the report agrees with what the probes saw.
    mutating func apply(_ probes: [ProbeResult]) {
        let failed = Set(probes.filter { !$0.ok }.map(\.member))
        guard !failed.isEmpty else { return }
        for p in pools.indices {
            for m in pools[p].members.indices where failed.contains(pools[p].members[m].model) {
                if pools[p].members[m].available { pools[p].members[m].health.state = "failing" }
            }
            pools[p].available = pools[p].members.contains { $0.available }
        }
    }

    static func member(router: ModelRouter, _ member: RouteMember, now: Timestamp) -> Member {
        let model = member.model
        let health = router.health.health(of: member.healthID)
        var state = health.state(at: now).rawValue
        if member.provider.disabledReason != nil { state = "disabled" }
        var coolingUntil: String?
        if case .unavailable(let until) = health.availability(at: now) { coolingUntil = until.description }
        return Member(
            model: model.id, provider: member.provider.name, providerType: member.provider.type.rawValue,
            upstreamModel: model.deployment ?? model.upstreamName, capabilities: model.capabilities.names,
            contextWindow: model.contextWindow, maxOutputTokens: model.maxOutputTokens,
            dimensions: model.dimensions.isEmpty ? nil : model.dimensions, embeddingSpace: model.embeddingSpace,
            voices: model.voiceOrder.isEmpty ? nil : model.voiceOrder,
            formats: model.formats.isEmpty ? nil : model.formats,
            sizes: model.sizes.isEmpty ? nil : model.sizes, cost: model.cost, priority: member.priority,
            weight: member.weight, disabled: member.provider.disabledReason,
            health: Health(
                state: state, coolingUntil: coolingUntil,
                reason: coolingUntil == nil ? nil : health.openReason?.rawValue,
                consecutiveFailures: health.consecutiveFailures, lastErrorClass: health.lastErrorClass?.rawValue,
                lastErrorStatus: health.lastErrorStatus, lastErrorAt: health.lastErrorAt?.description,
                successes: health.successes, failures: health.failures, latencyMs: health.latencyMs.map(round1),
                timeToFirstTokenMs: health.timeToFirstTokenMs.map(round1), lastSeen: health.lastSeen?.description))
    }

    private static func round1(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// The human table of `airoute pools`.
    func table(color: Bool) -> String {
        var out = ""
        for pool in pools {
            var head = "\(pool.name)  (\(pool.operation), \(pool.strategy)"
            if !pool.require.isEmpty { head += ", requires \(pool.require.joined(separator: ", "))" }
            head += ")"
            out += head + "\n"
            var rows = [["", "MEMBER", "PROVIDER", "CAPABILITIES", "LIMITS", "PRIO", "WEIGHT", "STATE"]]
            for member in pool.members {
                var limits: [String] = []
                if let w = member.contextWindow { limits.append("ctx \(Self.compact(w))") }
                if let o = member.maxOutputTokens { limits.append("out \(Self.compact(o))") }
                if let d = member.dimensions { limits.append("dim \(d.map(String.init).joined(separator: "/"))") }
                if let v = member.voices { limits.append("\(v.count) voices") }
                if let s = member.sizes { limits.append(s.joined(separator: " ")) }
                if let c = member.cost { limits.append("$\(Self.price(c.input))/$\(Self.price(c.output))") }
                let type = member.providerType == "mock" ? " [mock]" : ""
                rows.append([
                    "", member.model, member.provider + type, member.capabilities.joined(separator: ","),
                    limits.joined(separator: ", "), String(member.priority), Self.price(member.weight),
                    Self.stateText(member),
                ])
            }
            out += Self.format(rows) + "\n"
        }
        return out.isEmpty ? "no pools are configured\n" : out
    }

    static func stateText(_ member: Member) -> String {
        if let disabled = member.disabled { return "disabled (\(disabled))" }
        switch member.health.state {
        case "open":
            return "cooling until \(member.health.coolingUntil ?? "?")"
                + (member.health.reason.map { " (\($0))" } ?? "")
        default: return member.health.state.replacingOccurrences(of: "_", with: "-")
        }
    }

    /// One format for every token count in the table: `512`, `8.2k`, `128k`, `131.1k`, `1.05M`
    /// (`--json` keeps the exact numbers).
    static func compact(_ n: Int) -> String {
        func trimmed(_ value: Double, places: Int) -> String {
            var text = String(format: "%.\(places)f", value)
            while text.contains("."), text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
        if n < 1000 { return String(n) }
        if n < 1_000_000 { return trimmed(Double(n) / 1000, places: 1) + "k" }
        return trimmed(Double(n) / 1_000_000, places: 2) + "M"
    }
    static func price(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

    /// Aligns rows into columns separated by two spaces.
    static func format(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

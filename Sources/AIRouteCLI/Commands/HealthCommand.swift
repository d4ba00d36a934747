import AIRoute
import Foundation

/// `airoute health [POOL]`: each member's recorded state; `--probe` checks members now (model
/// lists, free), `--probe=live` with the smallest real requests; `--reset [POOL|MEMBER]` forgets
/// recorded health. Exit 0 when every pool has an available member, 69 when some pool has none
/// (and with `--strict`, when any member is down). A member whose probe just failed counts as
/// down and shows STATE `failing`, so the table and the exit code agree with what the probe saw.
struct HealthCommand {
    let context: CommandContext
    let options: HealthOptions

    var console: Console { context.console }

    struct Output: Encodable {
        var pools: [PoolReport.Pool]
        var probes: [ProbeResult]?
        var ok: Bool
    }

    func run() async throws -> ExitCode {
        if options.reset { return try reset() }
        let router = context.client.router
        var routes = router.pools
        if let pool = options.pool {
            _ = try PoolReport.build(router: router, pool: pool)  // validates the name
            routes = routes.filter { $0.pool.name == pool }
        }
        var probes: [ProbeResult]?
        let timeout = context.global.timeout ?? .seconds(15)
        switch options.probe {
        case .none:
            break
        case .models:
            let members = unique(routes.flatMap(\.members))
            console.notice("probing \(members.count) member(s) with model-list requests (no cost)…")
            probes = await context.client.probeModels(members: members, timeout: timeout)
        case .live:
            var seen = Set<String>()
            var targets: [(RouteMember, ModelOperation)] = []
            for route in routes {
                for member in route.members where seen.insert(member.model.id).inserted {
                    targets.append((member, route.pool.operation))
                }
            }
            let operations = Set(targets.map(\.1))
            for operation in ModelOperation.allCases where operations.contains(operation) {
                if operation == .imageGeneration && !options.include.contains("image") {
                    console.warning("image generation is not probed (it is billed per image); add --include image")
                } else {
                    console.warning("live probe may cost money: \(LiveProbe.costNote(operation))")
                }
            }
            probes = await context.client.probeLive(
                members: targets, includeImages: options.include.contains("image"), timeout: timeout)
        }
        var report = try PoolReport.build(router: router, pool: options.pool)
        report.apply(probes ?? [])
        let poolsAvailable = report.pools.allSatisfy(\.available)
        let allUp = report.pools.allSatisfy { $0.members.allSatisfy { $0.available } }
        let ok = poolsAvailable && (!options.strict || allUp)
        if context.global.json {
            try context.printJSON(Output(pools: report.pools, probes: probes, ok: ok))
        } else {
            console.out(Self.table(report, probes: probes ?? []))
        }
        if !poolsAvailable {
            let down = report.pools.filter { !$0.available }.map(\.name)
            console.error("no available member in: \(down.joined(separator: ", "))")
        } else if !ok {
            console.error("some members are down (--strict)")
        }
        return ok ? .ok : .unavailable
    }

    /// `--reset [POOL|MEMBER]`: every member of the pool, the member, or (without an argument) everything recorded.
    private func reset() throws -> ExitCode {
        let router = context.client.router
        let ids: [String]
        let what: String
        if let name = options.pool {
            if let route = router.pools.first(where: { $0.pool.name == name }) {
                ids = route.members.map(\.healthID)
                what = "the \(ids.count) member(s) of pool '\(name)'"
            } else if let id = router.healthIDs[name] {
                ids = [id]
                what = "member '\(name)'"
            } else {
                let known = router.configuration.poolOrder + router.configuration.modelOrder
                let hint = Suggestion.closest(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                throw CommandFailure("unknown pool or member '\(name)'\(hint)", .usage)
            }
        } else {
            ids = Array(Set(router.health.snapshot().keys).union(router.healthIDs.values))
            what = "every member"
        }
        router.health.reset(ids)
        console.notice("health reset for \(what)")
        if context.global.json { try context.printJSON(["reset": ids.count]) }
        return .ok
    }

    private func unique(_ members: [RouteMember]) -> [RouteMember] {
        var seen = Set<String>()
        return members.filter { seen.insert($0.model.id).inserted }
    }

    /// One block per pool: member, state, failures, last error, counts, latency, TTFT, last seen, probe.
    static func table(_ report: PoolReport, probes: [ProbeResult]) -> String {
        let byMember = Dictionary(probes.map { ($0.member, $0) }, uniquingKeysWith: { first, _ in first })
        var out = ""
        for pool in report.pools {
            out += "\(pool.name)  (\(pool.operation))\(pool.available ? "" : "  NO AVAILABLE MEMBER")\n"
            var rows = [["", "MEMBER", "STATE", "FAILS", "LAST ERROR", "OK/FAIL", "LATENCY", "TTFT", "LAST SEEN"]]
            if !probes.isEmpty { rows[0].append("PROBE") }
            for member in pool.members {
                let h = member.health
                var lastError = "-"
                if let c = h.lastErrorClass {
                    lastError =
                        c + (h.lastErrorStatus.map { " \($0)" } ?? "") + (h.lastErrorAt.map { " at \($0)" } ?? "")
                }
                var row = [
                    "", member.model, PoolReport.stateText(member), String(h.consecutiveFailures), lastError,
                    "\(h.successes)/\(h.failures)", h.latencyMs.map { "\(Int($0.rounded())) ms" } ?? "-",
                    h.timeToFirstTokenMs.map { "\(Int($0.rounded())) ms" } ?? "-", h.lastSeen ?? "never",
                ]
                if !probes.isEmpty { row.append(byMember[member.model].map(Self.probeText) ?? "-") }
                rows.append(row)
            }
            out += PoolReport.format(rows) + "\n"
        }
        return out.isEmpty ? "no pools are configured\n" : out
    }

    /// A probe's outcome in the PROBE column: `ok (models, 12 ms)`, a finding after it, or the failure.
    static func probeText(_ probe: ProbeResult) -> String {
        guard probe.ok else {
            return
                "\(probe.errorClass?.rawValue ?? "failed")\(probe.status.map { " \($0)" } ?? ""): \(probe.message ?? "")"
        }
        return "ok (\(probe.kind), \(Int(probe.latencyMs)) ms)" + (probe.finding.map { "; \($0)" } ?? "")
    }
}

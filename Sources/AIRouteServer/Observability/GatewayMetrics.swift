import AIRoute
import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The gateway's metrics, through swift-metrics into a Prometheus registry of its own, answered
/// as text by `GET /metrics` (docs/server.md, "Metrics").
///
/// Labels come from the configuration only (pool, member and provider names, error classes,
/// statuses): a name a client sent that is no pool or model is counted as `unknown`, so clients
/// cannot grow the label set, and no key or content ever becomes a label.
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let knownNames: Set<String>

    init(configuration: Configuration) {
        var factory = PrometheusMetricsFactory(registry: registry)
        let latencyBuckets: [Duration] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        ]
        factory.defaultDurationHistogramBuckets = latencyBuckets
        self.factory = factory
        knownNames = Set(configuration.poolOrder + configuration.modelOrder)
    }

    /// Records one finished request: its status, every attempt, failover, latency, first token and tokens.
    func record(_ exchange: Exchange, status: Int, routing: RoutingInfo?, tokens: (input: Int, output: Int)?) {
        guard let poolName = exchange.pool else { return }  // not a model request
        let pool = knownNames.contains(poolName) ? poolName : "unknown"
        let member = routing?.member ?? "none"
        Counter(
            label: "airoute_requests_total",
            dimensions: [("pool", pool), ("member", member), ("status", String(status))], factory: factory
        ).increment()
        for attempt in routing?.attempts ?? [] {
            let outcome = attempt.errorClass?.rawValue ?? "ok"
            Counter(
                label: "airoute_attempts_total",
                dimensions: [("pool", pool), ("member", attempt.member), ("class", outcome)], factory: factory
            ).increment()
        }
        if let routing, routing.attempts.count > 1 {
            Counter(label: "airoute_failovers_total", dimensions: [("pool", pool)], factory: factory).increment()
        }
        Metrics.Timer(label: "airoute_request_duration_seconds", dimensions: [("pool", pool)], factory: factory)
            .recordInterval(since: exchange.started)
        if let first = exchange.firstTokenAt {
            Metrics.Timer(label: "airoute_time_to_first_token_seconds", dimensions: [("pool", pool)], factory: factory)
                .record(duration: first - exchange.started)
        }
        if let tokens {
            Counter(label: "airoute_tokens_total", dimensions: [("pool", pool), ("direction", "in")], factory: factory)
                .increment(by: tokens.input)
            Counter(
                label: "airoute_tokens_total", dimensions: [("pool", pool), ("direction", "out")], factory: factory
            )
            .increment(by: tokens.output)
        }
    }

    /// The Prometheus text, with the circuit state of every member and the requests in flight read now.
    func render(router: ModelRouter, inFlight: Int) -> [UInt8] {
        let now = router.clock.now()
        var seen = Set<String>()
        for route in router.pools {
            for member in route.members where seen.insert(member.model.id).inserted {
                let current = router.health.health(of: member.healthID).state(at: now)
                for state in [MemberHealth.State.unknown, .healthy, .open, .halfOpen] {
                    Gauge(
                        label: "airoute_circuit_state",
                        dimensions: [("member", member.model.id), ("state", state.rawValue)],
                        factory: factory
                    ).record(state == current ? 1 : 0)
                }
            }
        }
        Gauge(label: "airoute_requests_in_flight", factory: factory).record(inFlight)
        return registry.emitToBuffer()
    }
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) { record(duration: ContinuousClock.now - start) }

    func record(duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

import AIRoute
import AIRouteTesting
import Foundation
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Like ``withClient(_:_:)``, with an injected clock, health store and logger.
func withClient(
    _ catalog: FakeCatalog, clock: any RouterClock, health: any HealthStore = InMemoryHealthStore(),
    logger: Logger = Logger(label: "airoute", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (OpenAIClient, FakeProviderServer) async throws -> Void
) async throws {
    try await FakeProviderServer.withServer { server in
        let client = OpenAIClient(
            configuration: catalog.configuration(server), health: health, clock: clock, logger: logger)
        do {
            try await body(client, server)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}

extension OpenAIClient {
    /// The health record of the member whose model id is `model`.
    func memberHealth(_ model: String) -> MemberHealth {
        let configuration = router.configuration
        guard let m = configuration.models[model], let p = configuration.providers[m.provider] else {
            return MemberHealth()
        }
        return router.health.health(
            of: RouteMember.healthID(model: m, provider: p, fingerprinter: router.health.fingerprinter))
    }

    /// A one-message, non-streaming chat on pool `pool`.
    func ask(_ text: String = "Hi", pool: String = "pool") async throws(RouteError) -> CompletionResponse {
        try await chat.completions.create(model: pool, messages: [.user(text)])
    }
}

/// Process figures read from /proc (Linux): resident memory, open descriptors, sockets to a port.
enum ProcessMetrics {
    /// Resident set size in bytes (`/proc/self/statm`, second field × page size).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Open file descriptors (`/proc/self/fd` entries).
    static func openDescriptors() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
    }

    /// TCP sockets of this machine with `port` at either end, in any state but TIME_WAIT (kernel-only)
    /// and LISTEN: the connections a client or server still holds open.
    static func openSockets(port: Int) -> Int {
        var count = 0
        for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: " ", omittingEmptySubsequences: true)
                guard f.count > 3 else { continue }
                let state = f[3]
                guard state != "06", state != "0A" else { continue }
                let ports = [f[1], f[2]].compactMap { $0.split(separator: ":").last.flatMap { Int($0, radix: 16) } }
                if ports.contains(port) { count += 1 }
            }
        }
        return count
    }

    /// Runs `body` while sampling the resident size every 5 ms; returns the peak growth over the
    /// size before `body` started, in bytes.
    static func peakGrowth(_ body: () async throws -> Void) async rethrows -> Int {
        final class Sampling: Sendable {
            let peak = Atomic<Int>(0)
            let done = Atomic<Bool>(false)
        }
        let baseline = residentBytes()
        let sampling = Sampling()
        sampling.peak.store(baseline, ordering: .relaxed)
        let sampler = Task.detached {
            while !sampling.done.load(ordering: .relaxed) {
                _ = sampling.peak.max(residentBytes(), ordering: .relaxed)
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        defer { sampling.done.store(true, ordering: .relaxed) }
        try await body()
        sampling.done.store(true, ordering: .relaxed)
        await sampler.value
        _ = sampling.peak.max(residentBytes(), ordering: .relaxed)
        return sampling.peak.load(ordering: .relaxed) - baseline
    }
}

/// A swift-log handler that keeps every record in memory (for secret sweeps), at trace level.
struct MemoryLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: String { lines.withLock { $0.joined(separator: "\n") } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let error = event.error.map { " error: \($0)" } ?? ""
        store.lines.withLock { $0.append("\(event.level) \(event.message) \(merged) \(event.source)\(error)") }
    }

    static func logger(_ store: Store) -> Logger {
        var logger = Logger(label: "airoute.test") { _ in MemoryLogHandler(store: store) }
        logger.logLevel = .trace
        return logger
    }
}

/// Where the repository's files are, from this file's path.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

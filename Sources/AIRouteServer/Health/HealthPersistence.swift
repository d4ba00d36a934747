import AIRoute
import ServiceLifecycle

/// Keeps the gateway's in-memory health and the health file in step (docs/server.md, "Health"):
/// the store is seeded from the file at start, and written back every `interval` and once more
/// at shutdown, after the requests have drained.
struct HealthPersistence: Service {
    let file: FileHealthStore
    let memory: InMemoryHealthStore
    let interval: Duration

    /// An in-memory store seeded from `file`, under the file's fingerprint secret so ids agree.
    static func seededStore(from file: FileHealthStore) -> InMemoryHealthStore {
        InMemoryHealthStore(file.snapshot(), fingerprinter: file.fingerprinter)
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                save()
            }
        }
        save()
    }

    /// Writes what changed since the file was read (or last written) into the file.
    func save() {
        let current = memory.snapshot()
        let stored = file.snapshot()
        let changed = current.filter { stored[$0.key] != $0.value }
        file.merge(changed)
    }
}
